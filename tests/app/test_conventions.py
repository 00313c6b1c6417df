"""Conventions: every page is registered, and pages stay thin (the logic lives in observatoire/)."""

import re

import pytest

from tests.conftest import ROOT

PAGE_FILES = sorted(p for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")
FORBIDDEN = ("groupby", ".merge(", "folium.", "import pandas", "unsafe_allow_html")


def test_there_are_pages():
    assert PAGE_FILES


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_every_page_file_is_registered_in_the_dashboard(page):
    dashboard = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    assert re.search(rf"""st\.Page\(\s*["']pages/{re.escape(page.name)}["']""", dashboard)


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("word", FORBIDDEN)
def test_pages_hold_no_data_logic(page, word):
    assert word not in page.read_text(encoding="utf-8"), f"{page.name} contient « {word} »"
