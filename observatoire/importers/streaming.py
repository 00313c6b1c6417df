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

from observatoire.formatting import fmt_int
from observatoire.reading import MAX_LINE_BYTES, ReadError, check_zip_member, line_too_long
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


class GuardedStream(io.RawIOBase):
    """A binary stream that counts the bytes read and refuses a line longer than `max_line`.

    pandas' C parser and the csv module both buffer a whole line: without this an endless line
    (a few MB zipped) would take as much memory as its length before anything is said.
    """

    def __init__(self, raw, total: int, max_line: int = MAX_LINE_BYTES):
        self.raw, self.total, self.max_line = raw, total, max_line
        self.consumed = 0
        self.line = 1
        self.since_break = 0  # bytes since the last \n or \r

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        # never more than one line's worth at once, so one search per read finds every long line
        data = self.raw.read(min(len(buffer), self.max_line))
        n = len(data)
        if not n:
            return 0
        first = min((i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0), default=-1)
        if first < 0:
            self.since_break += n
        else:
            if self.since_break + first > self.max_line:
                raise line_too_long(self.line, self.max_line)
            last = max(data.rfind(b"\n"), data.rfind(b"\r"))
            self.since_break = n - last - 1
            self.line += data.count(b"\n") or data.count(b"\r")
        if self.since_break > self.max_line:
            raise line_too_long(self.line, self.max_line)
        buffer[:n] = data
        self.consumed += n
        return n

    @property
    def fraction(self) -> float | None:
        """Share of the file read so far, when its size is known."""
        return min(1.0, self.consumed / self.total) if self.total else None


@contextlib.contextmanager
def open_binary(path: Path, member: str | None = None) -> Iterator[io.BufferedReader]:
    """A guarded binary stream over a plain file or one member of a zip archive, read lazily.

    The stream's `raw` is the GuardedStream (bytes read, share of the file); a zip member that
    would expand like a zip bomb is refused before a byte of it is read.
    """
    if member is None:
        with open(path, "rb", buffering=0) as handle:
            guard = GuardedStream(handle, Path(path).stat().st_size)
            yield io.BufferedReader(guard, 1024 * 1024)
        return
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(member)
            check_zip_member(info)
            with archive.open(info) as handle:
                yield io.BufferedReader(GuardedStream(handle, info.file_size), 1024 * 1024)
    except zipfile.BadZipFile as exc:
        raise ReadError(
            f"Fichier zip illisible : archive endommagée ou incomplète ({exc})."
        ) from exc


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


def time_left(seconds: float) -> str:
    """A remaining duration as people say it: « 40 s », « 3 min », « 1 h 20 min »."""
    if seconds < 10:
        return f"{max(1, round(seconds))} s"
    if seconds < 60:
        return f"{round(seconds / 10) * 10} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


class ProgressMeter:
    """Says how far a long read has gone, at most every `every` seconds, with the time left."""

    def __init__(self, label: str, progress: Progress | None, every: float = 2.0):
        self.label, self.progress, self.every = label, progress, every
        self.start = time.monotonic()
        self.last = self.start

    def message(self, rows: int, kept: int, fraction: float | None, elapsed: float) -> str:
        """The French progress line: rows read and kept, rate, share of the file, time left."""
        # « SIRENE établissements : 1 200 000 lignes lues, 35 000 retenues (61 000 lignes/s),
        # 45 % du fichier, reste environ 2 min »
        rate = rows / elapsed if elapsed > 0 else 0
        text = (f"{self.label} : {fmt_int(rows)} lignes lues, {fmt_int(kept)} retenues "
                f"({fmt_int(rate)} lignes/s)")
        if fraction is not None:
            text += f", {min(100, int(fraction * 100))} % du fichier"
            if 0 < fraction < 1 and elapsed > 0:
                text += f", reste environ {time_left(elapsed * (1 - fraction) / fraction)}"
        return text

    def update(self, rows: int, kept: int, force: bool = False,
               fraction: float | None = None) -> None:
        now = time.monotonic()
        if self.progress is None or (not force and now - self.last < self.every):
            return
        self.last = now
        self.progress(self.message(rows, kept, fraction, now - self.start))

    def seconds(self) -> float:
        return time.monotonic() - self.start
