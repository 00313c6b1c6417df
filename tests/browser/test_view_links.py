"""A shared link reproduces the exact view on a freshly started server, and the page offers a
button that copies that link."""

import pytest

from tests.browser.conftest import StreamlitServer, map_frame


@pytest.fixture
def fresh_server(tmp_path):
    srv = StreamlitServer(env={"XDG_DATA_HOME": str(tmp_path), "OBSERVATOIRE_DATA_DIR": None})
    yield srv
    srv.stop()


def test_a_map_link_is_reproduced_by_a_fresh_server_and_copied_by_the_button(fresh_server, page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    link = fresh_server.url + "/carte?departement=38&niveau=communes&indicateur=emplois&points=non"
    page.goto(link)
    page.get_by_role("heading", name="Carte", exact=True).wait_for()
    map_frame(page)
    # the level and the indicator of the link are the ones chosen on the page
    assert page.get_by_role("radio", name="Communes").is_checked()
    indicator = page.locator("[data-testid=stSelectbox]").filter(has_text="Indicateur")
    assert indicator.locator("input").input_value() == "Emplois des acteurs"
    assert not page.get_by_role("switch", name="Points des acteurs").is_checked()
    # the filter of the link is kept too
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Isère (38)", exact=True).filter(visible=True).first.wait_for()

    page.get_by_role("button", name="Copier le lien de cette vue").click()
    page.get_by_role("status").filter(has_text="Lien copié").wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    for part in ("/carte?", "departement=38", "niveau=communes", "indicateur=emplois", "points=non"):
        assert part in copied

    # the copied link opened elsewhere shows the same view
    other = page.context.new_page()
    other.goto(copied)
    other.get_by_role("heading", name="Carte", exact=True).wait_for()
    other.get_by_role("radio", name="Communes").wait_for()
    assert other.get_by_role("radio", name="Communes").is_checked()
    other.close()
