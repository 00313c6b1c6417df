"""The table that gives French names to Streamlit's, the grid's and Leaflet's controls."""

import json
import re

import pytest

from observatoire import francisation

SAME_IN_FRENCH = {"Notifications", "Pagination"}

# the English names a French user met on every page before the table existed (issue 11)
MET_BEFORE = [
    "Collapse sidebar", "Main menu", "Open", "Link to heading", "Show/hide columns",
    "Download as CSV", "Search", "Fullscreen", "Copy to clipboard", "Zoom in", "Zoom out",
    "Select all", "Clear all", "file upload",
]


@pytest.mark.parametrize("english", MET_BEFORE)
def test_every_english_name_met_before_has_a_french_name(english):
    assert english in francisation.NAMES


@pytest.mark.parametrize("table", [francisation.NAMES, francisation.TEXTS], ids=["noms", "textes"])
def test_no_french_name_is_still_english(table):
    still_english = {en: fr for en, fr in table.items() if fr == en and en not in SAME_IN_FRENCH}
    assert still_english == {}
    assert all(fr.strip() for fr in table.values())


def test_the_size_limit_of_the_uploader_is_said_in_french():
    pattern, replacement = francisation.TEXT_PATTERNS[0]
    py_replacement = re.sub(r"\$(\d)", r"\\\1", replacement)
    said = re.sub(pattern, py_replacement, "Limit 200MB per file • CSV, XLSX, ZIP")
    assert said == "200 Mo maximum par fichier • CSV, XLSX, ZIP"


def test_the_script_sets_the_page_language_and_carries_the_whole_table():
    script = francisation.script()
    assert 'documentElement.lang = "fr"' in script
    table = json.loads(re.search(r"var T = (\{.*?\});\n", script, re.S).group(1))
    assert table["names"] == francisation.NAMES
    assert table["texts"] == francisation.TEXTS


def test_the_script_cannot_end_its_own_script_element():
    assert "</" not in francisation.script()
    assert francisation.html().count("</script>") == 1
