"""The Acteurs and Projets pages' logic: accent-blind search, carrier names, tables and detail."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from observatoire import tables
from observatoire.dataset import NOT_LOCATED
from observatoire.indicators import MISSING, fmt_eur, fmt_int

ACTOR_COLUMNS = [
    "nom", "type_acteur", "forme_juridique", "secteur", "nom_commune", "nom_departement",
    "nom_epci", "emplois", "annee_creation", "dispositifs",
]
PROJECT_COLUMNS = [
    "titre", "nom_porteur", "secteur", "statut", "dispositif", "nom_commune", "nom_departement",
    "annee_debut", "montant_aide_eur", "emplois_crees",
]
# The carrier's name is what people read; its identifier stays available in the detail view
LABELS = {**tables.COLUMN_LABELS, "porteur_id": "Identifiant du porteur", "nom_porteur": "Porteur"}
YEAR_COLUMNS = ("annee_creation", "annee_debut")
EURO_COLUMNS = ("montant_aide_eur",)
# Identifiers and coordinates are shown as written: "2 009" or "45,9" would be misread
RAW_COLUMNS = ("id", "porteur_id", "siret", "latitude", "longitude", "code_commune", "code_epci")

_SEPARATORS = re.compile(r"[\s'’‘`´\-‐–—_.,;:/()]+")


def normalize(text: object) -> str:
    """Text folded for search: no accents, no case, punctuation and hyphens as single spaces."""
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # "œ" and "æ" do not decompose; people type "oe" and "ae"
    bare = bare.casefold().replace("œ", "oe").replace("æ", "ae")
    return _SEPARATORS.sub(" ", bare).strip()


def search(frame: pd.DataFrame, query: str | None, column: str) -> pd.DataFrame:
    """Rows whose `column` contains every word of the query, ignoring accents and case."""
    words = normalize(query).split()
    if not words:
        return frame
    folded = frame[column].map(normalize)
    mask = pd.Series(True, index=frame.index)
    for word in words:
        mask &= folded.str.contains(word, regex=False)
    return frame[mask]


def with_carrier(projets: pd.DataFrame, acteurs: pd.DataFrame) -> pd.DataFrame:
    """Projects with `nom_porteur`, the name of the actor whose id is `porteur_id` (NA if absent)."""
    names = acteurs.drop_duplicates("id").set_index("id")["nom"]
    out = projets.copy()
    out["nom_porteur"] = out["porteur_id"].map(names)
    return out


def count_label(n: int, singular: str, plural: str) -> str:
    """'1 234 acteurs', '1 acteur', '0 acteur' (French keeps zero singular)."""
    return f"{fmt_int(n)}\u00a0{singular if n < 2 else plural}"


def count_sentence(shown: int, total: int, noun: str) -> str:
    """'**1 234 acteurs affichés** sur 2 033 retenus par les filtres.' (markdown, digits only)."""
    head = count_label(shown, f"{noun} affiché", f"{noun}s affichés")
    return f"**{head}** sur {fmt_int(total)} {'retenus' if total >= 2 else 'retenu'} par les filtres."


def display_table(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Chosen columns with labels and French headers; a missing commune reads 'Non localisé'."""
    present = [c for c in columns if c in frame.columns]
    out = tables.labelled(frame[present])
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            # Streamlit shows a missing text as "None": say it the French way
            out[column] = out[column].fillna(NOT_LOCATED if column == "nom_commune" else MISSING)
    return out.rename(columns=LABELS)


def _year(value: object) -> str:
    return MISSING if pd.isna(value) else str(int(value))


def styled(table: pd.DataFrame):
    """A Styler with French numbers; years unseparated; sorting stays numeric."""
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
    labelled = tables.labelled(row.to_frame().T).iloc[0]
    return pd.DataFrame(
        {
            "Champ": [LABELS.get(c, c) for c in row.index],
            "Valeur": [_cell_text(c, labelled[c]) for c in row.index],
        }
    )
