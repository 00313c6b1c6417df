"""Carte: territories by level and indicator, actor points; a click selects a territory."""

import streamlit as st

from observatoire import (
    coverage, evolution, formatting, indicators, leaflet, levels, map_page, schema, tables, ui,
)
from observatoire.formatting import Unit

ui.page_header(
    "Carte",
    "Cliquez sur un territoire pour le sélectionner comme filtre et zoomer dessus.",
)
f = ui.current_filters()
last_year = schema.current_year()
# three rows of controls: nothing is cut at 1024 px or at 200 % zoom; every value comes from
# the link (views.VIEW_PARAMS) and goes back to it
top_left, top_right = st.columns([2, 3])
year = int(top_left.number_input(
    "Situation au 31 décembre de l'année", min_value=schema.FIRST_CREATION_YEAR,
    max_value=last_year, step=1, key="carte-annee",
    help="Acteurs créés cette année-là ou avant (et pas encore fermés), projets démarrés.",
))
# the map and its table come from ui.carte_map (the situation of that year, shared by every
# session); a past year leaves out the actors without a creation year, said here
if year < last_year:
    undated = evolution.undated(ui.filtered(history=True)[0])
    if undated:
        st.caption(f"{undated} acteurs sans année de création ne sont pas comptés pour {year}.")

level = top_right.radio("Niveau", map_page.MAP_LEVELS, format_func=lambda k: levels.get(k).label,
                        key="carte-niveau", horizontal=True)
c2, c3 = st.columns([3, 2])
indicator = c2.selectbox("Indicateur", indicators.MAP_INDICATORS,
                         format_func=lambda k: indicators.get(k).label, key="carte-indicateur")
method = c3.selectbox("Classes", list(leaflet.METHOD_LABELS), format_func=leaflet.METHOD_LABELS.get,
                      key="carte-methode")
t1, t2, t3 = st.columns(3)
show_points = t1.toggle("Points des acteurs", key="carte-points")
basemap = t2.toggle("Fond de carte (en ligne)", key="carte-fond",
                    help="Nécessite un accès à internet ; sans lui la carte reste lisible.")
show_far = t3.toggle("Zones blanches de l'accompagnement", key="carte-zb",
                     help="Communes éloignées de toute structure d'accompagnement, par-dessus "
                          "l'indicateur.")
z1, z2 = st.columns([3, 2])
support = z1.multiselect(
    "Structures d'accompagnement qui comptent", list(coverage.SUPPORT_TYPES),
    format_func=coverage.SUPPORT_LABELS.get, key="carte-zb-types",
)
threshold = z2.slider("Seuil des zones blanches (km)", *coverage.THRESHOLD_RANGE, step=1,
                      key="carte-zb-seuil")
communes_layer = ui.layer("communes")
distances = ui.support_distances(tuple(support))
in_scope = map_page.scope(communes_layer, "communes", f) if f.has_territory else communes_layer
distances = distances[distances["code"].isin(in_scope["code"])]

# built once per server for a given view and shared by every session
view = ui.carte_map(f, year, level, indicator, method, basemap, show_points,
                    far=(distances, threshold, tuple(support)) if show_far else None)
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
    "sur la carte, l'interrupteur « Zones blanches » les montre par-dessus l'indicateur ; "
    "méthode détaillée dans « Données et méthode »."
)
st.markdown(coverage.sentence(distances, threshold))
# on screen the far communes only (the region's 4,025 would weigh ~1 MB at every run); the
# download holds every commune of the scope with its distance
far_rows = distances[coverage.far(distances, threshold).to_numpy()]
st.caption(
    f"{formatting.count_label(len(far_rows), 'commune', 'communes')} à plus de "
    f"{formatting.fmt_int(threshold)} km, les plus éloignées d'abord ; le téléchargement donne "
    f"la distance des {formatting.fmt_int(len(distances))} communes du territoire."
)
units = {coverage.COLUMNS["distance_km"]: Unit.RATE}
st.dataframe(tables.styled(coverage.display_table(far_rows, threshold), units=units),
             hide_index=True, width="stretch")
ui.download_buttons(coverage.display_table(distances, threshold),
                    f"zones_blanches_{threshold}km", key="carte-zb-export", geojson=False)
