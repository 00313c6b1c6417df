"""The dashboard in a real browser, offline: deep links, a click that filters, downloads."""

from __future__ import annotations

import pandas as pd

from observatoire import dataset, export
from observatoire.filters import Filters, apply_actors
from observatoire.schema import DEPARTEMENTS
from tests.browser.conftest import map_frame, wait_until_idle


def wait_for_query(page, key: str, timeout_ms: float = 30_000) -> str:
    """The value of a query parameter once the page has put it in its address."""
    page.wait_for_function(
        "key => new URLSearchParams(location.search).has(key)", arg=key, timeout=timeout_ms
    )
    return page.evaluate("key => new URLSearchParams(location.search).get(key)", key)


def test_a_deep_link_on_a_fresh_server_keeps_the_shared_filters(server, page, blocked_requests):
    # first request of this server: Streamlit's legacy pages/ mode must not bypass dashboard.py
    page.goto(f"{server.url}/carte?departement=38")
    frame = map_frame(page)
    assert page.get_by_role("heading", name="Filtres").is_visible()
    assert page.get_by_text("Isère (38)").first.is_visible()
    assert frame.locator("path.leaflet-interactive").count() >= 1
    assert blocked_requests == []


def test_clicking_a_territory_selects_it_as_the_filter(server, page, blocked_requests):
    page.goto(f"{server.url}/carte")
    frame = map_frame(page)
    shapes = frame.locator("path.leaflet-interactive")
    # the 13 territories are drawn first, the actor clusters after them
    assert shapes.count() >= 13
    target = shapes.nth(5)
    # events go to the shape itself: clusters drawn on top must not catch them
    target.dispatch_event("mouseover")
    name = frame.locator(".leaflet-tooltip").first.inner_text()
    target.dispatch_event("click")
    code = wait_for_query(page, "departement")
    assert code in DEPARTEMENTS
    assert DEPARTEMENTS[code] in name
    # the sidebar now shows the chosen territory, and the map was redrawn, zoomed on it
    assert page.get_by_text(f"{DEPARTEMENTS[code]} ({code})").first.is_visible()
    assert map_frame(page).locator("path.leaflet-interactive").count() >= 13
    assert blocked_requests == []


def test_the_csv_download_holds_exactly_the_filtered_rows(server, page):
    page.goto(f"{server.url}/acteurs?departement=15&secteur=emploi-insertion")
    button = page.get_by_role("button", name="Télécharger (CSV)")
    button.wait_for()
    wait_until_idle(page)
    with page.expect_download() as info:
        button.click()
    frame, provenance = export.read_export_csv(open(info.value.path(), "rb").read())
    data = dataset.load()
    expected = apply_actors(
        data.acteurs, Filters(departements=("15",), secteurs=("emploi-insertion",))
    )
    assert len(frame) == len(expected) > 0
    assert sorted(frame["id"]) == sorted(expected["id"])
    assert "Cantal" in provenance["Filtres"]
    assert set(frame["code_commune"].str.len()) == {5}


def test_the_xlsx_download_opens_with_the_same_rows(server, page):
    page.goto(f"{server.url}/acteurs?departement=69M")
    button = page.get_by_role("button", name="Télécharger (Excel)")
    button.wait_for()
    wait_until_idle(page)
    with page.expect_download() as info:
        button.click()
    sheet = pd.read_excel(info.value.path(), sheet_name="Données", dtype=str)
    expected = apply_actors(dataset.load().acteurs, Filters(departements=("69M",)))
    assert sorted(sheet["id"]) == sorted(expected["id"])
