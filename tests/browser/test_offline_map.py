"""The home map draws the 13 territories with every non-local request blocked."""

from tests.browser.conftest import map_frame


def test_home_map_draws_the_thirteen_territories_offline(server, page, blocked_requests, root):
    page.goto(server.url)
    frame = map_frame(page)
    # one interactive path per territory (a MultiPolygon is still one path)
    assert frame.locator("path.leaflet-interactive").count() >= 13
    assert frame.evaluate("typeof L") == "object"
    assert blocked_requests == []
    shots = root / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "vue-ensemble.png"), full_page=True)
