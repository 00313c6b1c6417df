"""The only module that imports Streamlit: cached loaders, page chrome and shared widgets."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from observatoire import maps, territories

APP_TITLE = "Observatoire de l'innovation sociale en Auvergne-Rhône-Alpes"


@st.cache_resource(show_spinner=False)
def static_assets_ready() -> str:
    """Copy the map assets into the served static folder, once per server."""
    return str(maps.ensure_static_assets())


@st.cache_data(show_spinner=False)
def layer(level: str) -> gpd.GeoDataFrame:
    """A territorial layer, read once per server."""
    return territories.load_layer(level)


def show_map(m, key: str, height: int = 560, returned_objects: list[str] | None = None):
    """Draw a folium map; pan and zoom do not rerun the page unless asked."""
    static_assets_ready()
    return st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=returned_objects or [],
    )
