"""Hostile text in every field stays text on every page: no script runs, no dialog opens."""

from __future__ import annotations

import pytest

from tests.browser.conftest import StreamlitServer, map_frame
from tests.robustness.payloads import COMMUNE, PAYLOADS, write_hostile_data

PAGES = ["", "acteurs", "projets", "portrait", "donnees-methode"]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    data = write_hostile_data(tmp_path_factory.mktemp("hostile"))
    home = tmp_path_factory.mktemp("xdg")
    srv = StreamlitServer(env={"XDG_DATA_HOME": str(home), "OBSERVATOIRE_DATA_DIR": str(data)})
    yield srv
    srv.stop()


@pytest.fixture
def dialogs(page):
    opened: list[str] = []

    def record(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def assert_inert(page, dialogs) -> None:
    """No frame ran a payload and no dialog opened."""
    for frame in page.frames:
        try:
            pwned = frame.evaluate("() => typeof window.__pwned !== 'undefined'")
        except Exception:  # a frame detached while Streamlit reruns holds nothing to check
            continue
        assert not pwned, frame.url
    assert dialogs == []


@pytest.mark.parametrize("slug", PAGES)
def test_hostile_text_is_inert_on_every_page(hostile_server, page, dialogs, slug):
    page.goto(f"{hostile_server.url}/{slug}?commune={COMMUNE}")
    page.locator("h1").first.wait_for()
    page.wait_for_timeout(2500)
    assert page.locator('[data-testid="stException"]').count() == 0
    if slug == "acteurs":
        # tick the first row: the actor's full record opens below the table
        grid = page.locator('[data-testid="stDataFrame"]').first
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
        page.wait_for_timeout(2500)
        assert page.locator('[data-testid="stDataFrame"]').count() >= 2
    assert_inert(page, dialogs)


def test_map_tooltips_and_popups_show_hostile_text_as_text(hostile_server, page, dialogs):
    page.goto(f"{hostile_server.url}/carte?commune={COMMUNE}")
    map_frame(page)
    # the commune level zooms on Grenoble, where the hostile actors stand apart
    page.locator('[data-testid="stRadio"]').first.get_by_text("Communes", exact=True).click()
    page.wait_for_timeout(3000)
    frame = map_frame(page)
    markers = frame.locator("path.leaflet-interactive")
    shown = []
    for i in range(markers.count()):
        d = (markers.nth(i).get_attribute("d") or "").lower()
        if "a" not in d:
            continue  # no arc: a polygon, and a click on it would change the filters
        marker = markers.nth(i)
        marker.dispatch_event("mouseover")
        shown += frame.locator(".leaflet-tooltip").all_inner_texts()
        marker.dispatch_event("click")
        shown += frame.locator(".leaflet-popup-content").all_inner_texts()
        marker.dispatch_event("mouseout")
    text = "\n".join(dict.fromkeys(shown))
    assert len(set(shown)) >= len(PAYLOADS), text
    for payload in PAYLOADS:
        assert payload in text, payload
    assert_inert(page, dialogs)
