"""A link holds the exact view: each page's choices are read from the address and written to it."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from observatoire import formatting
from tests.conftest import ROOT


def open_view(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_map_link_sets_level_indicator_classes_and_toggles():
    at = open_view("pages/carte.py", niveau="epci", indicateur="emplois", classes="jenks",
                   points="non", fond="oui")
    assert at.radio(key="carte-niveau").value == "epci"
    assert at.selectbox(key="carte-indicateur").value == "emplois"
    assert at.selectbox(key="carte-methode").value == "jenks"
    assert at.toggle(key="carte-points").value is False
    assert at.toggle(key="carte-fond").value is True


def test_a_map_choice_is_written_to_the_address():
    at = open_view("pages/carte.py")
    at.radio(key="carte-niveau").set_value("communes").run()
    at.toggle(key="carte-points").set_value(False).run()
    assert at.query_params["niveau"] == "communes"
    assert at.query_params["points"] == "non"
    assert "indicateur" not in at.query_params  # the default stays out of the address


def test_a_refused_map_value_is_said():
    at = open_view("pages/carte.py", classes="au-hasard")
    assert at.selectbox(key="carte-methode").value == "quantiles"
    assert any("au-hasard" in i.value and "classes" in i.value for i in at.info)


def test_a_portrait_link_opens_the_territory_and_counts_its_actors():
    acteurs = pd.read_csv(ROOT / "data" / "acteurs.csv", dtype=str)
    at = open_view("pages/portrait.py", niveau="communes", territoire="38185")
    assert at.radio(key="portrait-niveau").value == "communes"
    assert at.selectbox(key="portrait-territoire").value == "38185"
    expected = int((acteurs["code_commune"] == "38185").sum())
    assert next(m.value for m in at.metric if m.label == "Acteurs") == formatting.fmt_int(expected)
    at.selectbox(key="portrait-territoire").set_value("63113").run()
    assert at.query_params["territoire"] == "63113"


def test_an_unknown_portrait_territory_is_said():
    at = open_view("pages/portrait.py", niveau="departements", territoire="99")
    assert any("« 99 »" in i.value and "territoire" in i.value for i in at.info)


def test_the_overview_indicator_comes_from_the_link():
    at = open_view("pages/vue_ensemble.py", indicateur="taux_acteurs")
    assert at.radio(key="vue-indicateur").value == "taux_acteurs"


def test_a_search_link_filters_the_list():
    acteurs = pd.read_csv(ROOT / "data" / "acteurs.csv", dtype=str)
    at = open_view("pages/acteurs.py", recherche="epicerie")
    assert at.text_input(key="acteurs-recherche").value == "epicerie"
    names = acteurs["nom"].str.lower().str.replace("é", "e")
    n = int(names.str.contains("epicerie", regex=False).sum())
    text = " ".join(m.value for m in at.markdown)
    assert formatting.count_sentence(n, len(acteurs), "acteur") in text
