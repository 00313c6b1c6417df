"""Where the datasets live, and how an import replaces them without ever leaving a half file.

Reading (the dashboard): ``$OBSERVATOIRE_DATA_DIR``, else the user data folder once something has
been imported there, else the demo shipped in ``data/``. Writing (imports): an explicit folder,
else ``$OBSERVATOIRE_DATA_DIR``, else the user data folder; never the shipped ``data/``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import platformdirs

from observatoire.schema import COLUMNS
from observatoire.validation import load_dataset

ENV_VAR = "OBSERVATOIRE_DATA_DIR"
APP_NAME = "observatoire-aura"
DEMO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATASET_FILES = {"acteurs": "acteurs.csv", "projets": "projets.csv"}
HISTORY_FILE = "historique.jsonl"
BACKUP_DIR = "historique"


class DataStoreError(Exception):
    """A data folder that cannot be used or written; the message is French and shown as is."""

    def __init__(self, message_fr: str):
        super().__init__(message_fr)
        self.message_fr = message_fr


class WriteError(DataStoreError):
    """Writing failed; the previous files are intact."""


@dataclass(frozen=True)
class DataLocation:
    """A data folder, why it was chosen (explicit, env, user or demo) and how to say it."""

    path: Path
    origin: str
    label_fr: str


def user_data_dir() -> Path:
    """The per-user folder outside the repository where imports go by default."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def is_demo_dir(path: str | Path) -> bool:
    """Whether `path` is the shipped demo folder (or inside it)."""
    resolved = Path(path).expanduser().resolve()
    demo = DEMO_DATA_DIR.resolve()
    return resolved == demo or demo in resolved.parents


def has_datasets(path: str | Path) -> bool:
    """Whether a folder holds at least one imported dataset."""
    return any((Path(path) / name).is_file() for name in DATASET_FILES.values())


def _env_dir() -> Path | None:
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value).expanduser() if value else None


def resolve_data_dir(explicit: str | Path | None = None) -> DataLocation:
    """The folder the dashboard reads, with its origin and a French sentence saying which."""
    if explicit is not None:
        path = Path(explicit).expanduser()
        if is_demo_dir(path):
            return DataLocation(DEMO_DATA_DIR, "demo", _demo_label())
        return DataLocation(path, "explicit", f"Données du dossier {path}")
    env = _env_dir()
    if env is not None:
        if is_demo_dir(env):
            return DataLocation(DEMO_DATA_DIR, "demo", _demo_label())
        return DataLocation(env, "env", f"Données du dossier {env} (variable {ENV_VAR})")
    user = user_data_dir()
    if has_datasets(user):
        return DataLocation(user, "user", f"Données importées (dossier {user})")
    return DataLocation(DEMO_DATA_DIR, "demo", _demo_label())


def _demo_label() -> str:
    return (
        "Jeu de démonstration (données inventées) : importez vos fichiers depuis la page "
        "« Données et méthode » ou avec « python -m observatoire import »"
    )


def import_target_dir(explicit: str | Path | None = None) -> DataLocation:
    """The folder an import writes to; refuses the shipped demo folder."""
    if explicit is not None:
        location = DataLocation(Path(explicit).expanduser(), "explicit", "")
    elif _env_dir() is not None:
        location = DataLocation(_env_dir(), "env", f"variable {ENV_VAR}")
    else:
        location = DataLocation(user_data_dir(), "user", "dossier de données de l'utilisateur")
    if is_demo_dir(location.path):
        raise DataStoreError(
            f"Le dossier {DEMO_DATA_DIR} contient le jeu de démonstration livré avec l'outil : "
            "un import ne peut pas l'écraser. Choisissez un autre dossier avec --data-dir ou "
            f"la variable {ENV_VAR}."
        )
    if location.path.exists() and not location.path.is_dir():
        raise DataStoreError(f"{location.path} existe mais n'est pas un dossier.")
    label = f"Dossier de données : {location.path}" + (
        f" ({location.label_fr})" if location.label_fr else ""
    )
    return DataLocation(location.path, location.origin, label)


def dataset_path(data_dir: str | Path, kind: str) -> Path:
    """Path of the canonical file of `kind` in a data folder."""
    return Path(data_dir) / DATASET_FILES[kind]


@dataclass(frozen=True)
class WriteResult:
    """Where a dataset was written and where its previous version was kept (None if new)."""

    path: Path
    backup: Path | None


def _fsync_dir(path: Path) -> None:
    # makes the rename itself durable; not possible on every platform, hence best effort
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_dataset_atomic(
    frame: pd.DataFrame, data_dir: str | Path, kind: str, *, now: dt.datetime | None = None
) -> WriteResult:
    """Replace `kind`'s file by `frame` atomically, copying the previous one into historique/."""
    data_dir = Path(data_dir)
    if is_demo_dir(data_dir):
        raise DataStoreError(f"Écriture refusée dans le jeu de démonstration livré ({data_dir}).")
    target = dataset_path(data_dir, kind)
    now = now or dt.datetime.now()
    tmp_name = None
    backup = None
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        payload = frame[COLUMNS[kind]].to_csv(index=False, lineterminator="\n").encode("utf-8")
        fd, tmp_name = tempfile.mkstemp(dir=data_dir, prefix=f".{kind}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            backup_dir = data_dir / BACKUP_DIR
            backup_dir.mkdir(exist_ok=True)
            backup = backup_dir / f"{kind}-{now.strftime('%Y%m%d-%H%M%S-%f')}.csv"
            shutil.copy2(target, backup)
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_dir(data_dir)
    except OSError as exc:
        if backup is not None and backup.exists() and tmp_name is not None:
            backup.unlink(missing_ok=True)  # the current file is still the previous version
        raise WriteError(
            f"Écriture de {target} impossible ({exc.strerror or exc}) : le fichier précédent "
            "est intact, aucune donnée n'a été remplacée."
        ) from exc
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
    return WriteResult(target, backup)


def append_history(data_dir: str | Path, entry: dict) -> Path:
    """Add one import record (a JSON line) to the folder's historique.jsonl."""
    path = Path(data_dir) / HISTORY_FILE
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    if path.is_file() and path.stat().st_size:
        with open(path, "rb") as handle:
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":
                line = "\n" + line  # a previous write was cut: keep this entry on its own line
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())
    return path


def read_history(data_dir: str | Path) -> list[dict]:
    """Past imports of a data folder, oldest first; unreadable lines are skipped."""
    path = Path(data_dir) / HISTORY_FILE
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by a crash must not hide the others
        if isinstance(entry, dict):
            entries.append(entry)
    return entries


def backups(data_dir: str | Path, kind: str) -> list[Path]:
    """Previous versions of `kind` kept in historique/, oldest first."""
    folder = Path(data_dir) / BACKUP_DIR
    if not folder.is_dir():
        return []
    # names carry a sortable timestamp: kind-AAAAMMJJ-HHMMSS-ffffff.csv
    return sorted(folder.glob(f"{kind}-*.csv"))


def restore_previous(
    data_dir: str | Path, kind: str, *, now: dt.datetime | None = None
) -> WriteResult:
    """Put back the most recent previous version of `kind`; the current one is kept too.

    Atomic like an import: the current file is copied into historique/ first (so restoring
    again undoes the restoration), then the chosen version replaces it in one rename.
    """
    data_dir = Path(data_dir)
    if is_demo_dir(data_dir):
        raise DataStoreError(f"Écriture refusée dans le jeu de démonstration livré ({data_dir}).")
    available = backups(data_dir, kind)
    if not available:
        raise DataStoreError(
            f"Aucune version précédente du fichier des {kind} dans {data_dir / BACKUP_DIR}."
        )
    chosen = available[-1]
    try:
        frame = load_dataset(chosen, kind)
    except Exception as exc:
        raise DataStoreError(f"Version précédente illisible ({chosen.name}) : {exc}") from exc
    result = write_dataset_atomic(frame, data_dir, kind, now=now)
    append_history(data_dir, {
        "date": (now or dt.datetime.now()).isoformat(timespec="seconds"),
        "file": f"restauration de {chosen.name}",
        "type": kind,
        "action": "restauration",
        "rows_accepted": len(frame),
        "written": str(result.path),
        "backup": str(result.backup) if result.backup else None,
    })
    return result
