"""Tables as people read them: French headers, codes turned into labels, one Styler, heat colours."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from observatoire import indicators, levels, schema
from observatoire.dataset import NOT_LOCATED
from observatoire.formatting import MISSING, Unit, fmt_eur, fmt_int, fmt_value

# Column headers shown on screen (exports keep the file's own column names)
COLUMN_LABELS = {
    "id": "Identifiant",
    "nom": "Nom",
    "titre": "Titre",
    "type_acteur": "Type d'acteur",
    "forme_juridique": "Forme juridique",
    "secteur": "Secteur",
    "code_commune": "Code commune",
    **{level.name_column: level.singular for level in levels.TERRITORIAL.values()},
    "code_departement": "Code département",
    "code_epci": "Code EPCI",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "position": "Position (adresse ou commune)",
    "emplois": "Emplois",
    "annee_creation": "Année de création",
    "annee_fermeture": "Année de fermeture",
    "dispositifs": "Dispositifs",
    "dispositif": "Dispositif",
    "siret": "SIRET",
    "site_web": "Site web",
    "source": "Source",
    "porteur_id": "Porteur",
    "annee_debut": "Année de début",
    "statut": "Statut",
    "montant_aide_eur": "Aide (€)",
    "emplois_crees": "Emplois créés",
    "description": "Description",
    "famille": "Famille de l'ESS",
}

ACTOR_COLUMNS = [
    "nom", "type_acteur", "forme_juridique", "famille", "secteur", "nom_commune", "nom_departement",
    "nom_epci", "emplois", "annee_creation", "dispositifs",
]
PROJECT_COLUMNS = [
    "titre", "nom_porteur", "secteur", "statut", "dispositif", "nom_commune", "nom_departement",
    "annee_debut", "montant_aide_eur", "emplois_crees",
]
# The carrier's name is what people read; its identifier stays available in the detail view
LABELS = {**COLUMN_LABELS, "porteur_id": "Identifiant du porteur", "nom_porteur": "Porteur"}
YEAR_COLUMNS = ("annee_creation", "annee_fermeture", "annee_debut")
EURO_COLUMNS = ("montant_aide_eur",)
# Identifiers and coordinates are shown as written: "2 009" or "45,9" would be misread
RAW_COLUMNS = ("id", "porteur_id", "siret", "latitude", "longitude", "code_commune", "code_epci")


# Headers of the territory tables around the indicators' own columns
TERRITORY_HEADERS = {"nom": "Territoire", "code": "Code", "population": "Population"}
# Says "effectif faible" for a rate on a small population, "partie AURA seulement" at the border
RELIABILITY_HEADER = "Remarque"
# An indicator's column is headed by its label and written in its unit, wherever it is shown
INDICATOR_UNITS = {i.label: i.unit for i in indicators.REGISTRY.values()}

# Heat scale of the territory x sector matrix (ColorBrewer YlGnBu, colour-blind safe)
HEAT = ("#ffffd9", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")
EMPTY_CELL = "#f3f3f3"


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Nomenclature codes replaced by their French labels, for display."""
    out = frame.copy()
    for column in ("secteur", "type_acteur", "forme_juridique", "statut", "dispositif", "famille"):
        if column in out.columns:
            nomenclature = schema.NOMENCLATURES[column]
            out[column] = out[column].map(lambda c: nomenclature.get(c, c) if isinstance(c, str) else c)
    if "dispositifs" in out.columns:
        out["dispositifs"] = out["dispositifs"].map(
            lambda v: ", ".join(
                schema.DISPOSITIFS.get(c, c) for c in v.split(schema.DISPOSITIFS_SEPARATOR) if c
            )
            if isinstance(v, str)
            else v
        )
    return out


def heat_colour(value: float, maximum: float) -> str:
    """Background colour of a matrix cell: grey for 0, then darker with the count."""
    if pd.isna(value) or value <= 0 or maximum <= 0:
        return EMPTY_CELL
    index = min(int((value / maximum) ** 0.5 * (len(HEAT) - 1) + 0.5), len(HEAT) - 1)
    return HEAT[max(index, 0)]


def heat_styles(matrix: pd.DataFrame) -> pd.DataFrame:
    """CSS of each cell of a count matrix (dark cells get white text)."""
    maximum = float(matrix.max().max()) if matrix.size else 0.0

    def css(value: float) -> str:
        colour = heat_colour(value, maximum)
        text = "#ffffff" if colour in HEAT[4:] else "#111111"
        return f"background-color: {colour}; color: {text}"

    return matrix.apply(lambda column: column.map(css))


def territory_table(table: pd.DataFrame) -> pd.DataFrame:
    """A table of indicators.territory_table as people read it: Territoire, Code, Population,
    then one column per indicator headed by its registry label; numbers stay numeric."""
    keys = [c for c in table.columns if c in indicators.REGISTRY]
    headers = {**TERRITORY_HEADERS, **{k: indicators.REGISTRY[k].label for k in keys},
               indicators.RELIABILITY: RELIABILITY_HEADER}
    notes = [indicators.RELIABILITY] if indicators.RELIABILITY in table.columns else []
    return table[[*TERRITORY_HEADERS, *keys, *notes]].rename(columns=headers)


def mix_table(mix: pd.DataFrame, category: str) -> pd.DataFrame:
    """A sector or family mix (indicators.sector_mix / family_mix) as people read it:
    the category, Acteurs, Part (%); numbers stay numeric."""
    return pd.DataFrame(
        {
            category: mix["libelle"].to_numpy(),
            "Acteurs": mix["nombre"].to_numpy(),
            "Part (%)": (mix["part"].astype("Float64") * 100).to_numpy(),
        }
    )


def display_table(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Chosen columns with labels and French headers; a missing commune reads 'Non localisé'."""
    present = [c for c in columns if c in frame.columns]
    out = labelled(frame[present])
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            # Streamlit shows a missing text as "None": say it the French way
            out[column] = out[column].fillna(NOT_LOCATED if column == "nom_commune" else MISSING)
    return out.rename(columns=LABELS)


def _year(value: object) -> str:
    return MISSING if pd.isna(value) else str(int(value))


def styled(table: pd.DataFrame, units: Mapping[str, Unit] | None = None):
    """The one Styler of the app: French numbers, years unseparated, sorting stays numeric.

    `units` gives the unit of headers that are not dataset columns (an indicator's column, from
    its registry entry); dataset columns are recognised by their French header.
    """
    formats = {}
    for raw, label in LABELS.items():
        if label not in table.columns:
            continue
        if raw in YEAR_COLUMNS:
            formats[label] = _year
        elif raw in EURO_COLUMNS:
            formats[label] = fmt_eur
        elif raw not in RAW_COLUMNS and pd.api.types.is_numeric_dtype(table[label]):
            formats[label] = fmt_int
    for header, unit in {**INDICATOR_UNITS, **(units or {})}.items():
        if header in table.columns:
            formats[header] = lambda v, unit=unit: fmt_value(v, unit)
    for header in table.columns:
        if header not in formats and header not in LABELS.values() and (
            pd.api.types.is_numeric_dtype(table[header])
        ):
            formats[header] = fmt_int
    return table.style.format(formats, na_rep=MISSING)


def _cell_text(column: str, value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return NOT_LOCATED if column == "nom_commune" else MISSING
    if column in YEAR_COLUMNS:
        return str(int(value))
    if column in EURO_COLUMNS:
        return fmt_eur(value)
    if column in RAW_COLUMNS:
        return str(value).replace(".", ",") if column in ("latitude", "longitude") else str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt_int(value)
    return str(value)


def detail(row: pd.Series) -> pd.DataFrame:
    """Every field of one row as text: 'Champ' (French label) and 'Valeur'."""
    shown = labelled(row.to_frame().T).iloc[0]
    return pd.DataFrame(
        {
            "Champ": [LABELS.get(c, c) for c in row.index],
            "Valeur": [_cell_text(c, shown[c]) for c in row.index],
        }
    )
