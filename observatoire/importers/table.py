"""Generic import engine: a table file in, a canonical dataset and a report out.

The command line and the upload page both call `import_file`; a preview is a dry run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from observatoire import datastore
from observatoire.reading import SEPARATOR_NAMES, ReadError, read_table
from observatoire.schema import COLUMNS
from observatoire.validation import (
    REQUIRED_TEXT,
    Issue,
    clean_rows,
    load_dataset,
    schema_problems,
)

KINDS = tuple(COLUMNS)


@dataclass
class ImportReport:
    """What an import read, accepted, rejected and wrote."""

    type: str
    file: str
    data_dir: str | None = None
    dry_run: bool = False
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    rows_unlocated: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    written: str | None = None
    backup: str | None = None
    history: str | None = None
    format: str | None = None
    encoding: str | None = None
    separator: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # file header -> canonical column
    frame: pd.DataFrame | None = field(default=None, repr=False)  # accepted rows, canonical

    def to_dict(self) -> dict:
        """JSON-ready form: the accepted frame is left out."""
        return {
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_rejected": self.rows_rejected,
            "rows_unlocated": self.rows_unlocated,
            "errors": [issue.to_dict() for issue in self.errors],
            "warnings": [issue.to_dict() for issue in self.warnings],
            "type": self.type,
            "file": self.file,
            "data_dir": self.data_dir,
            "dry_run": self.dry_run,
            "written": self.written,
            "backup": self.backup,
            "history": self.history,
            "format": self.format,
            "encoding": self.encoding,
            "separator": SEPARATOR_NAMES.get(self.separator, self.separator),
            "columns": self.columns,
        }


def _check_columns(table: pd.DataFrame, kind: str) -> None:
    """Refuse a table without its name column or any way to locate its rows."""
    found = ", ".join(f"« {h} »" for h in table.attrs.get("original_headers", {}).values())
    found = found or "aucune"
    required = REQUIRED_TEXT[kind]
    if required not in table.columns:
        raise ReadError(
            f"Colonne obligatoire absente : « {required} » (colonnes reconnues : {found})."
        )
    has_lat, has_lon = "latitude" in table.columns, "longitude" in table.columns
    if has_lat != has_lon:
        present, absent = ("latitude", "longitude") if has_lat else ("longitude", "latitude")
        raise ReadError(f"Colonne « {present} » présente sans colonne « {absent} ».")
    if "code_commune" not in table.columns and not has_lat:
        raise ReadError(
            "Aucune colonne de localisation : il faut une colonne « code_commune » (code INSEE) "
            f"ou les deux colonnes « latitude » et « longitude » (colonnes reconnues : {found})."
        )


def _current_actor_ids(data_dir: Path) -> tuple[set[str] | None, str]:
    path = datastore.dataset_path(data_dir, "acteurs")
    if not path.is_file():
        return None, str(data_dir)
    try:
        actors = load_dataset(path, "acteurs")
    except Exception as exc:  # an unreadable current file must not pass as "no porteur known"
        raise datastore.DataStoreError(
            f"Jeu d'acteurs actuel illisible ({path}) : impossible de vérifier les porteurs. "
            f"Détail : {exc}"
        ) from exc
    return set(actors["id"].dropna()), str(path)


def import_file(
    path: str | Path,
    kind: str,
    data_dir: str | Path | None = None,
    dry_run: bool = False,
    *,
    display_name: str | None = None,
    now: dt.datetime | None = None,
) -> ImportReport:
    """Read, clean and (unless dry run) write one file of `kind` as the whole new dataset.

    Raises ReadError when the file cannot be used and DataStoreError when the data folder
    cannot be used or written; in both cases nothing has been modified.
    """
    if kind not in KINDS:
        raise ReadError(f"Type inconnu : « {kind} » (attendu : {' ou '.join(KINDS)}).")
    path = Path(path)
    name = display_name or path.name
    target = datastore.import_target_dir(data_dir)
    table, lines = read_table(path, kind)
    _check_columns(table, kind)
    if not len(table):
        raise ReadError("Le fichier ne contient que la ligne d'en-tête : aucune donnée à importer.")
    known, origin = _current_actor_ids(target.path) if kind == "projets" else (None, "")
    headers = table.attrs.get("original_headers", {})
    result = clean_rows(
        table,
        lines,
        kind,
        known_porteurs=known,
        porteurs_origin=origin,
        source_label=f"import : {name}",
        headers=headers,
        overflow=table.attrs.get("overflow", {}),
    )
    report = ImportReport(
        type=kind,
        file=str(path if display_name is None else display_name),
        data_dir=str(target.path),
        dry_run=dry_run,
        rows_read=result.rows_read,
        rows_accepted=len(result.frame),
        rows_rejected=result.rows_rejected,
        rows_unlocated=result.rows_unlocated,
        errors=result.errors,
        format=table.attrs.get("format"),
        encoding=table.attrs.get("encoding"),
        separator=table.attrs.get("separator"),
        columns={original: canonical for canonical, original in headers.items()},
        frame=result.frame,
    )
    report.warnings = _file_warnings(table, kind) + result.warnings
    problems = schema_problems(result.frame, kind)
    if problems:
        # cleaning promises schema-valid rows; writing anything else would spread a bug
        raise RuntimeError("contrôle final du schéma en échec : " + " ; ".join(problems[:5]))
    if dry_run:
        return report
    if report.rows_accepted == 0:
        report.warnings.append(Issue(
            None, None, "aucune ligne acceptée : le jeu de données actuel est conservé tel quel"
        ))
        return report
    written = datastore.write_dataset_atomic(result.frame, target.path, kind, now=now)
    report.written = str(written.path)
    report.backup = str(written.backup) if written.backup else None
    entry = {
        "date": (now or dt.datetime.now()).isoformat(timespec="seconds"),
        "file": report.file,
        "type": kind,
        "rows_read": report.rows_read,
        "rows_accepted": report.rows_accepted,
        "rows_rejected": report.rows_rejected,
        "rows_unlocated": report.rows_unlocated,
        "written": report.written,
        "backup": report.backup,
    }
    try:
        report.history = str(datastore.append_history(target.path, entry))
    except OSError as exc:
        # the dataset is already replaced; losing one history line must not hide that
        report.warnings.append(Issue(None, None, f"historique non mis à jour : {exc}"))
    return report


def _file_warnings(table: pd.DataFrame, kind: str) -> list[Issue]:
    warnings = []
    for header in table.attrs.get("ignored_columns", []):
        warnings.append(Issue(None, header, f"colonne non reconnue, ignorée : « {header} »"))
    headers = table.attrs.get("original_headers", {})
    for header, kept in table.attrs.get("shadowed_columns", {}).items():
        canonical = next(c for c, h in headers.items() if h == kept)
        warnings.append(Issue(
            None, header,
            f"colonne « {header} » ignorée : la colonne « {kept} » porte déjà « {canonical} »",
        ))
    if "id" not in table.columns:
        warnings.append(Issue(
            None, "id",
            "pas de colonne « id » : identifiants générés à partir du "
            f"{REQUIRED_TEXT[kind]}, de la commune et du SIRET (identiques d'un import à l'autre)",
        ))
    if kind == "projets" and "latitude" in table.columns:
        warnings.append(Issue(
            None, "latitude",
            "coordonnées utilisées seulement pour trouver la commune des projets (non conservées)",
        ))
    return warnings
