"""What the register readers (SIRENE, RNA) share: opening big files, progress, their output."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd

from observatoire.reading import ReadError
from observatoire.validation import Issue

Progress = Callable[[str], None]


@dataclass
class Prepared:
    """A register read and filtered: canonical-header text table plus what was left out."""

    table: pd.DataFrame  # canonical column names, str cells
    lines: list[int]  # source line of each row
    headers: dict[str, str]  # canonical column -> register column, for the reported `column`
    warnings: list[Issue] = field(default_factory=list)
    rows_scanned: int = 0  # every data row of the file(s)
    out_of_scope: dict[str, int] = field(default_factory=dict)  # reason -> rows left out
    seconds: float = 0.0
    encoding: str | None = None
    separator: str | None = None

    @property
    def rows_out_of_scope(self) -> int:
        return sum(self.out_of_scope.values())

    @property
    def rows_per_second(self) -> float:
        return round(self.rows_scanned / self.seconds, 1) if self.seconds > 0 else 0.0


def file_date(path: Path) -> str:
    """The date a file was last written, as people write it (the register's extraction date)."""
    return dt.date.fromtimestamp(Path(path).stat().st_mtime).strftime("%d/%m/%Y")


def check_file(path: Path) -> None:
    """ReadError unless `path` is a readable, non-empty file."""
    if not path.exists():
        raise ReadError(f"Fichier introuvable : {path}")
    if path.is_dir():
        raise ReadError(f"{path} est un dossier, pas un fichier.")
    if path.stat().st_size == 0:
        raise ReadError("Le fichier est vide.")


def csv_members(path: Path, keep: Callable[[str], bool] | None = None) -> list[str]:
    """Names of the CSV files inside a zip archive (all of them, or those `keep` accepts)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith((".csv", ".txt"))]
    except zipfile.BadZipFile as exc:
        raise ReadError("Fichier zip illisible : archive endommagée ou incomplète.") from exc
    if keep is not None:
        names = [n for n in names if keep(n)]
    if not names:
        raise ReadError("L'archive zip ne contient aucun fichier CSV à importer.")
    return names


@contextlib.contextmanager
def open_binary(path: Path, member: str | None = None) -> Iterator[io.BufferedIOBase]:
    """A binary stream over a plain file or one member of a zip archive, read lazily."""
    if member is None:
        with open(path, "rb") as handle:
            yield handle
        return
    with zipfile.ZipFile(path) as archive, archive.open(member) as handle:
        yield handle


def sniff_encoding(sample: bytes) -> str:
    """utf-8 when the first bytes decode as UTF-8 (a character may be cut at the end), else cp1252."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if b"\x00" in sample[:4000]:
        raise ReadError("Le fichier n'est pas un tableau CSV (contenu binaire).")
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:
            return "utf-8"  # the sample ends in the middle of a character
        return "cp1252"


def header_line(path: Path, member: str | None) -> tuple[str, str, str]:
    """(first line, encoding, separator) of a CSV file or zip member."""
    with open_binary(path, member) as handle:
        sample = handle.read(256 * 1024)
    if not sample.strip():
        raise ReadError("Le fichier est vide.")
    encoding = sniff_encoding(sample)
    text = sample.decode(encoding, errors="replace")
    first = text.splitlines()[0] if text.splitlines() else ""
    separator = max((";", ",", "\t"), key=first.count)
    if first.count(separator) == 0:
        raise ReadError("La première ligne du fichier devrait contenir les noms de colonnes.")
    return first, encoding, separator


def header_names(first_line: str, separator: str) -> list[str]:
    """Column names of a header line, quotes and BOM removed."""
    return [h.strip().strip('"').lstrip("\ufeff") for h in first_line.split(separator)]


class ProgressMeter:
    """Says how far a long read has gone, at most every `every` seconds."""

    def __init__(self, label: str, progress: Progress | None, every: float = 2.0):
        self.label, self.progress, self.every = label, progress, every
        self.start = time.monotonic()
        self.last = self.start

    def update(self, rows: int, kept: int, force: bool = False) -> None:
        now = time.monotonic()
        if self.progress is None or (not force and now - self.last < self.every):
            return
        self.last = now
        rate = rows / (now - self.start) if now > self.start else 0
        fr = lambda n: f"{n:,.0f}".replace(",", "\u202f")  # noqa: E731 - French thousands
        self.progress(f"{self.label} : {fr(rows)} lignes lues, {fr(kept)} retenues ({fr(rate)} lignes/s)")

    def seconds(self) -> float:
        return time.monotonic() - self.start
