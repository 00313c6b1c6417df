"""One filter state: the address is the source, widgets derive from it and write back to it,
and a value refused from a link is always said."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from observatoire import schema
from tests.app.helpers import open_page


def run(**params: str) -> AppTest:
    return open_page(timeout=60, **params)


def notices(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def test_an_old_year_from_a_link_is_kept_and_an_impossible_one_is_said():
    first, last = schema.filter_year_range()
    at = run(annee_min="1850", annee_max="2100")
    assert at.slider(key="f_annees").value == (1850, last)
    assert at.query_params["annee_min"] == "1850"
    assert "Année maximale invalide ignorée : 2100" in notices(at)


def test_every_year_the_data_may_hold_is_reachable_with_the_slider():
    at = run()
    slider = at.slider(key="f_annees")
    assert (slider.min, slider.max) == schema.filter_year_range()
    assert slider.min <= schema.FIRST_CREATION_YEAR


def test_a_widget_change_writes_the_address():
    at = run()
    at.multiselect(key="f_departements").select("38").run()
    assert at.query_params["departement"] == "38"
    at.multiselect(key="f_secteurs").select("sante").run()
    assert at.query_params["secteur"] == "sante"
    assert at.query_params["departement"] == "38"


def test_widgets_show_what_the_address_holds():
    at = run(departement="38,69M", secteur="sante", annee_min="2000")
    assert at.multiselect(key="f_departements").value == ["38", "69M"]
    assert at.multiselect(key="f_secteurs").value == ["sante"]
    assert at.slider(key="f_annees").value[0] == 2000
    assert notices(at) == []


def test_an_epci_of_another_departement_in_a_link_stays_selected():
    # CA Annemasse (Haute-Savoie) with the Ain chosen: kept, shown, not silently dropped
    at = run(departement="01", epci="200011773")
    assert at.multiselect(key="f_epci").value == ["200011773"]
    assert at.query_params["epci"] == "200011773"


def test_reset_empties_the_address_and_the_widgets():
    at = run(departement="38", secteur="sante")
    reset = next(b for b in at.button if b.label == "Réinitialiser les filtres")
    reset.click().run()
    assert "departement" not in at.query_params and "secteur" not in at.query_params
    assert at.multiselect(key="f_departements").value == []


def test_a_refused_value_is_said_on_every_run_while_the_link_holds_it():
    at = run(departement="99")
    assert "Département inconnu ignoré : 99" in notices(at)
    at.run()
    assert "Département inconnu ignoré : 99" in notices(at)


def test_the_filters_survive_a_page_switch():
    at = run(departement="26")
    at.switch_page("pages/acteurs.py")
    at.query_params.clear()  # what a browser page switch does to the query string
    at.run()
    assert not at.exception
    assert at.multiselect(key="f_departements").value == ["26"]
    assert at.query_params["departement"] == "26"
