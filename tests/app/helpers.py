"""Opening a page of the dashboard in AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

HOME = "pages/vue_ensemble.py"


def open_page(page: str = HOME, timeout: float = 120, **params: str) -> AppTest:
    """A page run through dashboard.py with the given query parameters, checked error-free."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != HOME:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
