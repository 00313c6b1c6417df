"""Generic import engine: a table file in, a canonical dataset and a report out.

The command line and the upload page both call `import_file`; a preview is a dry run.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import socket
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
    version: int | None = None  # the version the import created
    author: str | None = None
    sha256: str | None = None
    from_demo: bool = False  # the dashboard showed the demonstration before this import
    shown_before: dict[str, int] = field(default_factory=dict)  # kind -> rows shown now
    shown_after: dict[str, int] = field(default_factory=dict)  # kind -> rows shown after
    orphan_projects: int = 0  # projects kept whose porteur is no longer among the actors
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
            "version": self.version,
            "author": self.author,
            "sha256": self.sha256,
            "from_demo": self.from_demo,
            "shown_before": self.shown_before,
            "shown_after": self.shown_after,
            "orphan_projects": self.orphan_projects,
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


def _current_actor_ids(
    store: storage.Store, version: storage.Version | None
) -> tuple[set[str] | None, str]:
    if version is None or version.demo:
        return None, store.label_fr  # the demonstration leaves with the first import
    return set(store.read("acteurs", version)["id"].dropna()), store.label_fr


def command_line_author() -> str:
    """Who runs an import from the command line: the system account and the machine."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no account name in some containers
        user = "inconnu"
    return f"ligne de commande ({user}@{socket.gethostname()})"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read by blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    author: str | None = None,
    database_url: str | None = None,
) -> ImportReport:
    """Read, clean and (unless dry run) write one file of `kind` into the dataset.

    `fmt`: modele (our table, tolerant headers), sirene or rna (registers as published);
    `mode`: remplacer (the file becomes the dataset) or fusionner (merged by SIRET, then id).
    Raises ReadError when the file cannot be used and DataStoreError when the store cannot be
    used or written (BusyError when another import kept it too long); in every case nothing has
    been modified. The merge is computed again inside the write's locked transaction, on the
    rows current at that moment: the report's counts are those of the version written.
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
    if database_url is None:
        target = storage.import_target_dir(data_dir)
        store = storage.open_store(data_dir)
    else:
        store = storage.open_store(data_dir, url=database_url)
        target = storage.DataLocation(Path(data_dir or "."), "database", store.label_fr, database_url)
    version = store.prepare().current()  # a CSV folder is taken over before comparing to it
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
    known, origin = _current_actor_ids(store, version) if kind == "projets" else (None, "")
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
        data_dir=str(target.path) if target.url is None else store.label_fr,
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
    report.author = author or command_line_author()
    report.sha256 = file_sha256(path)
    from_demo = version is None or version.demo
    current = None if from_demo else store.read(kind, version)
    _apply_merge(report, current, result.frame, kind, mode)
    _shown(report, store, version, kind)
    if dry_run:
        return report
    if report.rows_accepted == 0:
        report.warnings.append(Issue(
            None, None, "aucune ligne acceptée : le jeu de données actuel est conservé tel quel"
        ))
        return report

    def build(current_now, version_now):
        # inside the locked transaction: the rows current *now*, not those of the preview
        _apply_merge(report, current_now, result.frame, kind, mode)
        _shown(report, store, version_now, kind)
        info = {
            "file_name": report.file, "sha256": report.sha256, "format": fmt, "mode": mode,
            "rows_read": report.rows_read, "rows_accepted": report.rows_accepted,
            "rows_rejected": report.rows_rejected, "rows_unlocated": report.rows_unlocated,
            "rows_added": report.rows_added, "rows_updated": report.rows_updated,
            "rows_unchanged": report.rows_unchanged, "rows_removed": report.rows_removed,
        }
        return report.result, info

    written = store.write(kind, build, author=report.author)
    report.version = written.id
    report.written = f"version {written.id} ({store.label_fr})"
    previous = version.id if version is not None else None
    report.backup = f"version {previous}" if previous is not None else None
    report.history = store.label_fr
    if kind == "acteurs" and not report.from_demo:
        report.orphan_projects = _orphans(store, written)
        if report.orphan_projects:
            report.warnings.append(Issue(
                None, "porteur_id",
                f"{report.orphan_projects} projet(s) conservé(s) dont le porteur ne figure plus "
                "parmi les acteurs",
            ))
    return report


def _apply_merge(report: ImportReport, current, imported, kind: str, mode: str) -> None:
    merged = merge(current, imported, kind, mode)
    report.rows_added, report.rows_updated = merged.added, merged.updated
    report.rows_unchanged, report.rows_removed = merged.unchanged, merged.removed
    report.rows_total = len(merged.frame)
    report.result = merged.frame
    problems = schema_problems(merged.frame, kind)
    if problems:
        raise RuntimeError("contrôle du schéma après fusion en échec : " + " ; ".join(problems[:5]))


def _shown(report: ImportReport, store: storage.Store, version, kind: str) -> None:
    """What the dashboard shows now, and what it will show after this import."""
    report.from_demo = version is None or version.demo
    if report.from_demo:
        report.shown_before = storage.demo_counts()
        report.shown_after = {k: 0 for k in KINDS}
    else:
        report.shown_before = {k: version.rows_of(k) for k in KINDS}
        report.shown_after = dict(report.shown_before)
    report.shown_after[kind] = report.rows_total or 0
    if report.from_demo:
        report.rows_removed = report.shown_before[kind]  # the demonstration leaves whole


def _orphans(store: storage.Store, version: storage.Version) -> int:
    projets = store.read("projets", version)
    if projets.empty:
        return 0
    actors = set(store.read("acteurs", version)["id"].dropna())
    carriers = projets["porteur_id"].dropna()
    return int((~carriers.isin(actors)).sum())


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
