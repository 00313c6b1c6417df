"""The portrait PDF, read back as text: territory, date, filters, figures equal to pandas, pages."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from pypdf import PdfReader

from observatoire import export, levels, portrait_pdf, territories
from observatoire.formatting import fmt_int
from tests.conftest import ROOT

MADE = dt.datetime(2026, 11, 29, 10, 30)


@pytest.fixture(scope="module")
def demo():
    acteurs = pd.read_csv(ROOT / "data" / "acteurs.csv", dtype=str)
    projets = pd.read_csv(ROOT / "data" / "projets.csv", dtype=str)
    return acteurs, projets


@pytest.fixture(scope="module")
def layers():
    communes = territories.load_layer("communes")
    refs = {lvl: pd.DataFrame(territories.load_layer(lvl).drop(columns="geometry"))
            for lvl in levels.TERRITORIAL}
    return communes, refs


def pdf_of(level, code, demo, layers, filters="Secteurs : Santé"):
    from observatoire import dataset, storage

    data = dataset.load(storage.DataLocation(ROOT / "data", "demo", "démonstration"))
    acteurs = data.acteurs[data.acteurs["secteur"] == "sante"] if filters else data.acteurs
    projets = data.projets[data.projets["secteur"] == "sante"] if filters else data.projets
    prov = export.provenance(filters or "aucun filtre", "démonstration", "2026-11-01",
                             "COG 2026", export_date=MADE)
    communes, refs = layers
    pdf = portrait_pdf.portrait_bytes(
        communes=communes, acteurs=acteurs, projets=projets, level=level, code=code,
        territories=refs, level_label=levels.get(level).singular, provenance=prov, made=MADE,
    )
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(p.extract_text() for p in reader.pages)


def test_the_pdf_names_the_territory_the_date_and_the_filters(demo, layers):
    reader, text = pdf_of("departements", "38", demo, layers)
    assert pdf_bytes_are_pdf(reader)
    assert "Portrait de territoire : Isère (38)" in text
    assert "29/11/2026 à 10:30" in text
    assert "Filtres appliqués : Secteurs : Santé" in text
    assert reader.metadata.title == "Portrait de territoire : Isère (38)"


def pdf_bytes_are_pdf(reader) -> bool:
    return len(reader.pages) >= 1


def test_key_figures_equal_an_independent_pandas_count(demo, layers):
    acteurs, projets = demo
    communes = pd.read_parquet(ROOT / "geo" / "communes.parquet",
                               columns=["code", "code_departement"])
    a = acteurs[acteurs["secteur"] == "sante"].merge(
        communes, left_on="code_commune", right_on="code", how="left")
    p = projets[projets["secteur"] == "sante"].merge(
        communes, left_on="code_commune", right_on="code", how="left")
    _, text = pdf_of("departements", "38", demo, layers)
    lines = text.splitlines()
    i = lines.index("Nombre d'acteurs")
    assert lines[i + 1] == fmt_int((a["code_departement"] == "38").sum())
    assert lines[i + 2] == fmt_int(len(a))  # the region
    j = lines.index("Nombre de projets")
    assert lines[j + 1] == fmt_int((p["code_departement"] == "38").sum())
    # the sector of the filter is the only one, with all of the territory's actors
    k = lines.index("Santé")
    assert lines[k + 1] == fmt_int((a["code_departement"] == "38").sum())


def test_every_page_is_numbered_out_of_the_total(demo, layers):
    reader, _ = pdf_of("communes", "38185", demo, layers, filters=None)
    total = len(reader.pages)
    assert total >= 2
    for n, page in enumerate(reader.pages, start=1):
        assert f"Page {n} sur {total}" in page.extract_text()


def test_a_commune_portrait_has_its_map_image_and_its_sources(demo, layers):
    reader, text = pdf_of("communes", "38185", demo, layers, filters=None)
    assert "Grenoble (38185)" in text
    images = [img for page in reader.pages for img in page.images]
    assert images, "la carte statique manque"
    assert "Sources et provenance" in text and "COG 2026" in text


def test_no_heading_ends_a_page(demo, layers):
    headings = ("Chiffres clés comparés", "Secteurs : part dans le territoire et dans la région",
                "Carte", "Sources et provenance")
    reader, _ = pdf_of("communes", "38185", demo, layers, filters=None)
    for page in reader.pages:
        lines = [l for l in page.extract_text().splitlines() if l.strip()]
        assert lines[-1] not in headings


def test_the_families_of_the_territory_are_in_the_pdf_with_independent_counts(demo, layers):
    from observatoire import schema

    acteurs, _ = demo
    communes = pd.read_parquet(ROOT / "geo" / "communes.parquet",
                               columns=["code", "code_departement"])
    a = acteurs.merge(communes, left_on="code_commune", right_on="code", how="left")
    mine = a[a["code_departement"] == "38"]
    family = mine["forme_juridique"].map(schema.FAMILLE_DE_FORME).fillna(schema.HORS_FAMILLES)
    _, text = pdf_of("departements", "38", demo, layers, filters=None)
    assert "Familles de l'ESS : part dans le territoire et dans la région" in text
    lines = text.splitlines()
    i = lines.index(schema.FAMILLES["associations"])
    assert lines[i + 1] == fmt_int((family == "associations").sum())
