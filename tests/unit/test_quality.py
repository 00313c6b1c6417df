"""Data-quality figures of the Données et méthode page."""

import pandas as pd
import pytest

from observatoire import quality
from observatoire.schema import DEMO_SOURCE

ACTEURS = pd.DataFrame({
    "id": ["a1", "a2", "a3", "a4"],
    "code_commune": ["38185", None, "  ", "99999"],
    "latitude": [45.1, None, None, 45.0],
    "longitude": [5.7, None, None, 5.0],
    "source": [DEMO_SOURCE, DEMO_SOURCE, "https://exemple.fr", None],
})
PROJETS = pd.DataFrame({
    "id": ["p1", "p2", "p3"],
    "porteur_id": ["a1", "zz", None],
    "code_commune": ["38185", "38185", "01001"],
    "source": [DEMO_SOURCE, "rapport", DEMO_SOURCE],
})
COMMUNES = ["38185", "01001"]


@pytest.mark.parametrize(
    ("kind", "check", "expected"),
    [
        ("acteurs", "lignes", 4),
        ("acteurs", "demonstration", 2),
        ("acteurs", "reelles", 2),
        ("acteurs", "sans_commune", 2),
        ("acteurs", "commune_inconnue", 1),
        ("acteurs", "sans_coordonnees", 2),
        ("projets", "lignes", 3),
        ("projets", "demonstration", 2),
        ("projets", "reelles", 1),
        ("projets", "sans_commune", 0),
        ("projets", "commune_inconnue", 0),
        ("projets", "porteur_vide", 1),
        ("projets", "porteur_absent", 1),
    ],
)
def test_quality_figures_count_each_problem(kind, check, expected):
    assert quality.quality_figures(ACTEURS, PROJETS, COMMUNES)[kind][check] == expected


def test_quality_table_leaves_checks_that_do_not_apply_empty():
    table = quality.quality_table(quality.quality_figures(ACTEURS, PROJETS, COMMUNES))
    assert table["Contrôle"].tolist() == list(quality.CHECKS.values())
    by_check = table.set_index("Contrôle")
    assert pd.isna(by_check.loc[quality.CHECKS["porteur_absent"], "Acteurs"])
    assert pd.isna(by_check.loc[quality.CHECKS["sans_coordonnees"], "Projets"])
    assert by_check.loc[quality.CHECKS["lignes"], "Acteurs"] == 4


def test_quality_figures_on_the_real_files_match_pandas(root):
    acteurs = pd.read_csv(root / "data" / "acteurs.csv", dtype=str, keep_default_na=False,
                          na_values=[""])
    projets = pd.read_csv(root / "data" / "projets.csv", dtype=str, keep_default_na=False,
                          na_values=[""])
    communes = pd.read_parquet(root / "geo" / "communes.parquet", columns=["code"])["code"]
    got = quality.quality_figures(acteurs, projets, communes)
    for kind, frame in (("acteurs", acteurs), ("projets", projets)):
        located = frame["code_commune"].notna()
        assert got[kind]["lignes"] == len(frame)
        assert got[kind]["demonstration"] == int((frame["source"] == DEMO_SOURCE).sum())
        assert got[kind]["demonstration"] + got[kind]["reelles"] == len(frame)
        assert got[kind]["sans_commune"] == int((~located).sum())
        assert got[kind]["commune_inconnue"] == int(
            (located & ~frame["code_commune"].isin(set(communes))).sum()
        )
    assert got["projets"]["porteur_absent"] == int(
        (projets["porteur_id"].notna() & ~projets["porteur_id"].isin(set(acteurs["id"]))).sum()
    )
