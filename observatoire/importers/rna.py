"""RNA (répertoire national des associations) "waldec" files: one per département, `;`.

Read with the csv module, record by record (exact line numbers even when `objet` spans several
lines), in UTF-8 or Windows-1252 as found. A zip of the national export is accepted: only the
members of AURA départements (`..._dpt_01.csv` …) are read.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from observatoire.importers import codes
from observatoire.importers.streaming import (
    Prepared,
    Progress,
    ProgressMeter,
    check_file,
    csv_members,
    file_date,
    header_line,
    header_names,
    open_binary,
)
from observatoire.reading import ReadError, records
from observatoire.schema import INSEE_DEPARTEMENTS
from observatoire.validation import Issue

SIGNATURE = {"id", "titre", "adrs_codeinsee"}
MARKERS = {"objet_social1", "date_creat", "date_disso", "position", "id_ex", "rup_mi"}
# dates the RNA writes for "none"
NO_DATE = {"", "0001-01-01", "01/01/0001", "0000-00-00"}
OUT_DISSOLVED = "association dissoute sans date de dissolution (position ≠ A, date_disso vide)"
HEADERS = {
    "id": "id",
    "nom": "titre",
    "secteur": "objet_social1",
    "code_commune": "adrs_codeinsee",
    "annee_creation": "date_creat",
    "annee_fermeture": "date_disso",
    "siret": "siret",
    "site_web": "siteweb",
}
DEPARTEMENT_MEMBER = re.compile(r"dpt_(\d{2}|2[AB]|97\d)\.csv$", re.IGNORECASE)


def is_rna(headers: list[str]) -> bool:
    """Whether a header row is that of an RNA waldec file."""
    present = set(headers)
    return SIGNATURE <= present and len(MARKERS & present) >= 2


def _aura_member(name: str) -> bool:
    match = DEPARTEMENT_MEMBER.search(name)
    return match is None or match.group(1) in INSEE_DEPARTEMENTS


def _records(raw, encoding: str, separator: str):
    """(line, dict) for each non-blank record of one opened CSV stream."""
    text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    header = None
    for start, fields in records(text, separator, "Fichier RNA"):
        if header is None:
            header = [h.strip().lstrip("\ufeff") for h in fields or []]
        elif fields is not None:
            yield start, dict(zip(header, fields))


def _year(text: str) -> str:
    text = text.strip()
    if text in NO_DATE:
        return ""
    return text


def read_rna(
    path: str | Path, *, display_name: str | None = None, progress: Progress | None = None
) -> Prepared:
    """Active associations of an RNA waldec file (or zip), as canonical text rows."""
    path = Path(path)
    check_file(path)
    name = display_name or path.name
    with open(path, "rb") as handle:
        is_zip = handle.read(4) == b"PK\x03\x04"
    members = csv_members(path, _aura_member) if is_zip else [None]
    source = f"RNA (répertoire national des associations), fichier {name}, {file_date(path)}"
    meter = ProgressMeter("RNA", progress)
    if is_zip:
        with zipfile.ZipFile(path) as archive:
            sizes = {m: archive.getinfo(m).file_size for m in members}
    else:
        sizes = {None: path.stat().st_size}
    total, done = sum(sizes.values()), 0  # bytes of the members read so far, for the time left
    fraction = None
    rows, lines, warnings = [], [], []
    out_dissolved = 0
    scanned = 0
    encoding = separator = None
    for member in members:
        first, encoding, separator = header_line(path, member)
        headers = header_names(first, separator)
        if not is_rna(headers):
            where = f" ({member})" if member else ""
            raise ReadError(
                f"Ce fichier{where} n'a pas les colonnes d'un fichier RNA « waldec » "
                "(id, titre, adrs_codeinsee, objet_social1, date_creat…)."
            )
        offset_name = f"{member} " if member and len(members) > 1 else ""
        with open_binary(path, member) as raw:
            guard = raw.raw
            for line, record in _records(raw, encoding, separator):
                fraction = (done + guard.consumed) / total if total else None
                scanned += 1
                get = lambda c: (record.get(c) or "").strip()  # noqa: E731
                position = get("position").upper()
                dissolved = _year(get("date_disso"))
                # dissolved with its date: kept, it counts in the years it was active
                if not dissolved and position and position != "A":
                    out_dissolved += 1
                    continue
                secteur, reason = codes.rna_secteur(get("objet_social1"))
                if reason:
                    warnings.append(Issue(line, f"{offset_name}objet_social1".strip(), reason))
                siret = re.sub(r"\s", "", get("siret"))
                if siret and not re.fullmatch(r"\d{14}", siret):
                    warnings.append(Issue(
                        line, "siret", f"SIRET invalide ignoré : « {get('siret')} » (association gardée)"
                    ))
                    siret = ""
                rna_id = get("id")
                rows.append({
                    "id": f"rna-{rna_id}" if rna_id else "",
                    "nom": get("titre"),
                    "type_acteur": "structure",
                    "forme_juridique": "association",
                    "secteur": secteur or "",
                    "code_commune": get("adrs_codeinsee"),
                    "annee_creation": _year(get("date_creat")),
                    "annee_fermeture": dissolved,
                    "siret": siret,
                    "site_web": get("siteweb"),
                    "source": source,
                })
                lines.append(line)
                meter.update(scanned, len(rows), fraction=fraction)
        done += sizes[member]
    meter.update(scanned, len(rows), force=True, fraction=fraction)
    if scanned == 0:
        raise ReadError("Le fichier ne contient que la ligne d'en-tête : aucune donnée à importer.")
    table = pd.DataFrame(
        rows,
        columns=["id", "nom", "type_acteur", "forme_juridique", "secteur", "code_commune",
                 "annee_creation", "annee_fermeture", "siret", "site_web", "source"],
        dtype=str,
    )
    prepared = Prepared(
        table=table, lines=lines, headers=dict(HEADERS), warnings=warnings,
        rows_scanned=scanned, out_of_scope={OUT_DISSOLVED: out_dissolved} if out_dissolved else {},
        seconds=meter.seconds(), encoding=encoding, separator=separator,
    )
    return prepared

