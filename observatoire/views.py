"""The state of each page's view in the address, declared once: which parameters, which values.

The sidebar filters live in ``filters.QUERY_KEYS``; this registry holds everything else a person
chooses on a page (the map's level, indicator and classes, the overview's indicator, the
portrait's territory, the search text…), so that a shared link reproduces the exact view.
``ui.view_state`` reads it from the address into the widgets, ``ui.keep_view`` writes the
widgets back. A new page adds its entries here and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from observatoire import coverage, evolution, indicators, leaflet, levels, map_page, schema

YES, NO = "oui", "non"


@dataclass(frozen=True)
class ViewParam:
    """One choice of one page, kept in the address as ``name=value``."""

    page: str  # the page's address ("" for the overview)
    name: str  # URL parameter, French
    key: str  # the widget's key (Streamlit session state)
    label: str  # French, for the notice of a refused value
    choices: tuple[str, ...] | None = None  # None: any text (or checked by the page)
    # None: always written (the page decides the default); a callable for a moving default
    # such as this year
    default: object = None
    boolean: bool = False  # a toggle: "oui" / "non" in the address
    # a whole number between two bounds (a callable when they move with the year)
    integer: tuple[int, int] | Callable[[], tuple[int, int]] | None = None
    several: bool = False  # a list of choices, written "a,b,c"

    def default_value(self):
        """The default widget value, None when the page decides."""
        return self.default() if callable(self.default) else self.default

    def parse(self, text: str) -> str | bool | int | list[str] | None:
        """The widget value of an address value, or None when refused."""
        text = text.strip()
        if self.boolean:
            return {YES: True, NO: False}.get(text.lower())
        if self.integer is not None:
            low, high = self.integer() if callable(self.integer) else self.integer
            if text.isascii() and text.isdigit() and len(text) <= 9 and low <= int(text) <= high:
                return int(text)
            return None
        if self.several:
            items = [t.strip() for t in text.split(",") if t.strip()]
            if self.choices is not None and any(t not in self.choices for t in items):
                return None
            return [t[:200] for t in items[:50]]
        if self.choices is not None:
            return text if text in self.choices else None
        return text[:200]

    def write(self, value) -> str | None:
        """The address value of a widget value (None: nothing written, it is the default)."""
        default = self.default_value()
        if value is None or (default is not None and _same(value, default)):
            return None
        if self.boolean:
            return YES if value else NO
        if self.several:
            return ",".join(str(v) for v in value)
        text = str(value)
        return text or None


def _same(value, default) -> bool:
    if isinstance(default, (list, tuple)):
        return list(value) == list(default)
    return value == default


def _level_labels() -> tuple[str, ...]:
    return tuple(levels.TERRITORIAL)


def _years() -> tuple[int, int]:
    """The years a view may show: from the first plausible creation year to this one."""
    return schema.FIRST_CREATION_YEAR, schema.current_year()


VIEW_PARAMS: tuple[ViewParam, ...] = (
    ViewParam("", "indicateur", "vue-indicateur", "indicateur",
              tuple(indicators.MAP_INDICATORS), default=indicators.MAP_INDICATORS[0]),
    ViewParam("carte", "niveau", "carte-niveau", "niveau de la carte",
              tuple(map_page.MAP_LEVELS), default=map_page.MAP_LEVELS[0]),
    ViewParam("carte", "indicateur", "carte-indicateur", "indicateur",
              tuple(indicators.MAP_INDICATORS), default=indicators.MAP_INDICATORS[0]),
    ViewParam("carte", "classes", "carte-methode", "classes",
              tuple(leaflet.METHOD_LABELS), default=next(iter(leaflet.METHOD_LABELS))),
    ViewParam("carte", "points", "carte-points", "points des acteurs", default=True,
              boolean=True),
    ViewParam("carte", "fond", "carte-fond", "fond de carte", default=False, boolean=True),
    ViewParam("carte", "annee", "carte-annee", "année de la carte", integer=_years,
              default=schema.current_year),
    ViewParam("carte", "zones", "carte-zb", "zones blanches sur la carte", default=False,
              boolean=True),
    ViewParam("carte", "seuil", "carte-zb-seuil", "seuil des zones blanches",
              integer=coverage.THRESHOLD_RANGE, default=coverage.DEFAULT_THRESHOLD_KM),
    ViewParam("carte", "structures", "carte-zb-types", "structures qui comptent",
              coverage.SUPPORT_TYPES, default=list(coverage.SUPPORT_TYPES), several=True),
    ViewParam("evolution", "depuis", "evolution-depuis", "année de départ", integer=_years,
              default=evolution.DEFAULT_FIRST_YEAR),
    ViewParam("comparer", "depuis", "comparer-depuis", "année de départ", integer=_years,
              default=evolution.DEFAULT_FIRST_YEAR),
    # checked by the page against the territories it knows (comparison.parse)
    ViewParam("comparer", "territoires", "comparer-territoires", "territoires à comparer",
              several=True),
    ViewParam("portrait", "niveau", "portrait-niveau", "niveau du portrait", _level_labels()),
    ViewParam("portrait", "territoire", "portrait-territoire", "territoire du portrait"),
    ViewParam("acteurs", "recherche", "acteurs-recherche", "recherche", default=""),
    ViewParam("projets", "recherche", "projets-recherche", "recherche", default=""),
)


def of_page(page: str) -> tuple[ViewParam, ...]:
    """The view parameters of one page."""
    return tuple(p for p in VIEW_PARAMS if p.page == page)


def by_key(key: str) -> ViewParam:
    """The view parameter behind a widget key."""
    return next(p for p in VIEW_PARAMS if p.key == key)


def parse(page: str, params: Mapping[str, str]) -> tuple[dict[str, object], list[str]]:
    """Widget values (by key) given by the address for a page, and French notices for the
    values refused."""
    values, notices = {}, []
    for p in of_page(page):
        if p.name not in params:
            continue
        value = p.parse(params[p.name])
        if value is None:
            notices.append(
                f"Valeur « {params[p.name][:60]} » du lien non reconnue pour le {p.label} : "
                "la valeur par défaut est affichée."
            )
        else:
            values[p.key] = value
    return values, notices


def to_params(page: str, values: Mapping[str, object]) -> dict[str, str]:
    """Address parameters of the widget values of a page (defaults left out)."""
    out = {}
    for p in of_page(page):
        written = p.write(values.get(p.key))
        if written is not None:
            out[p.name] = written
    return out


def names(page: str) -> set[str]:
    """The address parameters a page owns."""
    return {p.name for p in of_page(page)}


# The button that copies the address of the view (st.html runs it in the page itself).
COPY_LINK_HTML = """
<div class="obs-copier-lien">
  <button type="button" id="obs-copier-lien" class="obs-bouton"
    title="Copie l'adresse de cette page avec ses filtres et ses choix, à coller dans un courriel">
    Copier le lien de cette vue</button>
  <span id="obs-copier-lien-etat" role="status" aria-live="polite"></span>
</div>
<style>
.obs-bouton { font: inherit; padding: 0.25rem 0.75rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid rgba(49, 51, 63, 0.4); background: #fff; color: #31333f; }
.obs-bouton:hover, .obs-bouton:focus-visible { border-color: #d1362f; color: #a4221b; }
#obs-copier-lien-etat { margin-left: 0.5rem; color: #1f6b33; }
@media print { .obs-copier-lien { display: none !important; } }
</style>
<script>
(function () {
  if (window.__obsCopierLien) { return; }
  window.__obsCopierLien = true;
  function say(text) {
    var s = document.getElementById("obs-copier-lien-etat");
    if (s) { s.textContent = text; }
  }
  function fallback(url) {
    var t = document.createElement("textarea");
    t.value = url; t.setAttribute("readonly", ""); t.style.position = "fixed"; t.style.opacity = "0";
    document.body.appendChild(t); t.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(t);
    say(ok ? "Lien copié." : "Copie impossible : copiez l'adresse de la barre du navigateur.");
  }
  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest("#obs-copier-lien")) { return; }
    var url = window.location.href;
    window.__obsDernierLienCopie = url;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { say("Lien copié."); },
                                              function () { fallback(url); });
    } else { fallback(url); }
  });
})();
</script>
"""
