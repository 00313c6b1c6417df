"""Évolution: the yearly series against pandas on the committed data and on hand-checked rows."""

from __future__ import annotations

import pandas as pd
import pytest

from observatoire import dataset, evolution, schema
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    return {kind: pd.read_csv(ROOT / "data" / f"{kind}.csv", dtype=str, keep_default_na=False,
                              na_values=[""]) for kind in ("acteurs", "projets")}


def test_every_year_matches_a_plain_pandas_count_on_the_committed_files(raw):
    shown = dataset.load()
    table = evolution.yearly(shown.acteurs, shown.projets, 2000).set_index("annee")
    created = pd.to_numeric(raw["acteurs"]["annee_creation"], errors="coerce")
    jobs = pd.to_numeric(raw["acteurs"]["emplois"], errors="coerce").fillna(0)
    started = pd.to_numeric(raw["projets"]["annee_debut"], errors="coerce")
    assert list(table.index) == list(range(2000, schema.current_year() + 1))
    for year in table.index:
        assert table.loc[year, "stock"] == int((created <= year).sum())
        assert table.loc[year, "creations"] == int((created == year).sum())
        assert table.loc[year, "projets"] == int((started == year).sum())
        assert table.loc[year, "emplois"] == round(float(jobs[created <= year].sum()))
    assert evolution.undated(shown.acteurs) == int(created.isna().sum())


def test_a_closed_actor_leaves_the_stock_after_its_closure_year_and_undated_ones_are_apart():
    acteurs = pd.DataFrame({
        "annee_creation": [2001, 2002, None, 2003],
        "annee_fermeture": [None, 2004, None, None],
        "emplois": [1, 10, 100, 1000],
    })
    table = evolution.yearly(acteurs, None, 2000, 2005).set_index("annee")
    assert table["stock"].tolist() == [0, 1, 2, 3, 2, 2]
    assert table["creations"].tolist() == [0, 1, 1, 1, 0, 0]
    assert table["emplois"].tolist() == [0, 1, 11, 1011, 1001, 1001]
    assert table["projets"].tolist() == [0] * 6
    assert evolution.undated(acteurs) == 1


def test_the_index_is_100_on_the_first_year_and_undefined_from_zero():
    assert evolution.index_base_100(pd.Series([4, 6, 8])).tolist() == [100, 150, 200]
    assert evolution.index_base_100(pd.Series([0, 6])).isna().all()


def test_the_twin_table_has_one_row_per_year_territory_then_region():
    a = pd.DataFrame({"annee_creation": [2001], "emplois": [3]})
    b = pd.DataFrame({"annee_creation": [2000, 2001], "emplois": [1, 3]})
    twin = evolution.side_by_side(evolution.yearly(a, None, 2000, 2002),
                                  evolution.yearly(b, None, 2000, 2002))
    assert twin["Année"].tolist() == ["2000", "2001", "2002"]
    assert twin["Acteurs en activité au 31 décembre – territoire"].tolist() == [0, 1, 1]
    assert twin["Acteurs en activité au 31 décembre – région"].tolist() == [1, 2, 2]


def test_the_situation_of_a_past_year_leaves_out_later_closed_and_undated_actors():
    acteurs = pd.DataFrame({"id": list("abcd"), "annee_creation": [2001, 2010, None, 2003],
                            "annee_fermeture": [None, None, None, 2004]})
    projets = pd.DataFrame({"id": ["p", "q", "r"], "annee_debut": [2002, 2012, None]})
    a, p, undated = evolution.at_year(acteurs, projets, 2005, last=2026)
    assert a["id"].tolist() == ["a"] and p["id"].tolist() == ["p"] and undated == 1
    a, p, undated = evolution.at_year(acteurs, projets, 2003, last=2026)
    assert a["id"].tolist() == ["a", "d"]
    a, p, undated = evolution.at_year(acteurs, projets, 2026, last=2026)
    assert a["id"].tolist() == ["a", "b", "c"] and p["id"].tolist() == ["p", "q", "r"]
    assert undated == 0
