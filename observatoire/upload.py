"""Import from the app: the logic behind the upload widgets of « Données et méthode ».

The uploaded bytes are written to a temporary file and given to the same engine as the command
line (`importers.import_file`); nothing is unpickled or evaluated, text stays data. Never
imports streamlit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from observatoire import export, formatting, storage, tables
from observatoire.importers import import_file, rna, sirene
from observatoire.importers.streaming import Progress
from observatoire.importers.table import ImportReport
from observatoire.reading import ReadError

MAX_UPLOAD_MB = 200  # .streamlit/config.toml server.maxUploadSize
FORMAT_LABELS = {
    "modele": "Modèle de l'observatoire (CSV ou XLSX)",
    "sirene": "SIRENE (INSEE) : fichier des établissements ou extrait",
    "rna": "RNA : fichier « waldec » des associations",
}
MODE_LABELS = {
    "remplacer": "Remplacer le jeu de données actuel",
    "fusionner": "Fusionner avec le jeu actuel (mise à jour par SIRET puis identifiant)",
}
KIND_LABELS = {"acteurs": "Acteurs", "projets": "Projets"}
UPLOAD_TYPES = ["csv", "xlsx", "zip", "txt"]


def header_names(data: bytes) -> list[str]:
    """Column names of the first line of uploaded CSV bytes (or of the first CSV of a zip)."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith((".csv", ".txt"))]
                if not names:
                    return []  # an XLSX (or a zip without CSV): no register
                with archive.open(names[0]) as handle:
                    data = handle.read(64 * 1024)
        except zipfile.BadZipFile:
            return []
    sample = data[:64 * 1024]
    # cp1252 leaves five bytes undefined: a binary file must not crash the detection
    text = (sample.decode("utf-8", errors="ignore") if _is_utf8(sample)
            else sample.decode("cp1252", errors="replace"))
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    separator = max((";", ",", "\t"), key=first.count)
    return [h.strip().strip('"') for h in first.split(separator)]


def _is_utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3
    return True


def detect_format(data: bytes) -> str:
    """sirene, rna or modele, from the uploaded file's headers."""
    headers = header_names(data)
    if sirene.is_sirene(headers):
        return "sirene"
    if rna.is_rna(headers):
        return "rna"
    return "modele"


def safe_name(name: str) -> str:
    """A file name reduced to harmless characters, keeping its extension."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name or "fichier").name).strip("._") or "fichier"
    return stem[:120]


@dataclass(frozen=True)
class Upload:
    """Uploaded bytes stored in a private temporary folder, with the name the user gave."""

    path: Path
    name: str
    digest: str


def store(data: bytes, name: str, folder: str | Path | None = None) -> Upload:
    """Write uploaded bytes to a private temporary file (never executed, never unpickled).

    One folder per content digest: the reruns of a page reuse the file instead of piling up.
    """
    digest = hashlib.sha256(data).hexdigest()[:16]
    base = Path(folder) if folder else Path(tempfile.gettempdir()) / "observatoire-envois"
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory = base / digest
    directory.mkdir(mode=0o700, exist_ok=True)
    path = directory / safe_name(name)
    if not path.is_file() or path.stat().st_size != len(data):
        tmp = directory / f".{path.name}.part"
        tmp.write_bytes(data)
        tmp.replace(path)
    return Upload(path, name, digest)


def discard(upload: Upload) -> None:
    """Remove an uploaded file once imported."""
    shutil.rmtree(upload.path.parent, ignore_errors=True)


def run(
    upload: Upload,
    kind: str,
    fmt: str,
    mode: str,
    *,
    unites_legales: Upload | None = None,
    dry_run: bool = True,
    data_dir: str | Path | None = None,
    progress: Progress | None = None,
    author: str = storage.LOCAL_AUTHOR,
) -> ImportReport:
    """Preview (dry run) or import an uploaded file with the command line's engine.

    `progress` receives the same French progress lines as the command line's stderr.
    Raises UploadRefused (French message) for an unusable file, a refused store or another
    import holding the data.
    """
    try:
        return import_file(
            upload.path,
            kind,
            data_dir,
            dry_run,
            fmt=fmt,
            mode=mode,
            unites_legales=unites_legales.path if unites_legales else None,
            display_name=upload.name,
            progress=progress,
            author=author,
        )
    except (ReadError, storage.DataStoreError) as exc:
        raise UploadRefused(exc.message_fr) from exc


def summary(report: ImportReport) -> pd.DataFrame:
    """The report's counts as a two-column French table."""
    rows = [
        ("Lignes lues (dans le périmètre)", report.rows_read),
        ("Lignes acceptées", report.rows_accepted),
        ("Lignes rejetées", report.rows_rejected),
        ("Lignes non localisées (acceptées)", report.rows_unlocated),
    ]
    if report.rows_scanned is not None:
        rows.insert(0, ("Lignes du fichier", report.rows_scanned))
        rows.insert(1, ("Lignes hors périmètre (non importées)", report.rows_out_of_scope))
    rows += [
        ("Lignes ajoutées", report.rows_added),
        ("Lignes mises à jour", report.rows_updated),
        ("Lignes inchangées", report.rows_unchanged),
    ]
    if report.mode == "remplacer" or report.from_demo:
        rows.append(("Lignes actuelles retirées", report.rows_removed))
    rows.append(("Lignes du jeu après import", report.rows_total))
    return pd.DataFrame(rows, columns=["", "Nombre"]).astype({"Nombre": "Int64"})


def out_of_scope_table(report: ImportReport) -> pd.DataFrame:
    """Rows left out of a register import, by reason."""
    return pd.DataFrame(
        list(report.out_of_scope.items()), columns=["Raison", "Lignes"]
    ).astype({"Lignes": "Int64"})


def issues_table(issues) -> pd.DataFrame:
    """Errors or warnings as a French table: line, column (its French name when the file used
    the template's), reason (text kept verbatim)."""
    return pd.DataFrame(
        [(i.line, tables.LABELS.get(i.column, i.column) if i.column else "", i.reason)
         for i in issues],
        columns=["Ligne", "Colonne", "Raison"],
    ).astype({"Ligne": "Int64"})


def first_rows(report: ImportReport, n: int = 10) -> pd.DataFrame:
    """The first accepted rows as people read them: French headers and labels, empty cells
    where the file gave nothing (never "None")."""
    frame = report.frame if report.frame is not None else pd.DataFrame()
    shown = tables.labelled(frame.head(n)).rename(columns=tables.LABELS).astype(object)
    return shown.where(shown.notna(), "")


def rejected_csv(report: ImportReport, now: dt.datetime | None = None) -> bytes:
    """The rejections (line, column, reason) as a French-Excel CSV with its provenance."""
    now = now or dt.datetime.now()
    return export.to_csv_bytes(
        issues_table(report.errors),
        {
            "Fichier importé": report.file,
            "Type": KIND_LABELS.get(report.type, report.type),
            "Format": FORMAT_LABELS.get(report.import_format, report.import_format),
            "Lignes rejetées": report.rows_rejected,
            "Date de l'export": now.strftime("%d/%m/%Y %H:%M"),
        },
    )


ACTION_LABELS = {
    "import": "import",
    "restauration": "restauration",
    "démonstration": "retour à la démonstration",
    "reprise": "reprise des fichiers CSV",
}


# One row per version of the store: entry key -> French header, in display order
HISTORY_COLUMNS = {
    "id": "Version",
    "created_at": "Date",
    "author": "Par",
    "action": "Action",
    "file_name": "Fichier",
    "kind": "Type",
    "format": "Format",
    "mode": "Mode",
    "rows_read": "Lignes lues",
    "rows_accepted": "Lignes acceptées",
    "rows_rejected": "Lignes rejetées",
    "rows_added": "Lignes ajoutées",
    "rows_updated": "Lignes mises à jour",
    "acteurs_rows": "Acteurs de la version",
    "projets_rows": "Projets de la version",
    "sha256": "SHA-256 du fichier",
}
HISTORY_COUNTS = ["id", "rows_read", "rows_accepted", "rows_rejected", "rows_added",
                  "rows_updated", "acteurs_rows", "projets_rows"]


def history_table(entries: list[dict]) -> pd.DataFrame:
    """Versions (storage.read_history entries), most recent first, French headers."""
    rows = []
    for entry in entries:
        row = {key: entry.get(key) for key in HISTORY_COLUMNS}
        row["action"] = ACTION_LABELS.get(row["action"], row["action"]) + (
            f" de la version {entry['restored_from']}" if entry.get("restored_from") else ""
        )
        row["kind"] = KIND_LABELS.get(row["kind"], row["kind"] or "les deux")
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))
    for key in HISTORY_COUNTS:
        table[key] = pd.to_numeric(table[key], errors="coerce").astype("Int64")
    return table.rename(columns=HISTORY_COLUMNS).iloc[::-1].reset_index(drop=True)


def history(data_dir: str | Path | None) -> pd.DataFrame:
    """Every version of the store, as the Données et méthode page shows it (who, when, what)."""
    return history_table(storage.read_history(data_dir))


def restorable(data_dir: str | Path | None) -> dict[str, int]:
    """Kind -> number of earlier versions showing other rows (0: nothing to restore)."""
    store = storage.open_store(data_dir).prepare()
    versions = store.history()
    current = store.current()
    out = {}
    for kind in storage.KINDS:
        previous = storage.previous_version(versions, current, kind)
        out[kind] = 0 if previous is None else sum(
            1 for v in versions if current is not None and v.id < current.id and not v.demo
        )
    return out


def demo_sentence(counts: dict[str, int]) -> str:
    """« 2 033 acteurs et 819 projets », French numbers and plurals."""
    return " et ".join(
        f"{formatting.fmt_int(counts.get(kind, 0))} "
        f"{kind[:-1] if counts.get(kind, 0) <= 1 else kind}"
        for kind in ("acteurs", "projets")
    )


def before_after(report: ImportReport) -> str:
    """What the dashboard shows now and what it will show once this import is written."""
    now = demo_sentence(report.shown_before)
    after = demo_sentence(report.shown_after)
    if report.from_demo:
        return (
            f"Le tableau de bord montre aujourd'hui le jeu de démonstration : {now}. "
            f"Après l'import : {after}. Les données inventées de la démonstration ne sont pas "
            "mélangées aux vôtres ; « Revenir aux données de démonstration » les rétablit en un "
            "clic."
        )
    return (
        f"Le tableau de bord montre aujourd'hui {now}. Après l'import : {after}. La version "
        "actuelle reste dans l'historique et peut être restaurée."
    )


class UploadRefused(Exception):
    """An upload that cannot be imported, or a restoration refused; French message for people."""

    def __init__(self, message_fr: str):
        super().__init__(message_fr)
        self.message_fr = message_fr


def target_dir() -> Path | None:
    """The folder imports from the app write to (same rule as the command line), or None when
    that folder is refused (OBSERVATOIRE_DATA_DIR pointing at the shipped demo)."""
    try:
        return storage.import_target_dir().path
    except storage.DataStoreError:
        return None


def done_message(report: ImportReport) -> str:
    """What to say once an import is written."""
    return (
        f"Import de « {report.file} » enregistré (version {report.version}) : "
        f"{report.rows_accepted} lignes acceptées, {report.rows_rejected} rejetées ; "
        f"{report.rows_added} ajoutées, {report.rows_updated} mises à jour, "
        f"{report.rows_unchanged} inchangées. Le tableau de bord montre maintenant "
        f"ces données ({report.rows_total} {report.type})."
        + (f" {report.orphan_projects} projet(s) gardé(s) n'ont plus leur porteur parmi les "
           "acteurs." if report.orphan_projects else "")
    )


def restore(data_dir: str | Path | None, kind: str, author: str = storage.LOCAL_AUTHOR) -> int:
    """Put back the previous rows of `kind` (recorded as a new version); its id."""
    try:
        return storage.restore_previous(data_dir, kind, author=author).id
    except storage.DataStoreError as exc:
        raise UploadRefused(exc.message_fr) from exc


def restorable_versions(data_dir: str | Path | None) -> dict[int, str]:
    """Version id -> French label, most recent first, every version but the current one."""
    store = storage.open_store(data_dir).prepare()
    current = store.current()
    labels = {}
    for v in reversed(store.history()):
        if current is not None and v.id == current.id:
            continue
        what = "démonstration" if v.demo else (
            f"{v.acteurs_rows} acteurs, {v.projets_rows} projets")
        source = f" — {v.file_name}" if v.file_name else ""
        labels[v.id] = (f"Version {v.id} du {v.created_at.replace('T', ' ')} "
                        f"({ACTION_LABELS.get(v.action, v.action)}{source}, {v.author}) : {what}")
    return labels


def restore_version(data_dir: str | Path | None, version_id: int,
                    author: str = storage.LOCAL_AUTHOR) -> int:
    """Make an earlier version current again (recorded as a new version); its id."""
    try:
        return storage.open_store(data_dir).restore(version_id, author=author).id
    except storage.DataStoreError as exc:
        raise UploadRefused(exc.message_fr) from exc


def back_to_demo(data_dir: str | Path | None, author: str = storage.LOCAL_AUTHOR) -> int:
    """Show the demonstration again (recorded; imported versions stay restorable); its id."""
    try:
        return storage.open_store(data_dir).back_to_demo(author=author).id
    except storage.DataStoreError as exc:
        raise UploadRefused(exc.message_fr) from exc


def shows_demo(data_dir: str | Path | None) -> bool:
    """Whether the store of `data_dir` shows the demonstration now."""
    version = storage.open_store(data_dir).prepare().current()
    return version is None or version.demo


def preview(
    memo: MutableMapping,
    upload: Upload,
    kind: str,
    fmt: str,
    mode: str,
    *,
    unites_legales: Upload | None = None,
    data_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """The dry run of `run`, remembered in `memo` (a session's state) until something changes.

    Every widget click reruns the page: without this a big register would be read again each
    time. The key holds the files' digests, the choices and the stamp of the current dataset
    (the merge counts depend on it).
    """
    store = storage.open_store(data_dir).prepare()
    version = store.current()
    key = (upload.digest, unites_legales.digest if unites_legales else None, kind, fmt, mode,
           store.url, version.id if version else 0)
    cached = memo.get("upload_preview")
    if cached is not None and cached[0] == key:
        return cached[1]
    report = run(upload, kind, fmt, mode, unites_legales=unites_legales, data_dir=data_dir,
                 progress=progress)
    memo["upload_preview"] = (key, report)
    return report
