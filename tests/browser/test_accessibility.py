"""RGAA / WCAG AA checks in the real browser: French page language, no English name left for a
French user, no serious or critical axe-core violation, on every page, with and without filters.

axe-core comes from npm (tests/browser/axe/package.json, installed by ``make test``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from observatoire import francisation
from tests.browser.conftest import ROOT, map_frame, wait_until_idle

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
MAP_PAGES = {"", "carte", "portrait"}


def page_paths() -> list[str]:
    """The address of every page declared in dashboard.py ('' for the default page)."""
    text = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    paths = []
    for m in re.finditer(r'st\.Page\(\s*"pages/([\w-]+)\.py"(.*?)\)', text, re.S):
        stem, rest = m.groups()
        url = re.search(r'url_path\s*=\s*"([^"]+)"', rest)
        paths.append("" if "default=True" in rest else (url.group(1) if url else stem))
    return paths


# English names a French user met before this module existed (an independent list: the table of
# francisation.py could forget one), and the English visible texts of Streamlit's widgets
ENGLISH_NAMES = sorted({
    "Select all", "Clear all", "Collapse sidebar", "Expand sidebar", "Open", "Main menu",
    "Link to heading", "Show/hide columns", "Download as CSV", "Search", "Fullscreen",
    "Copy to clipboard", "Zoom in", "Zoom out", "Remove", "Upload", "file upload", "Close", "Clear value",
    *francisation.NAMES,
} - {"Notifications", "Pagination"})  # same word in French
ENGLISH_TEXTS = sorted({
    "Select all", "Upload", "Browse files", "Drag and drop", "per file", "Download as CSV",
    "Press Enter", "No results",
})

FIND_ENGLISH = r"""([names, texts]) => {
  const found = new Set();
  const docs = [];
  const collect = (d) => { docs.push(d);
    for (const f of d.querySelectorAll('iframe')) {
      try { if (f.contentDocument) collect(f.contentDocument); } catch (e) {} } };
  collect(document);
  for (const d of docs) {
    for (const el of d.querySelectorAll('[aria-label],[title],[placeholder]'))
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = (el.getAttribute(a) || '').trim();
        for (const n of names) if (v === n || v.startsWith(n + ' ')) found.add(`${a}="${v}"`);
      }
    const text = d.body ? d.body.innerText : '';
    for (const t of texts) if (text.includes(t)) found.add(`texte « ${t} »`);
  }
  return [...found].sort(); }"""

# what a person sees with filters applied: a département and a sector
FILTERED = "?departement=38&secteur=sante"


def open_page(page, url: str, slug: str) -> None:
    page.goto(url)
    page.locator("h1").first.wait_for()
    page.locator("[data-testid=stSidebar]").get_by_role("heading", name="Filtres").wait_for()
    if slug in MAP_PAGES:
        map_frame(page)
    # Streamlit has finished its run, and the page script has had its chance
    wait_until_idle(page)
    # Streamlit loads the code of its HTML element lazily: on a busy machine the French script
    # may run a few seconds after the page is drawn (it fails here if it never runs)
    page.wait_for_function("() => document.documentElement.lang === 'fr'", timeout=30_000)
    page.wait_for_timeout(1000)


def test_the_axe_core_package_is_installed():
    assert AXE.exists(), "make test installe axe-core (npm) dans tests/browser/axe"


@pytest.mark.parametrize("query", ["", FILTERED], ids=["sans-filtre", "filtres"])
@pytest.mark.parametrize("slug", page_paths(), ids=lambda s: s or "accueil")
def test_every_page_is_french_and_has_no_serious_accessibility_violation(server, page, slug, query):
    open_page(page, f"{server.url}/{slug}{query}", slug)

    assert page.evaluate("() => document.documentElement.lang") == "fr"
    assert page.evaluate(FIND_ENGLISH, [ENGLISH_NAMES, ENGLISH_TEXTS]) == []

    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
    # headings in order (moderate for axe, required by RGAA 9.1)
    assert [v for v in violations if v["id"] == "heading-order"] == []


def test_captions_are_dark_enough_to_read(server, page):
    open_page(page, server.url + "/acteurs", "acteurs")
    colour = page.locator("[data-testid=stCaptionContainer]").first.evaluate(
        "e => getComputedStyle(e).color"
    )
    r, g, b = (int(x) for x in re.findall(r"\d+", colour)[:3])

    def lum(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    ratio = 1.05 / (0.2126 * lum(r) + 0.7152 * lum(g) + 0.0722 * lum(b) + 0.05)
    assert ratio >= 4.5


def tab_to(page, test: str, limit: int = 80) -> None:
    """Press Tab until the focused element passes `test` (a JavaScript predicate on it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({test}); }}"):
            return
    raise AssertionError("élément jamais atteint au clavier : " + test)


def test_a_territory_is_chosen_with_the_keyboard_alone(server, page):
    open_page(page, server.url + "/acteurs", "acteurs")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab_to(page, "e.getAttribute('aria-label') === 'Départements' || "
                 "(e.closest('[data-testid=stMultiSelect]') && "
                 "e.closest('[data-testid=stMultiSelect]').innerText.startsWith('Départements'))")
    page.keyboard.type("Isère")
    page.keyboard.press("Enter")
    page.wait_for_url("**departement=38**")
    page.keyboard.press("Escape")
    # the page follows: the list now holds only the Isère's actors
    page.locator("[data-testid=stSidebar]").get_by_text("Isère (38)", exact=True).first.wait_for()
    wait_until_idle(page)
    # and the download buttons are reached and pressed with the keyboard
    tab_to(page, "e.tagName === 'BUTTON' && e.innerText.trim() === 'Télécharger (CSV)'", limit=200)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.startswith("acteurs_")
