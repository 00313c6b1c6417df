"""Generic import engine: a table file in, a canonical dataset and a report out.

The command line and the upload page both call `import_file`; a preview is a dry run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from observatoire import storage
from observatoire.importers import rna, sirene
from observatoire.importers.merge import MODES, merge
from observatoire.importers.streaming import Progress
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
FORMATS = ("modele", "sirene", "rna")


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
    import_format: str = "modele"  # modele, sirene or rna
    mode: str = "remplacer"
    rows_scanned: int | None = None  # registers: every data row, in scope or not
    rows_out_of_scope: int = 0
    out_of_scope: dict[str, int] = field(default_factory=dict)
    rows_per_second: float | None = None
    rows_added: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_removed: int = 0
    rows_total: int | None = None  # rows of the dataset once written (or that would be)
    frame: pd.DataFrame | None = field(default=None, repr=False)  # accepted rows, canonical
    result: pd.DataFrame | None = field(default=None, repr=False)  # the dataset to write

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
            "import_format": self.import_format,
            "mode": self.mode,
            "rows_scanned": self.rows_scanned,
            "rows_out_of_scope": self.rows_out_of_scope,
            "out_of_scope": self.out_of_scope,
            "rows_per_second": self.rows_per_second,
            "rows_added": self.rows_added,
            "rows_updated": self.rows_updated,
            "rows_unchanged": self.rows_unchanged,
            "rows_removed": self.rows_removed,
            "rows_total": self.rows_total,
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
    path = storage.dataset_path(data_dir, "acteurs")
    if not path.is_file():
        return None, str(data_dir)
    try:
        actors = load_dataset(path, "acteurs")
    except Exception as exc:  # an unreadable current file must not pass as "no porteur known"
        raise storage.DataStoreError(
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
    fmt: str = "modele",
    mode: str = "remplacer",
    unites_legales: str | Path | None = None,
    display_name: str | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Read, clean and (unless dry run) write one file of `kind` into the dataset.

    `fmt`: modele (our table, tolerant headers), sirene or rna (registers as published);
    `mode`: remplacer (the file becomes the dataset) or fusionner (merged by SIRET, then id).
    Raises ReadError when the file cannot be used and DataStoreError when the data folder
    cannot be used or written; in both cases nothing has been modified.
    """
    if kind not in KINDS:
        raise ReadError(f"Type inconnu : « {kind} » (attendu : {' ou '.join(KINDS)}).")
    if fmt not in FORMATS:
        raise ReadError(f"Format inconnu : « {fmt} » (attendu : {', '.join(FORMATS)}).")
    if mode not in MODES:
        raise ReadError(f"Mode inconnu : « {mode} » (attendu : {' ou '.join(MODES)}).")
    if fmt != "modele" and kind != "acteurs":
        raise ReadError(
            f"Le format {fmt} décrit des structures : importez-le avec le type « acteurs »."
        )
    if unites_legales is not None and fmt != "sirene":
        raise ReadError("--unites-legales ne sert qu'avec le format sirene.")
    path = Path(path)
    name = display_name or path.name
    target = storage.import_target_dir(data_dir)
    prepared = None
    if fmt == "modele":
        table, lines = read_table(path, kind)
        _check_columns(table, kind)
        if not len(table):
            raise ReadError(
                "Le fichier ne contient que la ligne d'en-tête : aucune donnée à importer."
            )
        headers = table.attrs.get("original_headers", {})
        overflow = table.attrs.get("overflow", {})
    else:
        if fmt == "sirene":
            prepared = sirene.read_sirene(
                path, unites_legales, display_name=name, progress=progress
            )
        else:
            prepared = rna.read_rna(path, display_name=name, progress=progress)
        table, lines, headers, overflow = prepared.table, prepared.lines, prepared.headers, {}
    known, origin = _current_actor_ids(target.path) if kind == "projets" else (None, "")
    result = clean_rows(
        table,
        lines,
        kind,
        known_porteurs=known,
        porteurs_origin=origin,
        source_label=f"import : {name}",
        headers=headers,
        overflow=overflow,
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
        format=table.attrs.get("format", "csv"),
        encoding=table.attrs.get("encoding"),
        separator=table.attrs.get("separator"),
        columns={original: canonical for canonical, original in headers.items()},
        import_format=fmt,
        mode=mode,
        frame=result.frame,
    )
    if prepared is not None:
        report.encoding, report.separator = prepared.encoding, prepared.separator
        report.rows_scanned = prepared.rows_scanned
        report.rows_out_of_scope = prepared.rows_out_of_scope
        report.out_of_scope = prepared.out_of_scope
        report.rows_per_second = prepared.rows_per_second
        report.warnings = prepared.warnings + result.warnings
    else:
        report.warnings = _file_warnings(table, kind) + result.warnings
    problems = schema_problems(result.frame, kind)
    if problems:
        # cleaning promises schema-valid rows; writing anything else would spread a bug
        raise RuntimeError("contrôle final du schéma en échec : " + " ; ".join(problems[:5]))
    try:
        current = _current_dataset(target.path, kind)
    except storage.DataStoreError as exc:
        if mode == "fusionner":
            raise
        current = None  # replacing an unreadable file is how it gets repaired
        report.warnings.append(Issue(None, None, exc.message_fr + " ; il sera remplacé"))
    merged = merge(current, result.frame, kind, mode)
    report.rows_added, report.rows_updated = merged.added, merged.updated
    report.rows_unchanged, report.rows_removed = merged.unchanged, merged.removed
    report.rows_total = len(merged.frame)
    report.result = merged.frame
    problems = schema_problems(merged.frame, kind)
    if problems:
        raise RuntimeError("contrôle du schéma après fusion en échec : " + " ; ".join(problems[:5]))
    if dry_run:
        return report
    if report.rows_accepted == 0:
        report.warnings.append(Issue(
            None, None, "aucune ligne acceptée : le jeu de données actuel est conservé tel quel"
        ))
        return report
    written = storage.write_dataset_atomic(merged.frame, target.path, kind, now=now)
    report.written = str(written.path)
    report.backup = str(written.backup) if written.backup else None
    entry = {
        "date": (now or dt.datetime.now()).isoformat(timespec="seconds"),
        "file": report.file,
        "type": kind,
        "format": fmt,
        "mode": mode,
        "rows_read": report.rows_read,
        "rows_accepted": report.rows_accepted,
        "rows_rejected": report.rows_rejected,
        "rows_unlocated": report.rows_unlocated,
        "rows_added": report.rows_added,
        "rows_updated": report.rows_updated,
        "rows_unchanged": report.rows_unchanged,
        "written": report.written,
        "backup": report.backup,
    }
    try:
        report.history = str(storage.append_history(target.path, entry))
    except OSError as exc:
        # the dataset is already replaced; losing one history line must not hide that
        report.warnings.append(Issue(None, None, f"historique non mis à jour : {exc}"))
    return report


def _current_dataset(data_dir: Path, kind: str) -> pd.DataFrame | None:
    path = storage.dataset_path(data_dir, kind)
    if not path.is_file():
        return None
    try:
        return load_dataset(path, kind)
    except Exception as exc:  # merging into a file we cannot read would lose its rows
        raise storage.DataStoreError(
            f"Jeu de données actuel illisible ({path}) : impossible de comparer ou fusionner. "
            f"Détail : {exc}"
        ) from exc


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
