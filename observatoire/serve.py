"""``python -m observatoire serve``: start the dashboard (what ``make run`` does)."""

from __future__ import annotations

import os
import sys

from observatoire import ROOT


def main(argv: list[str]) -> int:
    """Run ``streamlit run dashboard.py`` in this process, with the legacy pages/ mode off."""
    # Streamlit treats a pages/ folder beside the entry script as a legacy multipage app until
    # the first st.navigation call: a shared link to a page on a freshly started server would
    # bypass dashboard.py. Deciding it here, before any session exists, avoids that entirely.
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    from observatoire import warm

    PagesManager.uses_pages_directory = False
    os.chdir(ROOT)  # Streamlit reads .streamlit/config.toml from the working directory
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *argv]
    warm.limit_malloc_arenas()
    warm.arrow_system_allocator()
    # the first visitor should not pay for loading the data and the layers
    warm.preload()
    try:
        cli.main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
