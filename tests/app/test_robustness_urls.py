"""Fuzzed query strings: every page still renders, with no exception, whatever the URL holds."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = [
    "pages/vue_ensemble.py", "pages/carte.py", "pages/acteurs.py", "pages/projets.py",
    "pages/portrait.py", "pages/donnees_methode.py",
]
LONG = "9" * 100_000
FUZZ = {
    "departement_inconnu": {"departement": "99"},
    "departement_minuscule": {"departement": "69m,2a,38"},
    "departement_enorme": {"departement": LONG},
    "dix_mille_virgules": {"departement": "," * 10_000, "commune": ",".join(["38185"] * 5000)},
    "commune_inconnue": {"commune": "00000,ABCDE,2A004"},
    "commune_script": {"commune": "<script>alert(1)</script>"},
    "epci_injection": {"epci": "' OR 1=1 --"},
    "epci_tres_long": {"epci": "2" * 9 * 2000},
    "secteur_unicode": {"secteur": "santé,🙂,\u202eevil,\u0000"},
    "secteur_nul": {"secteur": "\x00\x01\x02"},
    "type_html": {"type": '<img src=x onerror="window.__pwned=1">'},
    "forme_gabarit": {"forme": "{{7*7}},${7*7}"},
    "dispositif_markdown": {"dispositif": "[x](javascript:alert(1))"},
    "annee_negative": {"annee_min": "-5", "annee_max": "-1"},
    "annee_enorme": {"annee_min": "9" * 400},
    "annees_inversees": {"annee_min": "2020", "annee_max": "1990"},
    "annee_flottante": {"annee_min": "2001.5", "annee_max": "1e3"},
    "annee_texte": {"annee_min": "deux mille"},
    "cles_repetees": {"departement": ["38", "69M", "38", "99"]},
    "cles_inconnues": {"foo": "bar", "__proto__": "x", "constructor": "y"},
    "valeur_vide": {"departement": "", "commune": "", "secteur": ""},
    "espaces": {"departement": "  38  ,  15 "},
    "traversee": {"commune": "../../etc/passwd"},
    "crlf": {"departement": "38\r\nSet-Cookie: x=1"},
    "pourcent": {"secteur": "%00%3Cscript%3E"},
    "portrait_hostile": {"niveau": "<b>", "territoire": "x" * 5000},
    "tout_ensemble": {
        "departement": "38,99", "epci": "200040715,1", "commune": "38185,00000",
        "secteur": "sante,x", "type": "structure,y", "forme": "association,z",
        "dispositif": "?", "annee_min": "2000", "annee_max": "1800",
    },
    "mille_valeurs": {"secteur": ",".join(["sante"] * 3000)},
    "emoji": {"departement": "🗺️" * 1000},
    "unicode_normalise": {"commune": "３８１８５"},
}


@pytest.fixture(autouse=True)
def demo_data(monkeypatch, tmp_path):
    monkeypatch.delenv("OBSERVATOIRE_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    yield


def test_the_fuzz_table_has_thirty_cases():
    assert len(FUZZ) >= 30


@pytest.mark.parametrize("case", list(FUZZ))
def test_every_page_renders_whatever_the_query_string(case):
    params = FUZZ[case]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for page in PAGES:
        # the sidebar reads the URL once per session: forget it so each page re-reads the fuzz
        if "filtres_init" in at.session_state:
            del at.session_state["filtres_init"]
        at.query_params.clear()
        for key, value in params.items():
            at.query_params[key] = value
        if page != PAGES[0]:
            at.switch_page(page)
        at.run()
        assert not at.exception, (case, page, [e.value for e in at.exception])
        assert at.title, (case, page)
