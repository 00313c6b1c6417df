"""« Données et méthode » documents issue 10's methods: families, evolution, rates, zones blanches."""

from __future__ import annotations

import re


from tests.app.helpers import open_page


def test_the_methods_page_states_thresholds_and_the_smoothing_formula():
    at = open_page("pages/donnees_methode.py")
    text = re.sub(r"[ \n]+", " ", "\n".join(m.value for m in at.markdown))
    for expected in ("hors familles de l'ESS", "moins de 2\u202f000 habitants",
                     "A = max(s² − m / n̄, 0)", "20 km par défaut", "partie AURA seulement"):
        assert expected in text, expected
