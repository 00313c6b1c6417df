"""Merging an import into the current dataset: the SIRET, then the id, identify a row."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from observatoire.schema import COLUMNS
from observatoire.validation import to_canonical

MODES = ("remplacer", "fusionner")


@dataclass
class MergeResult:
    """The dataset to write and how it differs from the current one."""

    frame: pd.DataFrame
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # current rows absent from the import (replace mode only)


def _same(a: dict, b: dict, columns: list[str]) -> bool:
    for column in columns:
        x, y = a.get(column), b.get(column)
        if (x is None or x is pd.NA or (isinstance(x, float) and x != x)) and (
            y is None or y is pd.NA or (isinstance(y, float) and y != y)
        ):
            continue
        if x != y:
            return False
    return True


def merge(current: pd.DataFrame | None, imported: pd.DataFrame, kind: str, mode: str) -> MergeResult:
    """New dataset for `mode`, with rows_added / updated / unchanged counted against `current`.

    A row of the import matches a current row with the same SIRET, else the same id; a matched
    row keeps the current id (projects may point to it) and takes every other value from the
    import. Replace: the import is the whole new dataset. Merge: current rows the import does
    not mention are kept as they are.
    """
    if mode not in MODES:
        raise ValueError(f"mode inconnu : {mode}")
    columns = COLUMNS[kind]
    compared = [c for c in columns if c != "id"]
    current = current if current is not None else pd.DataFrame(columns=columns)
    old_rows = current[columns].astype(object).where(current[columns].notna(), None).to_dict(
        "records"
    )
    by_siret = {}
    if "siret" in columns:
        by_siret = {r["siret"]: i for i, r in enumerate(old_rows) if r.get("siret")}
    by_id = {r["id"]: i for i, r in enumerate(old_rows)}
    new_rows = imported[columns].astype(object).where(imported[columns].notna(), None).to_dict(
        "records"
    )
    # a SIRET written twice in the file identifies nothing: those rows are matched by id
    # a plain dict: Series.get, once per row, cost more than the whole count
    counts = pd.Series([r.get("siret") for r in new_rows], dtype=object).value_counts().to_dict()
    result = MergeResult(frame=imported)
    matched: dict[int, dict] = {}
    ordered: list[tuple[str, int]] = []  # the import's order: ("old", index) or ("new", n)
    added: list[dict] = []
    used_ids = {r["id"] for r in old_rows}
    for row in new_rows:
        siret = row.get("siret")
        index = by_siret.get(siret) if siret and counts.get(siret, 0) == 1 else None
        if index is None:
            index = by_id.get(row["id"])
        if index is not None and index not in matched:
            old = old_rows[index]
            row = {**row, "id": old["id"]}
            if _same(old, row, compared):
                result.unchanged += 1
            else:
                result.updated += 1
            matched[index] = row
            ordered.append(("old", index))
            continue
        if row["id"] in used_ids and index is not None:
            # two rows of the file name the same current row: the second is a new row
            base, n = row["id"], 2
            while f"{base}-{n}" in used_ids:
                n += 1
            row = {**row, "id": f"{base}-{n}"}
        used_ids.add(row["id"])
        ordered.append(("new", len(added)))
        added.append(row)
        result.added += 1
    if mode == "remplacer":
        result.removed = len(old_rows) - len(matched)
        rows = [matched[i] if what == "old" else added[i] for what, i in ordered]
    else:
        rows = [matched.get(i, old) for i, old in enumerate(old_rows)] + added
    result.frame = to_canonical(pd.DataFrame(rows, columns=columns), kind)
    return result
