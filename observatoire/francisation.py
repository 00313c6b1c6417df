"""French for what Streamlit, its data grid and its component frames say in English.

Streamlit serves every page as ``<html lang="en">`` and names its own controls in English
("Collapse sidebar", "Search", "Fullscreen"…), with no setting for either (streamlit issue 8399).
This module holds the translation table and the small script that applies it in the browser:
it sets ``lang="fr"`` on the page (and on the same-origin frames of the maps), then translates
the accessible names (aria-label, title, placeholder) and the few visible texts of Streamlit's
widgets, now and whenever Streamlit redraws them (a MutationObserver). The same script darkens
the grey captions, whose contrast (about 3.5:1) fails RGAA/WCAG AA. ``ui`` injects it once per
page with ``st.html``; nothing here imports Streamlit.

What to do when a Streamlit upgrade brings a new English name: add it to ``NAMES`` (exact
accessible names), ``NAME_PATTERNS`` (names with a variable part) or ``TEXTS`` (visible texts);
``tests/browser/test_accessibility.py`` lists the English names left on every page.
"""

from __future__ import annotations

import json

# exact accessible names (aria-label, title, placeholder) -> French
NAMES: dict[str, str] = {
    "Collapse sidebar": "Replier le panneau latéral",
    "Expand sidebar": "Déplier le panneau latéral",
    "Sidebar": "Panneau latéral",
    "Main menu": "Menu principal",
    "App pages": "Pages du tableau de bord",
    "Navigate to home page": "Aller à la page d'accueil",
    "Open": "Ouvrir la liste",
    "Close": "Fermer",
    "Link to heading": "Lien vers ce titre",
    "Show/hide columns": "Afficher ou masquer des colonnes",
    "Download as CSV": "Télécharger en CSV",
    "Search": "Rechercher dans le tableau",
    "Close Search": "Fermer la recherche",
    "Fullscreen": "Plein écran",
    "Close fullscreen": "Quitter le plein écran",
    "Toggle fullscreen": "Plein écran",
    "Copy to clipboard": "Copier dans le presse-papiers",
    "Copy column name": "Copier le nom de la colonne",
    "Dataframe column menu": "Menu de la colonne",
    "Clear all": "Tout effacer",
    "Clear value": "Effacer la valeur",
    "Clear selection": "Effacer la sélection",
    "Select all": "Tout sélectionner",
    "Selected values": "Valeurs choisies",
    "Select...": "Choisir…",
    "Choose an option": "Choisir une option",
    "Choose options": "Choisir des options",
    "Add files": "Ajouter des fichiers",
    "file upload": "Choisir un fichier à envoyer",
    "Upload": "Parcourir",
    "Remove": "Retirer",
    "Running...": "Calcul en cours…",
    "Stop script": "Arrêter le calcul",
    "Notifications": "Notifications",
    "Show data": "Afficher les données",
    "Show chart": "Afficher le graphique",
    "Previous page": "Page précédente",
    "Next page": "Page suivante",
    "Pagination": "Pagination",
    "Increment": "Augmenter",
    "Decrement": "Diminuer",
    "Zoom in": "Zoom avant",
    "Zoom out": "Zoom arrière",
    "st.iframe": "Carte ou contenu intégré",
}

# names with a variable part: (JavaScript regular expression, French replacement)
NAME_PATTERNS: list[tuple[str, str]] = [
    (r"^Remove (.+)$", "Retirer $1"),
    (r"^Delete (.+)$", "Supprimer $1"),
    (r"^(streamlit_folium|st_folium)\b.*$", "Carte interactive"),
]

# visible texts of Streamlit's widgets (a whole text node, trimmed) -> French
TEXTS: dict[str, str] = {
    "Drag and drop file here": "Glissez-déposez un fichier ici",
    "Drag and drop files here": "Glissez-déposez des fichiers ici",
    "Browse files": "Parcourir",
    "Upload": "Parcourir",
    "Select all": "Tout sélectionner",
    "Clear selection": "Effacer la sélection",
    "No results": "Aucun résultat",
    "No data": "Aucune donnée",
    "Press Enter to apply": "Appuyez sur Entrée pour valider",
    "Press Enter to submit form": "Appuyez sur Entrée pour valider",
    "Skip to main content": "Aller au contenu principal",
    "Running...": "Calcul en cours…",
    "Stop": "Arrêter",
    "Rerun": "Relancer",
    "Show data": "Afficher les données",
    "Show chart": "Afficher le graphique",
    "Download as PNG": "Télécharger en PNG",
    "Print": "Imprimer",
    "Close fullscreen": "Quitter le plein écran",
}

# visible texts with a variable part: (JavaScript regular expression, French replacement)
TEXT_PATTERNS: list[tuple[str, str]] = [
    (r"^(?:Limit )?(\d+)\s?MB per file(.*)$", "$1 Mo maximum par fichier$2"),
]

# captions and help texts in a colour dark enough for 4.5:1 on white (Streamlit's is ~3.5:1)
CSS = """
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] small, [data-testid="stFileUploaderDropzoneInstructions"] span,
[data-testid="stMetricDelta"], .stTooltipIcon { color: #4a4d57 !important; }
/* Streamlit also fades the caption block itself */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
/* narrow screens and 200 % zoom: key figures, toggle and radio labels wrap instead of being cut
   with "…"; a key figure shrinks with the window (its digits never break apart) */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *,
[data-testid="stCheckbox"] .stMarkdownEllipsis, [data-testid="stCheckbox"] p,
[data-testid="stRadio"] p, [data-testid="stWidgetLabel"] .stMarkdownEllipsis {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stMetricValue"] { font-size: clamp(1.1rem, 2.3vw, 2.25rem) !important;
  line-height: 1.2 !important; }
[data-testid="stMetricValue"] > div { white-space: nowrap !important; }
"""

_SCRIPT = r"""
(function () {
  var root = window.parent && window.parent.document ? window.parent : window;
  if (root.__francisation) { return; }
  root.__francisation = true;
  var doc = root.document;
  var T = %(table)s;
  var namePatterns = T.namePatterns.map(function (p) { return [new RegExp(p[0]), p[1]]; });
  var textPatterns = T.textPatterns.map(function (p) { return [new RegExp(p[0]), p[1]]; });
  var ATTRS = ["aria-label", "title", "placeholder"];

  function translateName(v) {
    var t = v.trim();
    if (Object.prototype.hasOwnProperty.call(T.names, t)) { return T.names[t]; }
    for (var i = 0; i < namePatterns.length; i++) {
      if (namePatterns[i][0].test(t)) { return t.replace(namePatterns[i][0], namePatterns[i][1]); }
    }
    return null;
  }
  function translateText(v) {
    var t = v.trim();
    if (!t) { return null; }
    if (Object.prototype.hasOwnProperty.call(T.texts, t)) { return T.texts[t]; }
    for (var i = 0; i < textPatterns.length; i++) {
      if (textPatterns[i][0].test(t)) {
        var out = t.replace(textPatterns[i][0], textPatterns[i][1]);
        return out === t ? null : out;
      }
    }
    return null;
  }
  function frenchElement(el) {
    for (var i = 0; i < ATTRS.length; i++) {
      var v = el.getAttribute && el.getAttribute(ATTRS[i]);
      if (v) { var fr = translateName(v); if (fr && fr !== v) { el.setAttribute(ATTRS[i], fr); } }
    }
    if (el.tagName === "IFRAME") { frenchFrame(el); }
  }
  function frenchTree(node) {
    if (!node || node.nodeType !== 1) { return; }
    frenchElement(node);
    var els = node.querySelectorAll("[aria-label],[title],[placeholder],iframe");
    for (var i = 0; i < els.length; i++) { frenchElement(els[i]); }
    var walker = node.ownerDocument.createTreeWalker(node, 4);
    var n;
    while ((n = walker.nextNode())) { frenchTextNode(n); }
  }
  function frenchTextNode(n) {
    var p = n.parentNode;
    // never the text of people's data: Streamlit's own chrome only, not markdown (except
    // the label of a button, which Streamlit writes as markdown), popups or fields
    if (!p || p.closest(".leaflet-popup, .leaflet-tooltip, textarea, input")) { return; }
    var md = p.closest("[data-testid='stMarkdownContainer']");
    if (md && !md.closest("button")) { return; }
    var fr = translateText(n.nodeValue);
    if (fr !== null && fr !== n.nodeValue) { n.nodeValue = fr; }
  }
  function frenchFrame(frame) {
    try {
      var d = frame.contentDocument;
      if (!d || !d.documentElement) { return; }
      if (d.documentElement.lang !== "fr") { d.documentElement.lang = "fr"; }
      if (!d.__francisation && d.body) { d.__francisation = true; watch(d.body); frenchTree(d.body); }
    } catch (e) { /* another origin: nothing to do */ }
    if (!frame.__francisationLoad) {
      frame.__francisationLoad = true;
      frame.addEventListener("load", function () { frenchFrame(frame); });
    }
  }
  function watch(target) {
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        var m = mutations[i];
        if (m.type === "attributes") { frenchElement(m.target); }
        else if (m.type === "characterData") { frenchTextNode(m.target); }
        else { for (var j = 0; j < m.addedNodes.length; j++) {
          var a = m.addedNodes[j];
          if (a.nodeType === 3) { frenchTextNode(a); } else { frenchTree(a); }
        } }
      }
    }).observe(target, {subtree: true, childList: true, characterData: true,
                        attributes: true, attributeFilter: ATTRS});
  }
  doc.documentElement.lang = "fr";
  new MutationObserver(function () {
    if (doc.documentElement.lang !== "fr") { doc.documentElement.lang = "fr"; }
  }).observe(doc.documentElement, {attributes: true, attributeFilter: ["lang"]});
  var style = doc.createElement("style");
  style.id = "francisation-css";
  style.textContent = T.css;
  doc.head.appendChild(style);
  watch(doc.body);
  frenchTree(doc.body);
})();
"""


def script() -> str:
    """The JavaScript that applies the tables to the page (idempotent: runs once per page)."""
    table = {
        "names": NAMES,
        "namePatterns": NAME_PATTERNS,
        "texts": TEXTS,
        "textPatterns": TEXT_PATTERNS,
        "css": CSS,
    }
    # "</" would end the <script> element early
    return _SCRIPT % {"table": json.dumps(table, ensure_ascii=False).replace("</", "<\\/")}


def html() -> str:
    """The HTML element to inject once per page (with ``st.html(..., unsafe_allow_javascript=True)``)."""
    return f"<script>{script()}</script>"
