"""Contract on the committed data/acteurs.csv, data/projets.csv and their real rows in data/reference/."""

from __future__ import annotations

import re

import geopandas
import pandas as pd
import pytest
import shapely

from observatoire.build import reference
from observatoire.schema import (
    ACTEURS_COLUMNS,
    COLUMNS,
    DEMO_SOURCE,
    DISPOSITIFS,
    FORMES_JURIDIQUES,
    NOMENCLATURES,
    PROJETS_COLUMNS,
    SECTEURS,
    STATUTS_PROJET,
    TYPES_ACTEUR,
)
from observatoire.validation import load_dataset, schema_problems

# (fragment of the name, expected code_commune; "" = non localisé), from acteurs_reels.md
NAMED_REAL_ACTORS = [
    ("Domb'Innov", "01427"),
    ("Val Horizon", "01427"),
    ("Groupe Archer", "26281"),
    ("Pôle Sud", "26281"),
    ("InnoVales", ""),
    ("1D CUBE", ""),
    ("FISO", ""),
    ("FIRA", ""),
    ("CRESS", ""),
    ("Aract", ""),
    ("URSCOP", ""),
    ("Alter'Incub", ""),
    ("Ronalpia", "69123"),
    ("France Active", ""),
    ("Amesud", "07199"),
    ("Biovallée", ""),
]
# Names of the communes the reference confirms (§ 5), to check code -> commune
REFERENCE_COMMUNES = {
    "01427": "Trévoux",
    "01053": "Bourg-en-Bresse",
    "26281": "Romans-sur-Isère",
    "26108": "Crest",
    "26113": "Die",
    "26064": "Chabeuil",
    "07199": "Rosières",
    "07019": "Aubenas",
    "69123": "Lyon",
    "69266": "Villeurbanne",
    "38278": "Notre-Dame-de-l'Osier",
    "63113": "Clermont-Ferrand",
}


@pytest.fixture(scope="module")
def acteurs(root):
    return load_dataset(root / "data" / "acteurs.csv", "acteurs")


@pytest.fixture(scope="module")
def projets(root):
    return load_dataset(root / "data" / "projets.csv", "projets")


@pytest.fixture(scope="module")
def communes(root):
    return geopandas.read_parquet(root / "geo" / "communes.parquet").set_index("code")


@pytest.fixture(scope="module")
def real():
    """The reference files of data/reference/, canonical and provenance columns."""
    return {kind: reference.read(kind) for kind in ("acteurs", "projets")}


def _is_real(frame):
    return frame["id"].str.startswith("R-")


@pytest.mark.parametrize(("name", "columns"), [("acteurs", ACTEURS_COLUMNS), ("projets", PROJETS_COLUMNS)])
def test_files_have_exactly_the_schema_columns_in_utf8(root, name, columns):
    raw = (root / "data" / f"{name}.csv").read_bytes()
    header = raw.decode("utf-8").split("\n", 1)[0]
    assert header == ",".join(columns)
    assert b"\r\n" not in raw


@pytest.mark.parametrize("kind", ["acteurs", "projets"])
def test_files_pass_the_shared_pandera_schema(root, kind):
    frame = load_dataset(root / "data" / f"{kind}.csv", kind)
    assert schema_problems(frame, kind) == []


def test_ids_are_unique_and_either_generated_or_from_the_reference(acteurs, projets):
    for frame, letter in ((acteurs, "A"), (projets, "P")):
        assert frame["id"].is_unique
        generated = frame["id"].str.fullmatch(rf"{letter}\d{{5}}")
        real = frame["id"].str.fullmatch(r"R-(S\d\d[a-z]?|S-P\d\d|P\d\d)")
        assert (generated | real).all(), frame.loc[~(generated | real), "id"].tolist()


def test_sizes_are_about_2000_actors_and_800_projects(acteurs, projets):
    assert 2000 <= len(acteurs) <= 2100
    assert 800 <= len(projets) <= 850


@pytest.mark.parametrize(
    ("column", "nomenclature"),
    [("type_acteur", TYPES_ACTEUR), ("forme_juridique", FORMES_JURIDIQUES), ("secteur", SECTEURS)],
)
def test_actor_codes_belong_to_their_nomenclature(acteurs, column, nomenclature):
    values = acteurs[column].dropna()
    assert values.isin(list(nomenclature)).all()
    # only a real row may leave a code empty, when the reference does not give it
    assert acteurs.loc[~_is_real(acteurs), column].notna().all()


@pytest.mark.parametrize(("column", "nomenclature"), [("secteur", SECTEURS), ("statut", STATUTS_PROJET), ("dispositif", DISPOSITIFS)])
def test_project_codes_belong_to_their_nomenclature(projets, column, nomenclature):
    assert projets[column].dropna().isin(list(nomenclature)).all()


def test_actor_dispositifs_are_known_codes_joined_by_a_pipe(acteurs):
    for value in acteurs["dispositifs"].dropna():
        assert all(code in DISPOSITIFS for code in value.split("|")), value


def test_every_commune_code_is_a_current_commune_or_empty(acteurs, projets, communes):
    for frame in (acteurs, projets):
        codes = frame["code_commune"].dropna()
        assert codes.isin(communes.index).all(), sorted(set(codes) - set(communes.index))
    # only the real projects whose commune is unconfirmed are "non localisé"
    unlocated = projets.loc[projets["code_commune"].isna(), "id"].tolist()
    assert unlocated == reference.unlocated_project_ids()


def test_every_porteur_exists_and_invented_projects_have_invented_carriers(acteurs, projets):
    assert projets["porteur_id"].isin(acteurs["id"]).all()
    invented = projets[projets["source"] == DEMO_SOURCE]
    assert not invented["porteur_id"].str.startswith("R-").any()


def test_generated_rows_say_demonstration_and_real_rows_name_their_sources(acteurs, projets):
    for frame in (acteurs, projets):
        real = _is_real(frame)
        assert (frame.loc[~real, "source"] == DEMO_SOURCE).all()
        sources = frame.loc[real, "source"]
        assert sources.notna().all() and (sources != DEMO_SOURCE).all()
        assert sources.str.contains("acteurs_reels.md").all()
        assert sources.str.contains(r"https?://").all()


def test_no_row_has_an_invented_siret_or_website(acteurs):
    assert acteurs["siret"].isna().all()
    assert acteurs["site_web"].isna().all()


@pytest.mark.parametrize(("fragment", "code"), NAMED_REAL_ACTORS)
def test_named_real_structures_are_present_at_the_reference_commune(acteurs, fragment, code):
    rows = acteurs[acteurs["nom"].str.contains(fragment, regex=False) & _is_real(acteurs)]
    assert len(rows) >= 1, fragment
    assert (rows["code_commune"].fillna("") == code).all(), rows[["nom", "code_commune"]]


def test_every_reference_row_is_transcribed(acteurs, projets, real):
    actor_refs = set(real["acteurs"]["ligne_reference"])
    assert {f"S{i:02d}" for i in range(1, 16)} <= actor_refs
    assert acteurs.loc[_is_real(acteurs), "id"].tolist() == real["acteurs"]["id"].tolist()
    assert projets.loc[_is_real(projets), "id"].tolist() == real["projets"]["id"].tolist()
    assert real["projets"]["id"].tolist() == [f"R-P{i:02d}" for i in range(1, 20)]


def test_real_rows_sit_in_the_commune_the_reference_names(acteurs, projets, communes):
    for frame in (acteurs, projets):
        codes = frame.loc[_is_real(frame), "code_commune"].dropna()
        assert codes.isin(list(REFERENCE_COMMUNES)).all(), set(codes) - set(REFERENCE_COMMUNES)
        for code in codes.unique():
            assert communes.loc[code, "nom"] == REFERENCE_COMMUNES[code]


def test_uncertain_communes_of_the_reference_stay_empty(acteurs):
    # ⚠ in the reference: Okemed 42218, URSCOP at Vaulx-en-Velin, Biovallée at Eurre
    by_id = acteurs.set_index("id")["code_commune"]
    for actor_id in ("R-S-P12", "R-S09", "R-S10", "R-S14", "R-S04"):
        assert pd.isna(by_id[actor_id]), actor_id


def test_located_actors_lie_inside_their_commune_polygon(acteurs, communes):
    located = acteurs[acteurs["code_commune"].notna()]
    polygons = communes.geometry.loc[located["code_commune"]].to_numpy()
    inside = shapely.contains_xy(polygons, located["longitude"].to_numpy(float), located["latitude"].to_numpy(float))
    assert inside.all(), located.loc[~inside, "id"].tolist()


def test_unlocated_actors_have_no_coordinates(acteurs):
    unlocated = acteurs[acteurs["code_commune"].isna()]
    assert _is_real(unlocated).all()
    assert unlocated["latitude"].isna().all() and unlocated["longitude"].isna().all()


def test_real_actors_sit_on_the_representative_point_of_their_commune(acteurs, communes):
    real = acteurs[_is_real(acteurs) & acteurs["code_commune"].notna()]
    point = communes.loc[real["code_commune"], ["longitude", "latitude"]].to_numpy()
    assert (real[["longitude", "latitude"]].to_numpy(float) == point).all()


def test_generated_data_holds_no_markup_or_formula_text(acteurs, projets):
    text = pd.concat([acteurs["nom"], projets["titre"], projets["description"]])
    assert not text.str.contains(r"[<>]|^[=+@-]", regex=True).any()


def test_readme_documents_every_column_and_every_code(root):
    readme = (root / "data" / "README.md").read_text(encoding="utf-8")
    for column in {*ACTEURS_COLUMNS, *PROJETS_COLUMNS}:
        assert f"`{column}`" in readme, column
    for nomenclature in NOMENCLATURES.values():
        for code, label in nomenclature.items():
            assert re.search(rf"`{re.escape(code)}`\s*\|\s*{re.escape(label)}", readme), code
    assert "python -m observatoire demo" in readme
    assert "../docs/import.md" in readme


def test_sources_file_cites_every_real_row(root, real):
    sources = (root / "data" / "SOURCES.md").read_text(encoding="utf-8")
    for row_id in [*real["acteurs"]["id"], *real["projets"]["id"]]:
        assert row_id in sources, row_id


# --- data/reference/: the real rows, as data ---------------------------------------------------


@pytest.mark.parametrize("kind", ["acteurs", "projets"])
def test_reference_files_have_the_schema_columns_then_their_provenance_in_utf8(root, kind):
    raw = (reference.REFERENCE_DIR / reference.FILES[kind]).read_bytes()
    header = raw.decode("utf-8").split("\n", 1)[0]
    assert header == ",".join([*COLUMNS[kind], *reference.PROVENANCE_COLUMNS])
    assert b"\r\n" not in raw and not raw.startswith(b"\xef\xbb\xbf")
    assert reference.REFERENCE_DIR == root / "data" / "reference"


@pytest.mark.parametrize("kind", ["acteurs", "projets"])
def test_reference_files_pass_the_shared_pandera_schema(real, kind):
    assert schema_problems(real[kind][COLUMNS[kind]], kind) == []


@pytest.mark.parametrize("kind", ["acteurs", "projets"])
def test_each_reference_row_appears_identically_in_the_demo_file(root, real, kind):
    shipped = load_dataset(root / "data" / f"{kind}.csv", kind)
    shipped = shipped[_is_real(shipped)].reset_index(drop=True)
    pd.testing.assert_frame_equal(shipped, real[kind][COLUMNS[kind]])


@pytest.mark.parametrize("kind", ["acteurs", "projets"])
def test_reference_rows_are_real_and_their_source_is_built_from_their_provenance(real, kind):
    frame = real[kind]
    assert frame["id"].is_unique and _is_real(frame).all()
    assert frame["ligne_reference"].str.fullmatch(r"[SP]\d\d").all()
    # the id names the reference line: R-S03b <- S03, R-S-P04 <- P04, R-P01 <- P01
    line_in_id = frame["id"].str.extract(r"^R-(?:S-)?([SP]\d\d)[a-z]?$")[0]
    assert (line_in_id == frame["ligne_reference"]).all(), frame.loc[line_in_id != frame["ligne_reference"], "id"]
    for row in frame.to_dict("records"):
        addresses = [] if pd.isna(row["adresses"]) else row["adresses"].split("|")
        assert addresses and all(re.fullmatch(r"https?://\S+", a) for a in addresses), row["id"]
        assert row["source"] == reference.source_text(row), row["id"]
        assert row["source"].endswith(f"référence : acteurs_reels.md {row['ligne_reference']}")


@pytest.mark.parametrize("kind", ["acteurs", "projets"])
def test_reference_communes_are_current_communes_or_empty(real, communes, kind):
    codes = real[kind]["code_commune"].dropna()
    assert codes.isin(communes.index).all(), sorted(set(codes) - set(communes.index))


def test_located_reference_actors_sit_on_the_representative_point_of_their_commune(real, communes):
    located = real["acteurs"][real["acteurs"]["code_commune"].notna()]
    point = communes.loc[located["code_commune"], ["longitude", "latitude"]].to_numpy()
    assert (located[["longitude", "latitude"]].to_numpy(float) == point).all()
    unlocated = real["acteurs"][real["acteurs"]["code_commune"].isna()]
    assert unlocated[["longitude", "latitude"]].isna().all().all()


def test_readme_documents_the_reference_files_and_their_columns(root):
    readme = (root / "data" / "README.md").read_text(encoding="utf-8")
    for name in reference.FILES.values():
        assert f"reference/{name}" in readme, name
    for column in reference.PROVENANCE_COLUMNS:
        assert f"`{column}`" in readme, column


def test_sources_file_gives_each_reference_row_its_remark(root, real):
    """The choice written in SOURCES.md for a row is the row's `remarque`, word for word."""
    remarks = {}
    for line in (root / "data" / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| (R-[^ |]+) \|", line)
        if match:
            last = line.strip().strip("|").split(" | ")[-1].strip()
            remarks[match.group(1)] = "" if last == "—" else last
    for frame in real.values():
        for row_id, remark in zip(frame["id"], frame["remarque"].fillna("")):
            assert remarks.get(row_id) == remark, row_id
