"""Exports speak like the screen: beside each coded column, the label people read on the page.

The code stays in its own column, under the file's own name (``secteur`` = ``sante``), so that
an export can be imported again and joined on codes; the label follows it, in a column named
``<colonne>_libelle`` (``secteur_libelle`` = ``Santé``), exactly as the tables of the pages
write it (``tables.labelled``).
"""

from __future__ import annotations

import pandas as pd

from observatoire import tables

# coded columns that have a label on screen (tables.labelled turns them into labels)
CODED = ("type_acteur", "forme_juridique", "secteur", "statut", "dispositif", "dispositifs")
SUFFIX = "_libelle"


def with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with, right after each coded column, the label shown on screen."""
    present = [c for c in CODED if c in frame.columns and f"{c}{SUFFIX}" not in frame.columns]
    if not present:
        return frame
    labels = tables.labelled(frame[present])
    out = frame.copy()
    for column in present:
        out.insert(out.columns.get_loc(column) + 1, f"{column}{SUFFIX}", labels[column])
    return out
