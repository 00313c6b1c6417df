"""The portrait leaves the browser as a PDF built by the server, and prints cleanly."""

import io

from pypdf import PdfReader

from tests.browser.conftest import map_frame


def open_portrait(server, page, query: str):
    page.goto(server.url + "/portrait" + query)
    page.get_by_role("heading", name="Portrait de territoire", exact=True).wait_for()
    map_frame(page)


def test_the_pdf_button_downloads_the_portrait_of_the_territory_with_its_filters(server, page):
    open_portrait(server, page, "?niveau=departements&territoire=26&secteur=sante")
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Télécharger le portrait (PDF)").click()
    download = info.value
    assert download.suggested_filename.startswith("portrait_26_")
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Portrait de territoire : Drôme (26)" in text
    assert "Santé" in text.split("Filtres appliqués :")[1].splitlines()[0]
    assert f"Page 1 sur {len(reader.pages)}" in text


def test_printing_hides_the_controls_and_shows_the_date_and_filters(server, page):
    open_portrait(server, page, "?niveau=departements&territoire=26&secteur=sante")
    page.emulate_media(media="print")
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    assert not page.get_by_role("button", name="Télécharger le portrait (PDF)").is_visible()
    assert not page.get_by_role("button", name="Copier le lien de cette vue").is_visible()
    header = page.locator(".obs-impression")
    assert header.is_visible()
    assert "Imprimé le" in header.inner_text() and "Santé" in header.inner_text()
