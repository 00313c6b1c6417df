"""The Carte page's map is built once per view and shared by every session, in a bounded cache;
the warm start builds the default view into it before the first visitor."""

from __future__ import annotations

import json

import pytest
from streamlit.runtime.caching.cache_resource_api import (
    get_resource_cache_stats_provider,
)

from observatoire import indicators, leaflet, map_page, schema, ui, warm
from observatoire.filters import Filters
from tests.app.helpers import open_page

CARTE = "pages/carte.py"


def entries(function: str) -> int:
    """Entries held by one st.cache_resource function of observatoire.ui."""
    stats = get_resource_cache_stats_provider().get_stats()
    # without expensive memory stats, Streamlit reports one stat per cache: its entry count
    return sum(s.byte_length for family in stats.values() for s in family
               if s.cache_name.endswith(f"ui.{function}"))


def map_args(at) -> dict:
    """The arguments of the Carte page's map component (streamlit-folium)."""
    args = [json.loads(c.proto.json_args) for c in at.get("component_instance")]
    return next(a for a in args if a.get("returned_objects"))


def test_two_sessions_opening_the_same_view_share_one_built_map():
    first = open_page(CARTE)
    second = open_page(CARTE)
    assert entries("_shared_map") == 1
    assert entries("_shared_points") == 1
    assert map_args(first)["script"] == map_args(second)["script"]
    assert map_args(first)["feature_group"] == map_args(second)["feature_group"]
    assert "observatoirePoints" in map_args(first)["feature_group"]


def test_a_filter_change_keeps_the_frame_and_sends_another_view():
    year, default = schema.current_year(), indicators.MAP_INDICATORS[0]
    region = ui.carte_map(Filters(), year, "departements", default, "quantiles", False, True)
    health = ui.carte_map(Filters(secteurs=("sante",)), year, "departements", default,
                          "quantiles", False, True)
    # same frame, same component key: the browser keeps its map and redraws the view in it
    assert health.frame.component_key == region.frame.component_key
    assert health.frame.script == region.frame.script
    assert health.view != region.view
    assert '"sante"' not in health.frame.script
    # another level is another frame (another geometry file)
    epci = ui.carte_map(Filters(), year, "epci", default, "quantiles", False, True)
    assert epci.frame.component_key != region.frame.component_key


def test_another_indicator_reuses_the_points_of_the_view():
    at = open_page(CARTE)
    at.selectbox(key="carte-indicateur").set_value(indicators.MAP_INDICATORS[1]).run()
    assert not at.exception
    assert entries("_shared_map") == 2
    assert entries("_shared_points") == 1


def test_the_shared_maps_are_bounded():
    year = schema.current_year()
    views = [
        (Filters(departements=(code,)), level, method)
        for code in sorted(schema.DEPARTEMENTS)[:7]
        for level, method in (("departements", "quantiles"), ("epci", "jenks"))
    ]
    assert len(views) > map_page.SHARED_MAPS
    first = None
    for f, level, method in views:
        built = ui.carte_map(f, year, level, indicators.MAP_INDICATORS[0], method, False, True)
        first = first or built
        assert entries("_shared_map") <= map_page.SHARED_MAPS
        assert entries("_shared_points") <= map_page.SHARED_POINTS
    assert entries("_shared_map") == map_page.SHARED_MAPS
    # the oldest view was let go: asking for it again builds it anew
    f, level, method = views[0]
    again = ui.carte_map(f, year, level, indicators.MAP_INDICATORS[0], method, False, True)
    assert again is not first
    assert again.view == first.view


def test_the_warm_start_builds_the_view_the_first_visitor_opens():
    assert warm.preload() is not None
    assert entries("_shared_map") == 1
    at = open_page(CARTE)
    # the page found the preloaded view: nothing more was built
    assert entries("_shared_map") == 1
    assert entries("_shared_points") == 1
    assert "observatoirePoints" in map_args(at)["feature_group"]


@pytest.mark.parametrize("returned", [["last_active_drawing"], []])
def test_a_prebuilt_map_frame_sends_what_st_folium_sends(returned):
    from streamlit.testing.v1 import AppTest

    def script(prebuilt, returned):
        import folium
        import streamlit as st
        from streamlit_folium import st_folium

        from observatoire import leaflet, ui

        m = leaflet.base_map(bounds=(4.0, 45.0, 5.0, 46.0))
        folium.Marker([45.5, 4.5], tooltip="<b>Lyon</b>").add_to(m)
        if prebuilt:
            value = ui.show_map_frame(ui.MapFrame.of(m, "k"), height=300,
                                      returned_objects=returned)
        else:
            value = st_folium(m, key="k", returned_objects=returned, use_container_width=True,
                              height=300)
        st.session_state["value"] = value

    sent = {}
    for prebuilt in (False, True):
        at = AppTest.from_function(script, args=(prebuilt, returned), default_timeout=60).run()
        assert not at.exception
        (component,) = at.get("component_instance")
        sent[prebuilt] = (json.loads(component.proto.json_args), at.session_state["value"],
                          component.proto.id)
    assert sent[True] == sent[False]
    assert leaflet.STATIC_URL in json.dumps(sent[True][0]["js_links"])
