"""Évolution: the filtered actors and projects year by year, the territory next to the region."""

import streamlit as st

from observatoire import charts, evolution, formatting, portrait, schema, tables, ui

ui.page_header(
    "Évolution",
    "Les acteurs de l'ESS retenus par les filtres, année par année : acteurs en activité au "
    "31 décembre, créations, projets démarrés, emplois ; le territoire choisi dans les filtres "
    "à côté de la région.",
)
f = ui.current_filters()
data = ui.dataset()
acteurs, projets = ui.filtered(history=True)
region_a, region_p = portrait.region_frames(data.history(), data.projets, f)
name = ui.filters_description() if f.has_territory else schema.REGION_NAME

last = schema.current_year()
c1, c2, c3 = st.columns([2, 2, 3])
# its value comes from the link (views.VIEW_PARAMS, `depuis`) and goes back to it
first = int(c1.number_input("Depuis l'année", min_value=schema.FIRST_CREATION_YEAR,
                            max_value=last, step=1, key="evolution-depuis"))
measure = c2.selectbox("Mesure", list(evolution.MEASURES), format_func=evolution.MEASURES.get,
                       key="evolution-mesure")
as_index = c3.radio(
    "Échelle", ["indice", "nombre"], horizontal=True, key="evolution-echelle",
    format_func=lambda k: f"Indice base 100 en {first}" if k == "indice" else "Nombres",
) == "indice"

mine = evolution.yearly(acteurs, projets, first, last)
region = evolution.yearly(region_a, region_p, first, last)
closed = int((~evolution.open_on(acteurs)).sum())
st.text(
    f"{name} : {formatting.count_label(len(acteurs), 'acteur retenu', 'acteurs retenus')}"
    + (f", dont {formatting.count_label(closed, 'fermé', 'fermés')} depuis (année de fermeture "
       "connue)" if closed else "")
)
missing = evolution.undated(acteurs)
if missing:
    st.info(
        f"{formatting.count_label(missing, 'acteur', 'acteurs')} sans année de création : "
        "comptés à part, absents des courbes et du tableau.", icon="ℹ️",
    )
title = f"Indice (100 en {first})" if as_index else evolution.MEASURES[measure]
if not f.has_territory:
    st.info("Choisissez un département, une intercommunalité ou une commune dans les filtres "
            "pour suivre son évolution à côté de celle de la région.", icon="ℹ️")
territory_label = "Territoire choisi" if f.has_territory else None
st.altair_chart(
    charts.evolution_lines(
        evolution.chart_data(mine, region, measure, territory_label, as_index), title
    ),
    width="stretch",
)
st.caption(
    "Un acteur compte dans le stock à partir de son année de création ; il en sort après son "
    "année de fermeture quand elle est connue (imports SIRENE). L'indice rapporte chaque année "
    "à l'année de départ (100), pour comparer des territoires de tailles différentes."
)

st.header("Tableau année par année")
twin = evolution.side_by_side(mine, region)
st.dataframe(tables.styled(twin), hide_index=True, width="stretch")
ui.download_buttons(twin, "evolution", key="evolution-export", geojson=False)

closed_rows = acteurs[~evolution.open_on(acteurs)]
if len(closed_rows):
    st.header("Acteurs fermés")
    st.caption("Acteurs retenus par les filtres dont l'année de fermeture est connue : ils "
               "comptent dans les courbes jusqu'au 31 décembre de l'année précédant leur "
               "fermeture, plus dans les chiffres du jour.")
    closed_rows = closed_rows.sort_values(["annee_fermeture", "nom"], ascending=[False, True])
    closed_rows = closed_rows[evolution.CLOSED_COLUMNS]
    shown = tables.labelled(closed_rows.drop(columns=["latitude", "longitude"]))
    st.dataframe(tables.styled(shown.rename(columns=tables.LABELS)), hide_index=True,
                 width="stretch")
    ui.download_buttons(closed_rows, "acteurs_fermes", key="evolution-fermes")
