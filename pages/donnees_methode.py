"""Données et méthode: which dataset is shown, sources, nomenclatures, quality, imports."""

import streamlit as st

from observatoire import datastore, indicators, quality, sources, tables, ui

ui.page_header(
    "Données et méthode",
    "D'où viennent les chiffres, ce que valent les données affichées et comment importer les "
    "vôtres.",
)
data = ui.dataset()

st.subheader("Jeu de données affiché")
st.text(data.location.label_fr)
c1, c2, c3 = st.columns(3)
c1.metric("Acteurs", indicators.fmt_int(len(data.acteurs)))
c2.metric("Projets", indicators.fmt_int(len(data.projets)))
c3.metric(
    "Dernière mise à jour des fichiers",
    data.updated.strftime("%d/%m/%Y") if data.updated else "inconnue",
)
st.caption(f"Dossier lu : {data.location.path}")

st.subheader("Qualité des données")
figures = quality.quality_figures(data.acteurs, data.projets, ui.reference("communes")["code"])
st.dataframe(
    quality.styled(quality.quality_table(figures)), hide_index=True,
    width="stretch",
)
st.caption(
    "Les acteurs non localisés comptent dans les totaux régionaux mais dans aucun territoire. "
    "Un code commune absent des communes actuelles est un code inconnu du référentiel "
    f"(COG {sources.COG_VINTAGE}) ; les anciens codes sont convertis lors de l'import."
)

st.subheader("Sources et millésimes")
st.dataframe(sources.sources_table(), hide_index=True, width="stretch")
st.caption(
    "Taux pour 10 000 habitants = nombre ÷ population municipale × 10 000. La Métropole de "
    "Lyon (69M) est comptée à part du Rhône (69D). Détails : geo/SOURCES.md et data/SOURCES.md."
)

st.subheader("Nomenclatures")
for title, table in sources.nomenclature_tables().items():
    with st.expander(f"{title} ({len(table)} codes)"):
        st.dataframe(table, hide_index=True, width="stretch")

st.subheader("Historique des imports")
history = datastore.read_history(data.location.path)
if history:
    st.dataframe(
        tables.french_format(quality.history_table(history)), hide_index=True,
        width="stretch",
    )
else:
    st.info("Aucun import enregistré pour ce dossier de données.", icon="ℹ️")

st.subheader("Importer vos données")
st.markdown(
    "Préparez un fichier CSV ou Excel (XLSX) d'acteurs ou de projets, puis lancez dans un "
    "terminal, depuis le dossier de l'outil :"
)
st.code(sources.IMPORT_COMMAND, language="bash")
st.markdown(
    "- Le fichier **remplace** tout le jeu de données du même type ; la version précédente est "
    "gardée dans le sous-dossier `historique/`.\n"
    "- Ajoutez `--dry-run` pour vérifier le fichier sans rien écrire : un rapport liste les "
    "lignes acceptées, rejetées et pourquoi.\n"
    f"- Les données sont écrites dans le dossier de l'utilisateur, ou dans celui de la variable "
    f"`{datastore.ENV_VAR}` ; le jeu de démonstration livré n'est jamais modifié.\n"
    "- Rechargez ensuite cette page : les données importées remplacent la démonstration."
)
guide = sources.import_guide()
if guide:
    with st.expander("Guide complet de l'import (docs/import.md)"):
        st.markdown(guide)
else:
    st.caption("Guide complet : docs/import.md.")
