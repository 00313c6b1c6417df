"""Warm start: load the data and the map layers before the first visitor asks for them.

``python -m observatoire serve`` runs :func:`preload` before Streamlit starts listening, so the
server answers once it is ready. The loaders are ``st.cache_resource`` functions, whose cache is
one per process, shared by every session: what is loaded here is what the first visitor gets.
(streamlit-folium is imported by the first page that draws a map, never here: it registers its
component with the server only when imported inside a running page.)
"""

from __future__ import annotations

import logging
import time

LOG = logging.getLogger("observatoire.warm")


def preload() -> float | None:
    """Fill the server-wide caches (data, layers, served geometry, map assets); seconds taken."""
    try:
        return _preload()
    except Exception:  # a visitor will then load what failed, and see the error if it recurs
        LOG.exception("Préchargement interrompu")
        return None


def _preload() -> float:
    start = time.perf_counter()
    # the loaders complain that no session runs yet: expected here, and harmless
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    from observatoire import indicators, leaflet, map_page, ui
    from observatoire.filters import Filters

    ui.static_assets_ready()
    data = ui.dataset()
    for level in map_page.MAP_LEVELS:
        ui.layer(level)
        ui.reference(level)
        ui.geometry_url(level)
    # draw the default Carte view once: compiles the templates, warms pandas and folium paths
    level = map_page.MAP_LEVELS[0]
    view = map_page.build(
        level, indicators.MAP_INDICATORS[0], Filters(), data.acteurs, data.projets,
        {level: ui.layer(level)}, geometry_urls={level: ui.geometry_url(level)},
    )
    leaflet.to_html(view.map)
    seconds = time.perf_counter() - start
    LOG.info("Données et couches chargées avant le premier visiteur (%.1f s)", seconds)
    return seconds
