"""The registry of view parameters: what a link may hold for each page, and how it is read."""

import re

import pytest

from observatoire import filters, views
from tests.conftest import ROOT


def test_every_view_page_is_a_page_of_the_dashboard():
    text = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    stems = set(re.findall(r'st\.Page\(\s*"pages/([\w-]+)\.py"', text))
    for p in views.VIEW_PARAMS:
        assert p.page == "" or p.page in stems


def test_view_parameters_never_take_a_filter_name_nor_each_others():
    for page in {p.page for p in views.VIEW_PARAMS}:
        names = [p.name for p in views.of_page(page)]
        assert len(names) == len(set(names))
        assert not set(names) & set(filters.QUERY_KEYS)
    keys = [p.key for p in views.VIEW_PARAMS]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("params", "values"),
    [
        ({"niveau": "epci", "indicateur": "emplois", "classes": "jenks"},
         {"carte-niveau": "epci", "carte-indicateur": "emplois", "carte-methode": "jenks"}),
        ({"points": "non", "fond": "oui"}, {"carte-points": False, "carte-fond": True}),
        ({"points": "OUI"}, {"carte-points": True}),
        ({}, {}),
    ],
)
def test_a_link_gives_the_map_widgets_their_values(params, values):
    assert views.parse("carte", params) == (values, [])


def test_a_refused_value_is_said_in_french_and_left_out():
    values, notices = views.parse("carte", {"niveau": "cantons", "indicateur": "emplois"})
    assert values == {"carte-indicateur": "emplois"}
    assert notices == [
        "Valeur « cantons » du lien non reconnue pour le niveau de la carte : "
        "la valeur par défaut est affichée."
    ]


def test_defaults_stay_out_of_the_address_and_choices_round_trip():
    defaults = {p.key: p.default_value() for p in views.of_page("carte")}
    assert views.to_params("carte", defaults) == {}
    chosen = {**defaults, "carte-niveau": "communes", "carte-points": False}
    params = views.to_params("carte", chosen)
    assert params == {"niveau": "communes", "points": "non"}
    assert views.parse("carte", params)[0] == {"carte-niveau": "communes", "carte-points": False}


def test_the_portrait_territory_and_the_search_text_are_kept_as_written():
    assert views.to_params("portrait", {"portrait-niveau": "epci",
                                        "portrait-territoire": "200046977"}) == {
        "niveau": "epci", "territoire": "200046977"}
    assert views.parse("acteurs", {"recherche": "épicerie solidaire"})[0] == {
        "acteurs-recherche": "épicerie solidaire"}
    assert views.to_params("acteurs", {"acteurs-recherche": ""}) == {}


@pytest.mark.parametrize(("page", "name", "raw", "expected"), [
    ("evolution", "depuis", "2010", 2010), ("evolution", "depuis", "1700", None),
    ("evolution", "depuis", "abc", None), ("evolution", "depuis", "２０１０", None),
    ("evolution", "depuis", "2010 ", 2010), ("carte", "annee", "2015", 2015),
    ("carte", "annee", "3000", None), ("carte", "seuil", "35", 35), ("carte", "seuil", "4", None),
    ("carte", "structures", "ptce,incubateur", ["ptce", "incubateur"]),
    ("carte", "structures", "ptce,banque", None), ("carte", "zones", "oui", True),
    ("comparer", "territoires", "departements:38,epci:200040715",
     ["departements:38", "epci:200040715"]),
])
def test_years_thresholds_and_lists_are_read_from_a_link_or_refused(page, name, raw, expected):
    param = next(p for p in views.of_page(page) if p.name == name)
    assert param.parse(raw) == expected


def test_moving_defaults_are_those_of_today_and_stay_out_of_the_address():
    from observatoire import coverage, evolution, schema

    carte = {p.name: p for p in views.of_page("carte")}
    assert carte["annee"].default_value() == schema.current_year()
    assert carte["annee"].write(schema.current_year()) is None
    assert carte["annee"].write(2010) == "2010"
    assert carte["structures"].write(list(coverage.SUPPORT_TYPES)) is None
    assert carte["structures"].write(["ptce"]) == "ptce"
    depuis = next(p for p in views.of_page("evolution") if p.name == "depuis")
    assert depuis.write(evolution.DEFAULT_FIRST_YEAR) is None and depuis.write(1990) == "1990"
