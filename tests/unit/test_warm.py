"""Warm start: what `python -m observatoire serve` loads before the first visitor."""

from __future__ import annotations

from observatoire import ROOT, map_page, warm


def test_preload_writes_the_served_geometry_of_every_map_level_and_fills_the_shared_caches():
    assert warm.preload() is not None
    from observatoire import ui

    for level in map_page.MAP_LEVELS:
        url = ui.geometry_url(level)
        assert url.startswith(f"/app/static/geo/{level}-")
        assert (ROOT / "static" / "geo" / url.rsplit("/", 1)[1]).stat().st_size > 10_000
    # the loaders are shared by every session: the same objects, not copies
    assert ui.dataset() is ui.dataset()
    assert ui.layer("epci") is ui.layer("epci")
