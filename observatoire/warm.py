"""Warm start: load the data and the map layers before the first visitor asks for them.

``python -m observatoire serve`` runs :func:`preload` before Streamlit starts listening, so the
server answers once it is ready. The loaders are ``st.cache_resource`` functions, whose cache is
one per process, shared by every session: what is loaded here is what the first visitor gets.
(streamlit-folium is imported by the first page that draws a map, never here: it registers its
component with the server only when imported inside a running page.)
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import time

LOG = logging.getLogger("observatoire.warm")


# glibc's mallopt parameter number for the most malloc arenas (malloc.h: M_ARENA_MAX)
M_ARENA_MAX = -8


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """Fewer glibc malloc arenas: Streamlit runs each session in its own thread, and each thread
    otherwise gets an arena whose freed memory is rarely given back to the system."""
    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):  # not glibc: nothing to tune
        return False


def arrow_system_allocator() -> None:
    """Arrow (behind pandas' text columns) allocates through malloc, not its own mimalloc pool:
    mimalloc kept ~60 MB of the data loading's freed buffers (100,000 actors), malloc gives them
    back to the system (:func:`release_free_memory`). Must run before pyarrow allocates."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    if "pyarrow" in sys.modules and os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system":
        import pyarrow

        pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def release_free_memory() -> None:
    """Give freed heap memory back to the system (glibc), e.g. after the preload's peak."""
    if "pyarrow" in sys.modules:
        import pyarrow

        pyarrow.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def preload() -> float | None:
    """Fill the server-wide caches (data, layers, served geometry, map assets, the default
    Carte view); seconds taken."""
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
    from observatoire import map_page, schema, ui, views
    from observatoire.filters import Filters

    ui.static_assets_ready()
    ui.dataset()
    for level in map_page.MAP_LEVELS:
        ui.layer(level)
        ui.reference(level)
        ui.geometry_url(level)
    # build the default Carte view into the cache every session shares: the first visitor
    # receives it at once (same function, same key as the page)
    default = {p.key: p.default for p in views.of_page("carte")}
    ui.carte_map(
        Filters(), schema.current_year(), default["carte-niveau"], default["carte-indicateur"],
        default["carte-methode"], default["carte-fond"], default["carte-points"],
    )
    # the Carte page's zones blanches, below the map: distances to every support structure
    from observatoire import coverage

    ui.support_distances(tuple(coverage.SUPPORT_TYPES))
    release_free_memory()
    seconds = time.perf_counter() - start
    LOG.info("Données et couches chargées avant le premier visiteur (%.1f s)", seconds)
    return seconds
