"""Links of issue 10 in a real browser: family filter, Évolution and Comparer carried by the URL."""

import time
from urllib.parse import parse_qs, urlparse


def test_a_link_to_evolution_keeps_the_family_filter_and_its_start_year(server, page):
    page.goto(server.url + "/evolution?departement=38&famille=cooperatives&depuis=2010")
    page.get_by_role("heading", name="Évolution", exact=True).wait_for()
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Coopératives", exact=True).filter(visible=True).first.wait_for()
    sidebar.get_by_text("Isère (38)", exact=True).filter(visible=True).first.wait_for()
    page.get_by_text("Indice base 100 en 2010").first.wait_for()
    assert page.get_by_text("Page not found").count() == 0


def test_a_comparer_link_shows_its_territories_and_a_new_choice_goes_back_into_the_link(
    server, page
):
    page.goto(server.url + "/comparer?territoires=departements:38,departements:15")
    page.get_by_role("heading", name="Comparer des territoires", exact=True).wait_for()
    page.get_by_text("Isère (département, 38)").first.wait_for()
    page.get_by_text("Cantal (département, 15)").first.wait_for()
    page.get_by_label("Territoires à comparer (tapez quelques lettres du nom ou le code)").click()
    page.keyboard.type("Haute-Savoie")
    page.get_by_role("option", name="Haute-Savoie (département, 74)").click()
    wanted = "departements:38,departements:15,departements:74"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if parse_qs(urlparse(page.url).query).get("territoires") == [wanted]:
            break
        page.wait_for_timeout(250)
    assert parse_qs(urlparse(page.url).query).get("territoires") == [wanted]
    page.get_by_text("Haute-Savoie").first.wait_for()
