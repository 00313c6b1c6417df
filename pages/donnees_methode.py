"""Données et méthode: which dataset is shown, sources, nomenclatures, quality, imports."""

import streamlit as st

from observatoire import formatting, indicators, methods, quality, sources, storage, tables, ui
from observatoire import upload
from observatoire.importers import template

ui.page_header(
    "Données et méthode",
    "D'où viennent les chiffres, ce que valent les données affichées et comment importer les "
    "vôtres.",
)
data = ui.dataset()

st.header("Jeu de données affiché")
st.text(data.location.label_fr)
c1, c2, c3 = st.columns(3)
c1.metric("Acteurs en activité", formatting.fmt_int(len(data.acteurs)),
          help="Acteurs sans année de fermeture ou fermés après cette année.")
c2.metric("Projets", formatting.fmt_int(len(data.projets)))
c3.metric(
    "Dernière mise à jour des données",
    data.updated.strftime("%d/%m/%Y") if data.updated else "inconnue",
)
if data.fermes is not None and len(data.fermes):
    st.caption(
        f"S'y ajoutent {formatting.count_label(len(data.fermes), 'acteur fermé', 'acteurs fermés')}"
        " (année de fermeture connue) : ils ne comptent que dans l'Évolution et les années "
        "passées de la Carte."
    )
manager = ui.data_manager()
if manager.allowed:  # server paths only for the people who manage the data
    st.caption(f"Dossier lu : {data.location.path}")
st.caption(
    f"Version affichée : {data.version.id} ({data.version.created_at}, {data.version.author})"
    if data.version is not None else "Jeu de démonstration livré (dossier data/)"
)

st.header("Qualité des données")
figures = quality.quality_figures(data.acteurs, data.projets, ui.reference("communes")["code"])
st.dataframe(
    quality.styled(quality.quality_table(figures)), hide_index=True,
    width="stretch",
)
st.caption(
    "Les acteurs non localisés comptent dans les totaux régionaux mais dans aucun territoire. "
    "Un code commune absent des communes actuelles est un code inconnu du référentiel "
    f"(COG {sources.COG_VINTAGE}) ; les anciens codes sont convertis lors de l'import. "
    "Un acteur qui a une commune mais pas de coordonnées est placé sur la carte au point "
    "représentatif de sa commune, signalé « position approximative » (colonne « position » : "
    "« commune » au lieu de « adresse », dans la fiche et les téléchargements)."
)

st.header("Sources et millésimes")
st.dataframe(sources.sources_table(), hide_index=True, width="stretch")
st.caption(
    "La Métropole de Lyon (69M) est comptée à part du Rhône (69D). Détails : geo/SOURCES.md et "
    "data/SOURCES.md."
)

st.header("Indicateurs")
st.dataframe(indicators.methods_table(), hide_index=True, width="stretch")

st.header("Méthode des indicateurs de l'observatoire")
st.markdown(methods.METHODS)

st.header("Nomenclatures")
for title, table in sources.nomenclature_tables().items():
    with st.expander(f"{title} ({len(table)} codes)"):
        st.dataframe(table, hide_index=True, width="stretch")

st.header("Importer vos données")
ui.account_controls(manager)
if "upload_done" in st.session_state:
    st.success(st.session_state.pop("upload_done"), icon=":material/check_circle:")
target = upload.target_dir()
if not manager.allowed:
    # no uploader at all: a file from someone not allowed never reaches the server
    st.info(manager.message_fr, icon=":material/lock:")
elif target is None:
    st.warning(
        f"La variable {storage.ENV_VAR} désigne le jeu de démonstration livré : les imports "
        "et les restaurations y sont refusés.", icon=":material/block:",
    )
else:
    st.markdown(
        "Envoyez un fichier d'acteurs ou de projets : notre **modèle** (CSV ou XLSX), un fichier "
        "**SIRENE** de l'INSEE (établissements, avec ou sans le fichier des unités légales) ou "
        "un fichier **RNA** « waldec » des associations. Un aperçu et le rapport de contrôle "
        "s'affichent **avant** toute écriture ; rien n'est modifié tant que vous n'avez pas "
        "confirmé."
    )
    st.caption(
        f"Taille maximale d'un fichier envoyé : {upload.MAX_UPLOAD_MB} Mo. Pour les fichiers "
        "nationaux de plusieurs Go, utilisez la ligne de commande ci-dessous."
    )
    template_kind = st.radio(
        "Modèle vide à télécharger", list(upload.KIND_LABELS), format_func=upload.KIND_LABELS.get,
        horizontal=True, key="modele-type",
    )
    st.download_button(
        "Télécharger le modèle vide (Excel)", template.template_xlsx(template_kind),
        file_name=f"modele_{template_kind}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="modele-telecharger",
    )
    generation = st.session_state.setdefault("upload_generation", 0)
    kind = st.radio(
        "Type de lignes", list(upload.KIND_LABELS), format_func=upload.KIND_LABELS.get,
        horizontal=True, key="upload-type",
    )
    sent = st.file_uploader(
        "Fichier à importer (CSV, XLSX ou zip)", type=upload.UPLOAD_TYPES,
        key=f"upload-fichier-{generation}",
    )
    if sent is not None:
        data_bytes = sent.getvalue()
        detected = upload.detect_format(data_bytes)
        fmt = st.selectbox(
            "Format du fichier", list(upload.FORMAT_LABELS),
            index=list(upload.FORMAT_LABELS).index(detected),
            format_func=upload.FORMAT_LABELS.get, key=f"upload-format-{generation}",
            help="Détecté d'après les noms de colonnes ; modifiable.",
        )
        units = None
        if fmt == "sirene":
            units_sent = st.file_uploader(
                "Fichier des unités légales (StockUniteLegale), sauf si le fichier envoyé "
                "contient déjà la colonne economieSocialeSolidaireUniteLegale",
                type=upload.UPLOAD_TYPES, key=f"upload-ul-{generation}",
            )
            units = upload.store(units_sent.getvalue(), units_sent.name) if units_sent else None
        mode = st.radio(
            "Mode d'import", list(upload.MODE_LABELS), format_func=upload.MODE_LABELS.get,
            key=f"upload-mode-{generation}",
        )
        stored = upload.store(data_bytes, sent.name)
        # a national register takes minutes: the same progress lines as the command line
        progress_line = st.empty()
        try:
            with st.spinner("Lecture et contrôle du fichier…"):
                report = upload.preview(st.session_state, stored, kind, fmt, mode,
                                        unites_legales=units, progress=progress_line.caption)
        except upload.UploadRefused as exc:
            st.error(f"Import impossible : {exc.message_fr}", icon=":material/block:")
        else:
            st.markdown("**Aperçu (rien n'est encore écrit)**")
            st.info(upload.before_after(report), icon=":material/compare_arrows:")
            st.dataframe(upload.summary(report), hide_index=True)
            if report.out_of_scope:
                st.caption("Lignes du registre hors périmètre (non importées) :")
                st.dataframe(upload.out_of_scope_table(report), hide_index=True)
            st.caption("Premières lignes acceptées :")
            st.dataframe(upload.first_rows(report), hide_index=True, width="stretch")
            if report.errors:
                with st.expander(f"Lignes rejetées ({report.rows_rejected}) et raisons"):
                    st.dataframe(upload.issues_table(report.errors), hide_index=True,
                                 width="stretch")
                st.download_button(
                    "Télécharger les lignes rejetées (CSV)", upload.rejected_csv(report),
                    file_name="lignes_rejetees.csv", mime="text/csv", key="upload-rejets",
                )
            if report.warnings:
                with st.expander(f"Remarques ({len(report.warnings)})"):
                    st.dataframe(upload.issues_table(report.warnings), hide_index=True,
                                 width="stretch")
            if report.rows_accepted == 0:
                st.warning("Aucune ligne acceptée : il n'y a rien à importer.",
                           icon=":material/warning:")
            elif st.button("Confirmer l'import", type="primary", key="upload-confirmer"):
                try:
                    done = upload.run(stored, kind, fmt, mode, unites_legales=units,
                                      dry_run=False, author=manager.author,
                                      progress=progress_line.caption)
                except upload.UploadRefused as exc:
                    st.error(f"Import impossible : {exc.message_fr}", icon=":material/block:")
                else:
                    upload.discard(stored)
                    st.session_state["upload_done"] = upload.done_message(done)
                    st.session_state["upload_generation"] = generation + 1
                    st.rerun()

st.header("Historique des versions")
past = upload.history(None) if target else []  # the configured store
if len(past):
    st.dataframe(tables.styled(past), hide_index=True, width="stretch")
else:
    st.info("Aucun import enregistré : le tableau de bord montre le jeu de démonstration.",
            icon="ℹ️")
if manager.allowed and target is not None:
    versions = upload.restorable(None)
    st.caption(
        f"Les données sont écrites dans : {storage.import_target_dir().label_fr}. Chaque import "
        "crée une version ; restaurer crée une nouvelle version, l'historique garde tout."
    )
    # fixed labels: a label that changes after an import would reset the choice
    restore_kind = st.radio(
        "Jeu à restaurer", list(upload.KIND_LABELS), format_func=upload.KIND_LABELS.get,
        horizontal=True, key="restaurer-type",
    )
    c1, c2 = st.columns(2)
    if c1.button(
        "Restaurer la version précédente", key="restaurer", disabled=not versions[restore_kind]
    ):
        try:
            version = upload.restore(None, restore_kind, author=manager.author)
        except upload.UploadRefused as exc:
            st.error(exc.message_fr, icon=":material/block:")
        else:
            st.session_state["upload_done"] = (
                f"Version précédente des {restore_kind} restaurée (version {version} ; la "
                "version remplacée reste dans l'historique)."
            )
            st.rerun()
    if c2.button("Revenir aux données de démonstration", key="revenir-demo",
                 disabled=upload.shows_demo(None)):
        try:
            version = upload.back_to_demo(None, author=manager.author)
        except upload.UploadRefused as exc:
            st.error(exc.message_fr, icon=":material/block:")
        else:
            st.session_state["upload_done"] = (
                f"Le tableau de bord montre de nouveau le jeu de démonstration (version {version}) ;"
                " vos imports restent dans l'historique et peuvent être restaurés."
            )
            st.rerun()
    earlier = upload.restorable_versions(None)
    if earlier:
        chosen = st.selectbox("Rétablir une version de l'historique", list(earlier),
                              format_func=earlier.get, key="version-choisie")
        if st.button("Rétablir cette version", key="retablir-version"):
            try:
                version = upload.restore_version(None, chosen, author=manager.author)
            except upload.UploadRefused as exc:
                st.error(exc.message_fr, icon=":material/block:")
            else:
                st.session_state["upload_done"] = (
                    f"Version {chosen} rétablie (enregistrée comme version {version})."
                )
                st.rerun()

st.markdown("**En ligne de commande** (gros fichiers, automatisation), depuis le dossier de l'outil :")
st.code(sources.IMPORT_COMMAND, language="bash")
st.markdown(
    "- `--format sirene|rna|modele` choisit le format, `--mode fusionner` fusionne au lieu de "
    "remplacer ; chaque import crée une version, les précédentes restent restaurables.\n"
    "- Ajoutez `--dry-run` pour vérifier le fichier sans rien écrire : un rapport liste les "
    "lignes acceptées, rejetées et pourquoi.\n"
    f"- Les données sont écrites dans la base SQLite du dossier de l'utilisateur (ou de la "
    f"variable `{storage.ENV_VAR}`), ou dans la base PostgreSQL de la variable "
    f"`{storage.DATABASE_ENV_VAR}` ; le jeu de démonstration livré n'est jamais modifié.\n"
    "- Deux imports en même temps : le second attend la fin du premier (30 s au plus), puis "
    "fusionne sur ses données ; sinon il est refusé sans rien changer (code de sortie 2).\n"
    "- `python -m observatoire versions` liste les versions ; `--restaurer N` rétablit la "
    "version N, `--demonstration` revient aux données de démonstration.\n"
    "- Dès qu'un fichier est importé, le tableau de bord montre les données importées à la place "
    "de la démonstration."
)
guide = sources.import_guide()
if guide:
    with st.expander("Guide complet de l'import (docs/import.md)"):
        st.markdown(guide)
else:
    st.caption("Guide complet : docs/import.md.")
