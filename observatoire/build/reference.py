"""The sourced real actors and projects of data/reference/, read for the demonstration dataset.

Each file holds the canonical columns of data/acteurs.csv (or projets.csv), values exactly as the
demonstration writes them, then where each row comes from: its line in the reference table
(`ligne_reference`), the addresses cited there (`adresses`), what the source says when it is
not an address (`note_source`) and why an uncertain fact was left empty or chosen
(`remarque`). `source` is built from the first three (see `source_text`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from observatoire import DEMO_DATA_DIR
from observatoire.schema import COLUMNS, DISPOSITIFS_SEPARATOR
from observatoire.validation import column_dtype

REFERENCE_DIR = DEMO_DATA_DIR / "reference"
# the team's sourced table, kept in the project's steering folder (shared/reference/)
REFERENCE_FILE = "acteurs_reels.md"
FILES = {"acteurs": "acteurs_reels.csv", "projets": "projets_reels.csv"}
PROVENANCE_COLUMNS = ["ligne_reference", "adresses", "note_source", "remarque"]


def read(kind: str, folder: Path = REFERENCE_DIR) -> pd.DataFrame:
    """A reference file with its canonical dtypes, then its provenance columns as text."""
    dtypes = {column: column_dtype(column) for column in COLUMNS[kind]}
    dtypes |= {column: "str" for column in PROVENANCE_COLUMNS}
    frame = pd.read_csv(
        Path(folder) / FILES[kind], dtype=dtypes, keep_default_na=False, na_values=[""],
        encoding="utf-8",
    )
    return frame[COLUMNS[kind] + PROVENANCE_COLUMNS]


def source_text(row) -> str:
    """French provenance text of a real row: its addresses, its note, then the reference line."""
    parts = [] if pd.isna(row["adresses"]) else row["adresses"].split(DISPOSITIFS_SEPARATOR)
    if not pd.isna(row["note_source"]):
        parts.append(row["note_source"])
    parts.append(f"référence : {REFERENCE_FILE} {row['ligne_reference']}")
    return DISPOSITIFS_SEPARATOR.join(parts)


def real_frames(folder: Path = REFERENCE_DIR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The real (acteurs, projets) rows, canonical columns only, as the demonstration writes them."""
    acteurs, projets = (read(kind, folder) for kind in ("acteurs", "projets"))
    return acteurs[COLUMNS["acteurs"]], projets[COLUMNS["projets"]]


def unlocated_project_ids(folder: Path = REFERENCE_DIR) -> list[str]:
    """Real projects whose commune is not confirmed: written "non localisé" (no commune)."""
    projets = read("projets", folder)
    return projets.loc[projets["code_commune"].isna(), "id"].tolist()
