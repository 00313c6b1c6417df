"""Acteurs: searchable, sortable list of the filtered actors, detail of one, downloads."""

import streamlit as st

from observatoire import listing, ui

ui.page_header(
    "Acteurs",
    "Les acteurs retenus par les filtres. Cliquez sur un en-tête pour trier, cochez une ligne "
    "pour voir sa fiche complète.",
)
acteurs, _ = ui.filtered()

query = st.text_input(
    "Rechercher un nom", key="acteurs-recherche",
    placeholder="Par exemple : recyclerie, epicerie solidaire…",
    help="Sans tenir compte des accents ni des majuscules ; tous les mots doivent figurer.",
)
shown = listing.search(acteurs, query, "nom")

st.markdown(listing.count_sentence(len(shown), len(acteurs), "acteur"))
if shown.empty:
    st.info(
        "Aucun acteur ne correspond à la recherche et aux filtres choisis. Modifiez la recherche "
        "ou élargissez les filtres dans le panneau de gauche.",
        icon="🔍",
    )
    st.stop()

event = st.dataframe(
    listing.styled(listing.display_table(shown, listing.ACTOR_COLUMNS)),
    hide_index=True, width="stretch", height=480,
    on_select="rerun", selection_mode="single-row", key="acteurs-tableau",
)

st.subheader("Fiche de l'acteur")
rows = event.selection.rows if event is not None else []
if rows:
    chosen = shown.iloc[rows[0]]
    st.dataframe(listing.detail(chosen), hide_index=True, width="stretch")
else:
    st.caption("Cochez une ligne du tableau pour afficher tous ses champs ici.")

st.subheader("Télécharger cette liste")
st.caption("Exactement les lignes affichées ci-dessus (filtres et recherche), avec leur provenance.")
ui.download_buttons(shown, "acteurs", key="acteurs-export")
