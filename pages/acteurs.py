"""Acteurs: searchable, sortable list of the filtered actors, detail of one, downloads."""

from observatoire import tables, ui

ui.page_header(
    "Acteurs",
    "Les acteurs retenus par les filtres. Cliquez sur un en-tête pour trier, cochez une ligne "
    "pour voir sa fiche complète.",
)
acteurs, _ = ui.filtered()
ui.closed_note()
ui.listing_page(
    acteurs,
    noun="acteur",
    search_column="nom",
    search_label="Rechercher un nom",
    placeholder="Par exemple : recyclerie, epicerie solidaire…",
    columns=tables.ACTOR_COLUMNS,
    detail_title="Fiche de l'acteur",
)
