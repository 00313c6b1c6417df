"""A shared link opens the right page with its filters, even as a fresh server's first request."""

import pytest

from tests.browser.conftest import StreamlitServer


@pytest.fixture
def fresh_server(tmp_path):
    srv = StreamlitServer(env={"XDG_DATA_HOME": str(tmp_path), "OBSERVATOIRE_DATA_DIR": None})
    yield srv
    srv.stop()


@pytest.mark.parametrize(
    "path, title, chip",
    [
        ("/donnees-methode", "Données et méthode", None),
        ("/portrait?departement=26", "Portrait de territoire", "Drôme (26)"),
        ("/acteurs?secteur=sante", "Acteurs", "Santé"),
    ],
)
def test_a_deep_link_is_the_first_request_of_a_fresh_server(fresh_server, page, path, title, chip):
    page.goto(fresh_server.url + path)
    page.get_by_role("heading", name=title, exact=True).wait_for()
    # the shared sidebar is there: the page ran through dashboard.py, with the link's filters
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_role("heading", name="Filtres").wait_for()
    if chip:
        sidebar.get_by_text(chip, exact=True).filter(visible=True).first.wait_for()
    assert page.get_by_text("Page not found").count() == 0


def test_plain_streamlit_run_also_routes_a_first_deep_link_through_dashboard(tmp_path, page):
    # without `observatoire serve`, ui.require_navigation leaves the legacy pages/ mode
    srv = StreamlitServer(
        env={"XDG_DATA_HOME": str(tmp_path), "OBSERVATOIRE_DATA_DIR": None},
        launcher=("-m", "streamlit", "run", "dashboard.py"),
    )
    try:
        page.goto(srv.url + "/carte?departement=38")
        page.get_by_role("heading", name="Carte", exact=True).wait_for()
        sidebar = page.locator("[data-testid=stSidebar]")
        sidebar.get_by_role("heading", name="Filtres").wait_for()
        sidebar.get_by_text("Isère (38)", exact=True).filter(visible=True).first.wait_for()
    finally:
        srv.stop()
