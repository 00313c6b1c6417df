"""The light Carte: shapes fetched once from a served file, every located actor drawn, a click
that filters, and actors known only by their commune shown at its point, flagged approximate."""

from __future__ import annotations

import pandas as pd
import pytest

from observatoire import dataset
from observatoire.formatting import fmt_int
from tests.browser.conftest import StreamlitServer, choose_sector, map_frame


def points_drawn(frame, timeout_ms: int = 60_000) -> dict:
    """What the map's cluster holds once the points were built: {drawn, sent}."""
    frame.wait_for_function("() => window.observatoirePoints !== undefined", timeout=timeout_ms)
    return frame.evaluate("() => window.observatoirePoints")


def test_carte_fetches_its_shapes_once_and_a_click_filters(server, page, blocked_requests):
    geo = []
    page.on("request", lambda r: geo.append(r.url) if "/app/static/geo/" in r.url else None)
    page.goto(f"{server.url}/carte")
    frame = map_frame(page)
    # departements level: 13 shapes drawn from the served file
    assert frame.locator("path.leaflet-interactive").count() >= 13
    assert any(url.split("/")[-1].startswith("departements-") for url in geo), geo
    # every located actor of the demonstration is in the cluster
    located = dataset.load().acteurs.dropna(subset=["latitude", "longitude"])
    assert points_drawn(frame) == {"drawn": len(located), "sent": len(located)}
    # the tooltip of a shape shows its name and the indicator read from the value table
    shapes = frame.locator("path.leaflet-interactive")
    shape = next(shapes.nth(i) for i in range(shapes.count())
                 if "a" not in (shapes.nth(i).get_attribute("d") or "").lower())
    shape.dispatch_event("mouseover")
    tooltip = frame.locator(".leaflet-tooltip").first.inner_text()
    counts = dataset.load().acteurs.groupby("nom_departement").size()
    name = next(n for n in counts.index if f"\t{n}\n" in f"{tooltip}\n")
    assert f"Nombre d'acteurs\t{fmt_int(counts[name])}" in tooltip, tooltip
    # a click selects the territory: the address gets its code
    shape.dispatch_event("click")
    page.wait_for_url("**departement=*", timeout=30_000)
    assert blocked_requests == []


@pytest.fixture(scope="module")
def communes_only_server(tmp_path_factory):
    """Demonstration actors with their coordinates erased: only their commune codes remain."""
    from observatoire import ROOT

    folder = tmp_path_factory.mktemp("communes-seules")
    acteurs = pd.read_csv(ROOT / "data" / "acteurs.csv", dtype=str, keep_default_na=False)
    acteurs["latitude"] = ""
    acteurs["longitude"] = ""
    acteurs.to_csv(folder / "acteurs.csv", index=False)
    (folder / "projets.csv").write_bytes((ROOT / "data" / "projets.csv").read_bytes())
    home = tmp_path_factory.mktemp("xdg")
    srv = StreamlitServer(env={"XDG_DATA_HOME": str(home), "OBSERVATOIRE_DATA_DIR": str(folder)})
    yield srv, acteurs
    srv.stop()


def test_actors_known_by_their_commune_only_are_all_on_the_map(communes_only_server, page):
    srv, acteurs = communes_only_server
    with_commune = int((acteurs["code_commune"] != "").sum())
    page.goto(f"{srv.url}/carte")
    frame = map_frame(page)
    assert points_drawn(frame) == {"drawn": with_commune, "sent": with_commune}
    # each point's popup, built when opened, says that its position is the commune's
    popups = frame.evaluate(
        "() => [...Array(50).keys()].map(function (i) { return window.observatoireLabel(i); })")
    assert len(popups) == 50
    assert all("Position approximative" in p for p in popups)
    # a real click on a point opens that text
    frame.evaluate("() => window.observatoireCluster.zoomToShowLayer("
                   "window.observatoireCluster.getLayers()[0], function () {})")
    page.wait_for_timeout(2000)
    point = frame.locator("path.leaflet-interactive")
    arcs = [point.nth(i) for i in range(point.count())
            if "a" in (point.nth(i).get_attribute("d") or "").lower()]
    assert arcs
    arcs[0].dispatch_event("click")
    assert "Position approximative" in frame.locator(".leaflet-popup-content").first.inner_text()


def test_a_filter_change_redraws_the_view_inside_the_same_map_frame(server, page):
    page.goto(f"{server.url}/carte")
    frame = map_frame(page)
    region = frame.evaluate("() => window.observatoireView")
    assert points_drawn(frame)["drawn"] > 0
    choose_sector(page, "Santé")
    # the same frame (not a new iframe) draws the new view: values, then its points
    frame.wait_for_function("(v) => window.observatoireDrawn && window.observatoireDrawn !== v",
                            arg=region, timeout=60_000)
    assert not frame.is_detached()
    acteurs = dataset.load().acteurs
    health = acteurs[acteurs["secteur"] == "sante"].dropna(subset=["latitude", "longitude"])
    assert points_drawn(frame) == {"drawn": len(health), "sent": len(health)}
    assert frame.locator("path.leaflet-interactive").count() >= 13
    # the replaced view is let go: only the one drawn is still held
    assert frame.evaluate("() => window.feature_group.length") == 1
    # the tooltips read the new value table: the health actors of a département
    counts = health.groupby("nom_departement").size()
    shapes = frame.locator("path.leaflet-interactive")
    shape = next(shapes.nth(i) for i in range(shapes.count())
                 if "a" not in (shapes.nth(i).get_attribute("d") or "").lower())
    shape.dispatch_event("mouseover")
    tooltip = frame.locator(".leaflet-tooltip").last.inner_text()
    name = next(n for n in counts.index if f"\t{n}\n" in f"{tooltip}\n")
    assert f"Nombre d'acteurs\t{fmt_int(counts[name])}" in tooltip, tooltip
    # a click still filters, once: resetting the filters afterwards does not bring it back
    shape.dispatch_event("click")
    page.wait_for_url("**departement=*", timeout=30_000)
    page.get_by_role("button", name="Réinitialiser les filtres").click()
    page.wait_for_function("() => !window.location.search.includes('departement=')",
                           timeout=30_000)
    page.wait_for_timeout(3000)
    assert "departement=" not in page.url


def test_the_carte_runs_once_when_opened_and_keeps_its_map_frame(server, page):
    from streamlit.proto.BackMsg_pb2 import BackMsg

    runs = []

    def sent(payload):
        message = BackMsg()
        message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        if message.WhichOneof("type") == "rerun_script":
            runs.append(message.rerun_script.query_string)

    page.on("websocket", lambda ws: ws.on("framesent", sent))
    page.goto(f"{server.url}/carte")
    frame = map_frame(page)
    points_drawn(frame)
    page.wait_for_timeout(3000)
    # one run for the address, none asked by the map once drawn (it used to rerun the page)
    assert runs == [""]
    assert not frame.is_detached()


def test_a_click_filters_again_after_leaving_the_carte_and_coming_back(server, page):
    page.goto(f"{server.url}/carte")
    frame = map_frame(page)
    points_drawn(frame)
    polygons = polygon_indexes(frame)
    frame.locator("path.leaflet-interactive").nth(polygons[0]).dispatch_event("click")
    page.wait_for_url("**departement=*", timeout=30_000)
    first = page.url.split("departement=")[1].split("&")[0]
    page.get_by_role("link", name="Acteurs").first.click()
    page.locator("h1", has_text="Acteurs").first.wait_for()
    page.get_by_role("link", name="Carte").first.click()
    # a new frame counts its clicks from 0 again: its first click must still filter
    frame = map_frame(page)
    shapes = frame.locator("path.leaflet-interactive")
    other = next(i for i in polygon_indexes(frame) if i != polygons[0])
    shapes.nth(other).dispatch_event("click")
    page.wait_for_function(
        "(first) => window.location.search.includes('departement=') &&"
        " !window.location.search.includes('departement=' + first)", arg=first, timeout=30_000)


def polygon_indexes(frame) -> list[int]:
    """The shapes of the map that are territories (points are drawn as arcs)."""
    shapes = frame.locator("path.leaflet-interactive")
    return [i for i in range(shapes.count())
            if "a" not in (shapes.nth(i).get_attribute("d") or "").lower()]


def test_the_zones_blanches_layer_draws_the_far_communes_over_the_map_and_clicks_pass(
    server, page, blocked_requests
):
    from observatoire import coverage, territories

    page.goto(f"{server.url}/carte?departement=15&zones=oui&seuil=10")
    frame = map_frame(page)
    table = coverage.distances(territories.load_layer("communes"), dataset.load().acteurs)
    far = coverage.far(coverage.in_territory(table, "departements", "15"), 10)
    expected = int(far.sum())
    assert expected > 0
    dashed = "path[stroke-dasharray='4 3']"
    frame.wait_for_function(
        f"() => document.querySelectorAll(\"{dashed}\").length === {expected}", timeout=60_000)
    # the layer lets the mouse through: it never takes a click meant for a territory
    assert frame.locator(f"{dashed}.leaflet-interactive").count() == 0
    legend = frame.locator(".observatoire-legende-zones")
    assert "communes à plus de 10 km" in legend.inner_text()
    assert blocked_requests == []
