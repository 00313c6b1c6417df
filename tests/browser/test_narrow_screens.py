"""Nothing cut on narrow screens: at 1 024 px wide and at 200 % zoom (a 1 440 px screen seen at
twice the size), key figures, their labels and the map's toggles are shown whole."""

import pytest

from tests.browser.conftest import map_frame

# width x height in CSS pixels, device scale: 200 % zoom of a 1 440 x 900 screen
SCREENS = {"1024px": (1024, 768, 1), "zoom-200": (720, 450, 2)}
PAGES = ["", "carte", "portrait?niveau=departements&territoire=69M", "donnees-methode"]

CUT = r"""() => {
  const cut = [];
  const sel = '[data-testid=stMetricValue], [data-testid=stMetricLabel], ' +
              '[data-testid=stCheckbox] [data-testid=stWidgetLabel]';
  for (const el of document.querySelectorAll(sel)) {
    if (!el.offsetParent) continue;  // not displayed (collapsed sidebar)
    for (const node of [el, ...el.querySelectorAll('*')]) {
      const t = (node.innerText || '').trim();
      if (node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflow !== 'visible'
          || t.endsWith('…')) { cut.push(t || el.innerText); break; }
    }
    // not wider than its column either
    const col = el.closest('[data-testid=stColumn]') || el.parentElement;
    if (el.getBoundingClientRect().right > col.getBoundingClientRect().right + 2) cut.push(el.innerText);
  }
  return [...new Set(cut)];
}"""


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.split("?")[0] or "accueil")
def test_nothing_is_cut_on_narrow_screens(server, browser, path, screen, tmp_path):
    width, height, scale = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=scale)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{server.url}/{path}")
        page.locator("h1").first.wait_for()
        if path.startswith(("carte", "portrait")) or path == "":
            map_frame(page)
        page.wait_for_function("() => document.documentElement.lang === 'fr'", timeout=30_000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(tmp_path / f"{path.split('?')[0] or 'accueil'}-{screen}.png"),
                        full_page=True)
        assert page.locator("[data-testid=stMetricValue]").count() > 0 or path.startswith("carte")
        assert page.evaluate(CUT) == []
    finally:
        context.close()
