"""ESS families: derived from the legal form, filtered from a link, counted apart when outside."""

from __future__ import annotations

import pandas as pd
import pytest

from observatoire import dataset, indicators, schema
from observatoire.filters import Filters, apply_actors, apply_projects, describe
from tests.conftest import ROOT

# Written out here, apart from schema.FAMILLE_DE_FORME
EXPECTED_FAMILY = {"association": "associations", "scop": "cooperatives", "scic": "cooperatives",
                   "cae": "cooperatives", "cooperative": "cooperatives", "mutuelle": "mutuelles",
                   "fondation": "fondations", "societe-esus": "societes-ess"}


@pytest.fixture(scope="module")
def raw_actors() -> pd.DataFrame:
    frame = pd.read_csv(ROOT / "data" / "acteurs.csv", dtype=str, keep_default_na=False,
                        na_values=[""])
    frame["famille_attendue"] = frame["forme_juridique"].map(EXPECTED_FAMILY).fillna(
        "hors-familles")
    return frame


@pytest.fixture(scope="module")
def shown() -> dataset.Dataset:
    return dataset.load()


def test_the_family_column_follows_the_legal_form_of_every_committed_actor(raw_actors, shown):
    mine = shown.acteurs.set_index("id")["famille"]
    assert mine.reindex(raw_actors["id"]).tolist() == raw_actors["famille_attendue"].tolist()


def test_the_family_mix_counts_what_pandas_counts_hors_familles_said_not_hidden(raw_actors, shown):
    mix = indicators.family_mix(shown.acteurs).set_index("famille")
    expected = raw_actors["famille_attendue"].value_counts()
    assert list(mix.index) == [*schema.FAMILLES, "hors-familles"]
    assert mix.loc["hors-familles", "libelle"] == "Hors familles de l'ESS"
    for code in mix.index:
        assert int(mix.loc[code, "nombre"]) == int(expected.get(code, 0))
    assert int(mix["nombre"].sum()) == len(raw_actors)
    assert float(mix["part"].sum()) == pytest.approx(1.0)


@pytest.mark.parametrize("families", [("cooperatives",), ("associations", "mutuelles"),
                                      ("societes-ess", "hors-familles")])
def test_the_family_filter_keeps_the_actors_of_the_families(raw_actors, shown, families):
    kept = apply_actors(shown.acteurs, Filters(familles=families))
    expected = raw_actors.loc[raw_actors["famille_attendue"].isin(families), "id"]
    assert sorted(kept["id"]) == sorted(expected)


def test_an_actor_without_a_legal_form_is_hors_familles():
    frame = pd.DataFrame({"id": ["a", "b", "c"], "forme_juridique": ["scop", None, "public"]})
    kept = apply_actors(frame, Filters(familles=("hors-familles",)))
    assert kept["id"].tolist() == ["b", "c"]


def test_the_family_filter_applies_to_projects_through_their_carrier(shown):
    projets = apply_projects(shown.projets, Filters(familles=("cooperatives",)), shown.acteurs)
    carriers = shown.acteurs.set_index("id")["forme_juridique"]
    forms = projets["porteur_id"].map(carriers)
    assert len(projets) > 0
    assert forms.isin(["scop", "scic", "cae", "cooperative"]).all()


def test_the_family_filter_round_trips_through_the_link_as_famille():
    f = Filters(familles=("associations", "cooperatives", "mutuelles", "fondations",
                          "societes-ess"))
    params = f.to_query_params()
    assert params == {"famille": "associations,cooperatives,mutuelles,fondations,societes-ess"}
    back, notices = Filters.from_query_params(params)
    assert back == f and notices == []


def test_an_unknown_family_in_a_link_is_dropped_with_a_french_notice():
    f, notices = Filters.from_query_params({"famille": "Associations,banques"})
    assert f.familles == ("associations",)
    assert notices == ["Famille inconnue ignorée : banques"]
    assert describe(f) == "Famille de l'ESS : Associations"
