"""Projets: searchable, sortable list of the filtered projects with their carrier, detail, downloads."""

from observatoire import dataset, tables, ui

ui.page_header(
    "Projets",
    "Les projets d'innovation sociale retenus par les filtres, avec l'acteur qui les porte. "
    "Cliquez sur un en-tête pour trier, cochez une ligne pour voir sa fiche complète.",
)
_, projets = ui.filtered()
ui.listing_page(
    dataset.with_carrier(projets, ui.dataset().acteurs),
    noun="projet",
    search_column="titre",
    search_label="Rechercher un titre",
    placeholder="Par exemple : mobilité solidaire, tiers-lieu…",
    columns=tables.PROJECT_COLUMNS,
    detail_title="Fiche du projet",
    long_text_column="description",
)
