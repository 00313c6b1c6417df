"""Projets: searchable, sortable list of the filtered projects with their carrier, detail, downloads."""

import streamlit as st

from observatoire import listing, ui

ui.page_header(
    "Projets",
    "Les projets d'innovation sociale retenus par les filtres, avec l'acteur qui les porte. "
    "Cliquez sur un en-tête pour trier, cochez une ligne pour voir sa fiche complète.",
)
acteurs, projets = ui.filtered()
projets = listing.with_carrier(projets, ui.dataset().acteurs)

query = st.text_input(
    "Rechercher un titre", key="projets-recherche",
    placeholder="Par exemple : mobilité solidaire, tiers-lieu…",
    help="Sans tenir compte des accents ni des majuscules ; tous les mots doivent figurer.",
)
shown = listing.search(projets, query, "titre")

st.markdown(listing.count_sentence(len(shown), len(projets), "projet"))
if shown.empty:
    st.info(
        "Aucun projet ne correspond à la recherche et aux filtres choisis. Modifiez la recherche "
        "ou élargissez les filtres dans le panneau de gauche.",
        icon="🔍",
    )
    st.stop()

event = st.dataframe(
    listing.styled(listing.display_table(shown, listing.PROJECT_COLUMNS)),
    hide_index=True, width="stretch", height=480,
    on_select="rerun", selection_mode="single-row", key="projets-tableau",
)

st.subheader("Fiche du projet")
rows = event.selection.rows if event is not None else []
if rows:
    chosen = shown.iloc[rows[0]]
    st.dataframe(listing.detail(chosen), hide_index=True, width="stretch")
    if isinstance(chosen.get("description"), str):
        st.markdown("**Description**")
        st.text(chosen["description"])
else:
    st.caption("Cochez une ligne du tableau pour afficher tous ses champs ici.")

st.subheader("Télécharger cette liste")
st.caption("Exactement les lignes affichées ci-dessus (filtres et recherche), avec leur provenance.")
ui.download_buttons(shown, "projets", key="projets-export")
