"""Carte: territories by level and indicator, actor points; a click selects a territory."""

import streamlit as st

from observatoire import indicators, leaflet, levels, map_page, tables, ui

ui.page_header(
    "Carte",
    "Cliquez sur un territoire pour le sélectionner comme filtre et zoomer dessus.",
)
acteurs, projets = ui.filtered()
f = ui.current_filters()

c1, c2, c3, c4 = st.columns([2, 3, 2, 2])
level = c1.radio("Niveau", map_page.MAP_LEVELS, format_func=lambda k: levels.get(k).label,
                 key="carte-niveau")
indicator = c2.selectbox("Indicateur", indicators.MAP_INDICATORS,
                         format_func=lambda k: indicators.get(k).label, key="carte-indicateur")
method = c3.selectbox("Classes", list(leaflet.METHOD_LABELS), format_func=leaflet.METHOD_LABELS.get,
                      key="carte-methode")
with c4:
    show_points = st.toggle("Points des acteurs", key="carte-points")
    basemap = st.toggle("Fond de carte (en ligne)", key="carte-fond",
                        help="Nécessite un accès à internet ; sans lui la carte reste lisible.")

view = map_page.build(
    level, indicator, f, acteurs, projets,
    layers={lvl: ui.layer(lvl) for lvl in map_page.layers_needed(level, f)},
    method=method, basemap=basemap, show_points=show_points,
    geometry_urls={lvl: ui.geometry_url(lvl) for lvl in map_page.layers_needed(level, f)},
)
if view.notice:
    st.info(view.notice)
result = ui.show_map(view.map, key=view.key, height=620, returned_objects=["last_active_drawing"])

clicked = map_page.clicked_filters(result, view.level, f)
if clicked is not None:
    ui.select_filters(clicked)
    st.rerun()

st.header("Tableau de la carte")
twin = tables.territory_table(view.table)
st.dataframe(tables.styled(twin), hide_index=True, width="stretch")
ui.download_buttons(twin, f"carte_{view.level}_{indicator}", key="carte-export", geojson=False)
