"""Carte: territories by level and indicator, actor points; a click selects a territory."""

import streamlit as st

from observatoire import coverage, evolution, indicators, leaflet, levels, map_page, schema, tables, ui
from observatoire.formatting import Unit

ui.page_header(
    "Carte",
    "Cliquez sur un territoire pour le sélectionner comme filtre et zoomer dessus.",
)
acteurs, projets = ui.filtered()
f = ui.current_filters()
last_year = schema.current_year()
year = evolution.parse_year(st.query_params.get("annee"), last_year)
# three rows of controls: nothing is cut at 1024 px or at 200 % zoom
top_left, top_right = st.columns([2, 3])
chosen_year = top_left.number_input(
    "Situation au 31 décembre de l'année", min_value=schema.FIRST_CREATION_YEAR,
    max_value=last_year, value=year, step=1, key="carte-annee",
    help="Acteurs créés cette année-là ou avant (et pas encore fermés), projets démarrés.",
)
if chosen_year != year:
    st.query_params["annee"] = str(chosen_year)
    year = int(chosen_year)
acteurs, projets, undated = evolution.at_year(acteurs, projets, year, last_year)
if undated:
    st.caption(f"{undated} acteurs sans année de création ne sont pas comptés pour {year}.")

level = top_right.radio("Niveau", map_page.MAP_LEVELS, format_func=lambda k: levels.get(k).label,
                        key="carte-niveau", horizontal=True)
c2, c3 = st.columns([3, 2])
indicator = c2.selectbox("Indicateur", indicators.MAP_INDICATORS,
                         format_func=lambda k: indicators.get(k).label, key="carte-indicateur")
method = c3.selectbox("Classes", list(leaflet.METHOD_LABELS), format_func=leaflet.METHOD_LABELS.get,
                      key="carte-methode")
t1, t2 = st.columns(2)
show_points = t1.toggle("Points des acteurs", key="carte-points")
basemap = t2.toggle("Fond de carte (en ligne)", key="carte-fond",
                    help="Nécessite un accès à internet ; sans lui la carte reste lisible.")

# built once per server for a given view and shared by every session
view = ui.carte_map(f, year, level, indicator, method, basemap, show_points)
notice = st.empty()  # always there: the map keeps its place, and its frame, after a change
if view.notice:
    notice.info(view.notice)
# a filter change redraws the view inside the same map frame
result = ui.show_map_frame(view.frame, height=620, view=view.view,
                           returned_objects=["last_active_drawing", "last_object_clicked_count"])

clicked = map_page.clicked_filters(ui.new_map_click(result, view.frame), view.level, f)
if clicked is not None:
    ui.select_filters(clicked)
    st.rerun()

st.header("Tableau de la carte")
twin = tables.territory_table(view.table)
st.dataframe(tables.styled(twin), hide_index=True, width="stretch")
ui.download_buttons(twin, f"carte_{view.level}_{indicator}", key="carte-export", geojson=False)

st.subheader("Zones blanches de l'accompagnement")
st.caption(
    "Distance à vol d'oiseau de chaque commune à la structure d'accompagnement la plus proche "
    "(toutes les structures localisées de la région, quels que soient les filtres de secteur) ; "
    "méthode détaillée dans « Données et méthode »."
)
z1, z2 = st.columns([3, 2])
support = z1.multiselect(
    "Structures qui comptent", list(coverage.SUPPORT_TYPES), default=list(coverage.SUPPORT_TYPES),
    format_func=schema.TYPES_ACTEUR.get, key="carte-zb-types",
)
threshold = z2.slider("Seuil (km)", 5, 60, coverage.DEFAULT_THRESHOLD_KM, step=5,
                      key="carte-zb-seuil")
communes_layer = ui.layer("communes")
distances = ui.support_distances(tuple(support))
in_scope = map_page.scope(communes_layer, "communes", f) if f.has_territory else communes_layer
distances = distances[distances["code"].isin(in_scope["code"])]
st.markdown(coverage.sentence(distances, threshold))
if f.has_territory:
    ui.show_map(coverage.coverage_map(in_scope, distances, threshold),
                key=f"carte-zb-{view.key}-{threshold}-{'-'.join(support)}", height=520)
else:
    st.info("Choisissez un territoire dans les filtres pour voir la carte des distances ; le "
            "tableau couvre toute la région.", icon="ℹ️")
far_table = coverage.display_table(distances, threshold)
st.dataframe(tables.styled(far_table, units={coverage.COLUMNS["distance_km"]: Unit.RATE}),
             hide_index=True, width="stretch")
ui.download_buttons(far_table, f"zones_blanches_{threshold}km", key="carte-zb-export",
                    geojson=False)
