"""Robust reading of the CSV and XLSX files people send: encoding, separator, headers.

Everything is read as text so that codes keep their leading zeros; numbers are parsed later,
column by column, by the validation step. Each data row keeps the line number the user sees.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

SEPARATORS = (";", ",", "\t")
SEPARATOR_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
MAX_BYTES = 200 * 1024 * 1024
# Limits against hostile files (docs/import.md, "Limites"). A line longer than this is refused:
# real lines are a few hundred bytes (SIRENE) to a few kB (RNA objects), and a parser buffers a
# whole line, so an endless line would otherwise take as much memory as the file.
MAX_LINE_BYTES = 1024 * 1024
# An archive member expanding more than MAX_ZIP_RATIO times its compressed size is a zip bomb
# once it expands beyond ZIP_RATIO_FLOOR (small files of repeated text compress that well).
MAX_ZIP_RATIO = 100
ZIP_RATIO_FLOOR = 50 * 1024 * 1024
# what a zip member may expand to at most: the national SIRENE stock is about 8 GB unzipped
MAX_UNPACKED_BYTES = 32 * 1024 ** 3
# an XLSX workbook is loaded whole: its parts together may expand to this much
MAX_XLSX_UNPACKED_BYTES = 500 * 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f}".replace(",", "\u202f") + " Mo"


class ReadError(Exception):
    """A file that cannot be used as a table; the message is French and shown as is."""

    def __init__(self, message_fr: str):
        super().__init__(message_fr)
        self.message_fr = message_fr


def normalize_label(text: object) -> str:
    """Header or label reduced to lowercase ASCII words joined by underscores."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_only = ascii_only.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    return re.sub(r"[^a-z0-9]+", "_", ascii_only.lower()).strip("_")


# canonical column -> headers as people write them (compared after normalize_label)
_COMMON_SYNONYMS = {
    "id": ["id", "identifiant", "ident", "ref", "reference", "numero"],
    "secteur": [
        "secteur", "secteurs", "secteur_d_activite", "secteur_activite", "secteur_d_activites",
        "domaine", "domaine_d_activite", "thematique", "filiere",
    ],
    "code_commune": [
        "code_commune", "code_insee", "insee", "code_insee_commune", "commune_code",
        "code_commune_insee", "cog", "code_geographique", "depcom", "codgeo", "code_com",
        "codecommune", "codeinsee", "com_insee", "insee_com",
    ],
    "latitude": ["latitude", "lat", "y_wgs84", "coordonnee_y"],
    "longitude": ["longitude", "lon", "lng", "long", "x_wgs84", "coordonnee_x"],
    "source": ["source", "origine", "provenance", "source_de_la_donnee"],
}

SYNONYMS = {
    "acteurs": {
        **_COMMON_SYNONYMS,
        "nom": [
            "nom", "nom_structure", "nom_de_la_structure", "raison_sociale", "denomination",
            "nom_acteur", "nom_de_l_acteur", "structure", "acteur", "nom_usuel", "intitule",
        ],
        "type_acteur": ["type_acteur", "type", "type_d_acteur", "categorie", "type_de_structure"],
        "forme_juridique": [
            "forme_juridique", "statut_juridique", "forme", "statut", "nature_juridique",
        ],
        "emplois": [
            "emplois", "emploi", "nombre_d_emplois", "nb_emplois", "nombre_emplois", "effectif",
            "effectifs", "salaries", "nombre_de_salaries", "nb_salaries",
        ],
        "annee_creation": [
            "annee_creation", "annee_de_creation", "creation", "date_creation", "annee",
            "date_de_creation", "cree_en",
        ],
        "annee_fermeture": [
            "annee_de_fermeture", "fermeture", "date_fermeture", "date_de_fermeture",
            "annee_cessation", "annee_de_cessation", "date_cessation", "date_de_cessation",
            "cessation", "ferme_en", "date_dissolution", "date_de_dissolution",
        ],
        "dispositifs": [
            "dispositifs", "dispositif", "dispositifs_d_accompagnement", "programmes",
            "accompagnements",
        ],
        "siret": ["siret", "n_siret", "numero_siret", "no_siret", "num_siret", "code_siret"],
        "site_web": ["site_web", "site", "site_internet", "url", "web", "site_web_url"],
    },
    "projets": {
        **_COMMON_SYNONYMS,
        "titre": [
            "titre", "titre_du_projet", "nom_du_projet", "nom_projet", "projet", "intitule",
            "intitule_du_projet", "nom",
        ],
        "porteur_id": [
            "porteur_id", "porteur", "id_porteur", "identifiant_porteur", "identifiant_du_porteur",
            "acteur_id", "id_acteur", "porteur_du_projet",
        ],
        "annee_debut": [
            "annee_debut", "annee_de_debut", "debut", "annee", "annee_de_lancement",
            "date_de_debut", "date_debut",
        ],
        "statut": ["statut", "etat", "stade", "phase", "statut_du_projet", "etape"],
        "dispositif": ["dispositif", "dispositifs", "programme", "dispositif_d_accompagnement"],
        "montant_aide_eur": [
            "montant_aide_eur", "montant", "montant_aide", "montant_de_l_aide", "aide",
            "montant_eur", "montant_aide_en_euros", "montant_en_euros", "aide_eur",
            "montant_de_l_aide_eur", "subvention",
        ],
        "emplois_crees": [
            "emplois_crees", "nombre_d_emplois_crees", "nb_emplois_crees", "emplois",
            "creations_d_emplois", "emplois_cree",
        ],
        "description": ["description", "resume", "presentation", "objet", "descriptif"],
    },
}


@dataclass
class HeaderMapping:
    """How the file's headers map onto canonical columns."""

    columns: dict[str, str] = field(default_factory=dict)  # original header -> canonical name
    ignored: list[str] = field(default_factory=list)  # original headers matching nothing
    shadowed: dict[str, str] = field(default_factory=dict)  # ignored synonym -> exact header kept


def map_headers(headers: list[str], kind: str) -> HeaderMapping:
    """Match each header to a canonical column of `kind`; raise ReadError when ambiguous."""
    lookup: dict[str, str] = {}
    for canonical, synonyms in SYNONYMS[kind].items():
        for synonym in [canonical, *synonyms]:
            key = normalize_label(synonym)
            if lookup.get(key, canonical) != canonical:
                raise AssertionError(f"synonyme partagé : {synonym}")  # a table bug, not user input
            lookup[key] = canonical
    claims: dict[str, list[str]] = {}
    mapping = HeaderMapping()
    for header in headers:
        canonical = lookup.get(normalize_label(header))
        if canonical is None:
            mapping.ignored.append(header)
        else:
            claims.setdefault(canonical, []).append(header)
    for canonical, claimants in claims.items():
        if len(claimants) > 1:
            # the exact canonical name wins over looser synonyms ("titre" beside "nom")
            exact = [h for h in claimants if normalize_label(h) == canonical]
            if len(exact) != 1:
                names = " et ".join(f"« {h} »" for h in claimants)
                raise ReadError(
                    f"Colonnes ambiguës : {names} désignent toutes la colonne « {canonical} ». "
                    "Renommez ou supprimez l'une d'elles."
                )
            mapping.shadowed.update({h: exact[0] for h in claimants if h != exact[0]})
            claimants = exact
        mapping.columns[claimants[0]] = canonical
    return mapping


# --- Limits -----------------------------------------------------------------------------------


def check_zip_member(info: zipfile.ZipInfo, limit: int = MAX_UNPACKED_BYTES) -> None:
    """ReadError for an archive member that would expand past `limit` or like a zip bomb."""
    size, packed = info.file_size, max(info.compress_size, 1)
    if size > limit:
        raise ReadError(
            f"Archive refusée : le fichier « {info.filename} » qu'elle contient ferait "
            f"{_mb(size)} une fois décompressé, au-delà de la limite de {_mb(limit)}."
        )
    if size > ZIP_RATIO_FLOOR and size > MAX_ZIP_RATIO * packed:
        raise ReadError(
            f"Archive refusée : le fichier « {info.filename} » qu'elle contient passerait de "
            f"{_mb(packed)} à {_mb(size)} une fois décompressé (plus de {MAX_ZIP_RATIO} fois "
            "sa taille) : c'est la signature d'une « bombe de décompression »."
        )


def check_xlsx_archive(archive: zipfile.ZipFile) -> None:
    """ReadError before opening a workbook whose parts would expand too much (XLSX bomb)."""
    total = 0
    for info in archive.infolist():
        check_zip_member(info, MAX_XLSX_UNPACKED_BYTES)
        total += info.file_size
    if total > MAX_XLSX_UNPACKED_BYTES:
        raise ReadError(
            f"Classeur XLSX refusé : il ferait {_mb(total)} une fois décompressé, au-delà de la "
            f"limite de {_mb(MAX_XLSX_UNPACKED_BYTES)}. Enregistrez-le en CSV."
        )


def line_too_long(line: int, limit: int = MAX_LINE_BYTES) -> ReadError:
    """The French refusal of a line longer than `limit` bytes."""
    return ReadError(
        f"Ligne {line} trop longue : plus de {_mb(limit)} sans retour à la ligne (limite "
        "d'une ligne d'un fichier importé). Le fichier est endommagé ou n'est pas un tableau."
    )


def check_line_lengths(data: bytes, limit: int = MAX_LINE_BYTES) -> None:
    """ReadError when a line of `data` (ended by \\n or \\r) is longer than `limit` bytes."""
    start, line = 0, 1
    # one C-speed search per block of `limit` bytes, not a Python step per line
    while start < len(data):
        block = data[start:start + limit + 1]
        last = max(block.rfind(b"\n"), block.rfind(b"\r"))
        if last < 0:
            if len(block) > limit:
                raise line_too_long(line, limit)
            return
        line += block.count(b"\n", 0, last + 1) or block.count(b"\r", 0, last + 1)
        start += last + 1


def csv_problem(exc: csv.Error, what: str, line: int) -> ReadError:
    """The French refusal of a csv module error (a cell past its limit, or a stray quote)."""
    if "field limit" in str(exc):
        # csv.field_size_limit (128 Kio unless raised): a real cell, or an unclosed quote
        # swallowing the lines after it
        limit = csv.field_size_limit()
        size = f"{limit // 1024} Kio" if limit < 1024 ** 3 else "la limite"
        return ReadError(
            f"{what} : cellule de plus de {size} vers la ligne {line} (guillemet non refermé, "
            "ou texte trop long pour une cellule)."
        )
    return ReadError(f"{what} mal formé vers la ligne {line} : guillemets non refermés ?")


# --- Bytes to text ---------------------------------------------------------------------------


def _looks_like_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / len(sample[0::2])
    odd_zero = sample[1::2].count(0) / len(sample[1::2])
    if odd_zero > 0.4 and even_zero < 0.1:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.1:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text and encoding name of a CSV file's bytes; ReadError for binary content."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", "utf-8-sig"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", "utf-16"), "utf-16"
    utf16 = _looks_like_utf16(data)
    if utf16:
        return _decode(data, utf16, utf16), utf16
    if b"\x00" in data[:8000]:
        raise ReadError("Le fichier n'est pas un tableau CSV ou XLSX (contenu binaire).")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte
        text, encoding = data.decode("latin-1"), "latin-1"
    control = sum(1 for ch in text[:8000] if ord(ch) < 32 and ch not in "\r\n\t")
    if control > 0.01 * min(len(text), 8000) + 2:
        raise ReadError("Le fichier n'est pas un tableau CSV ou XLSX (contenu binaire).")
    return text, encoding


def _decode(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReadError(f"Encodage {name} annoncé mais illisible à l'octet {exc.start}.") from exc


# --- Text to records ---------------------------------------------------------------------------


def records(stream, separator: str, what: str = "Fichier CSV", limit: int | None = None):
    """(start line, fields) for each record of a text stream, the start line as the user counts
    it (a cell may span lines); a blank record gives (start, None): counted, not a row."""
    reader = csv.reader(stream, delimiter=separator)
    previous_end = 0
    count = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise csv_problem(exc, what, reader.line_num) from exc
        start = previous_end + 1
        previous_end = reader.line_num
        if not fields or all(not f.strip() for f in fields):
            yield start, None
            continue
        yield start, fields
        count += 1
        if limit is not None and count >= limit:
            return


def _records(text: str, separator: str, limit: int | None = None):
    return records(io.StringIO(text, newline=""), separator, limit=limit)


def sniff_separator(text: str) -> str:
    """The separator giving the widest header, then the most records of the header's width."""
    best, best_score = ",", (-1, -1)
    for separator in SEPARATORS:
        try:
            records = [f for _, f in _records(text, separator, limit=30) if f is not None]
        except ReadError:
            continue
        if not records:
            continue
        # column names rarely contain a separator, so the header's width is the main signal
        width = len(records[0])
        agreeing = sum(1 for f in records[1:] if len(f) == width)
        score = (width, agreeing)
        if score > best_score:
            best, best_score = separator, score
    return best


def _frame_from_rows(rows: list[tuple[int, list[str]]], source: str):
    if not rows:
        raise ReadError(f"Le fichier est vide : aucune ligne d'en-tête ({source}).")
    header_line, header = rows[0]
    header = [h.strip().lstrip("\ufeff") for h in header]
    # trailing empty headers are Excel's padding ("a;b;;")
    while header and not header[-1]:
        header.pop()
    if len(header) < 1 or all(not h for h in header):
        raise ReadError("La première ligne du fichier devrait contenir les noms de colonnes.")
    for position, name in enumerate(header):
        if not name:
            header[position] = f"colonne_{position + 1}"
    width = len(header)
    data, lines, overflow = [], [], {}
    for line, fields in rows[1:]:
        extra = [f for f in fields[width:] if f.strip()]
        if extra:
            overflow[line] = len(fields)
        fields = (list(fields) + [""] * width)[:width]
        data.append(fields)
        lines.append(line)
    frame = pd.DataFrame(data, columns=header, dtype=str) if data else pd.DataFrame(
        {h: pd.Series(dtype=str) for h in header}
    )
    frame.attrs["header_line"] = header_line
    frame.attrs["overflow"] = overflow  # line -> number of values when wider than the header
    frame.attrs["header_width"] = width
    return frame, lines


def read_csv_text(text: str) -> tuple[pd.DataFrame, list[int]]:
    """Parse CSV text (separator sniffed) into a frame of str and source line numbers."""
    if not text.strip():
        raise ReadError("Le fichier est vide.")
    separator = sniff_separator(text)
    records = _records(text, separator)
    rows = [(line, fields) for line, fields in records if fields is not None]
    frame, lines = _frame_from_rows(rows, "CSV")
    frame.attrs["separator"] = separator
    return frame, lines


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_xlsx_bytes(data: bytes) -> tuple[pd.DataFrame, list[int]]:
    """First non-empty sheet of an XLSX workbook as a frame of str and row numbers."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged archive
        raise ReadError(f"Classeur XLSX illisible : {exc.__class__.__name__}.") from exc
    try:
        for sheet in workbook.worksheets:
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                if any(c.strip() for c in cells):
                    rows.append((number, cells))
            if rows:
                frame, lines = _frame_from_rows(rows, f"feuille « {sheet.title} »")
                frame.attrs["sheet"] = sheet.title
                return frame, lines
    finally:
        workbook.close()
    raise ReadError("Le classeur XLSX est vide : aucune feuille ne contient de données.")


def read_raw(path: str | Path) -> tuple[pd.DataFrame, list[int]]:
    """A CSV or XLSX file as text cells under its own headers, with source line numbers."""
    path = Path(path)
    if not path.exists():
        raise ReadError(f"Fichier introuvable : {path}")
    if path.is_dir():
        raise ReadError(f"{path} est un dossier, pas un fichier.")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ReadError(f"Fichier trop volumineux (plus de {MAX_BYTES // 1024 // 1024} Mo).")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"Impossible de lire {path} : {exc.strerror or exc}.") from exc
    if not data.strip():
        raise ReadError("Le fichier est vide.")
    if data.startswith(b"PK\x03\x04"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ReadError("Classeur XLSX illisible : archive endommagée.")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                check_xlsx_archive(archive)
        except zipfile.BadZipFile as exc:
            raise ReadError("Classeur XLSX illisible : archive endommagée.") from exc
        frame, lines = read_xlsx_bytes(data)
        frame.attrs.update(format="xlsx", encoding=None, separator=None)
        return frame, lines
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(
            "Format Excel 97-2003 (.xls) non pris en charge : enregistrez le fichier en .xlsx "
            "ou en CSV."
        )
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:4] == b"%PDF" or data[:3] == b"\xff\xd8\xff":
        raise ReadError("Le fichier n'est pas un tableau CSV ou XLSX (image ou PDF).")
    check_line_lengths(data)
    text, encoding = decode_bytes(data)
    frame, lines = read_csv_text(text)
    frame.attrs.update(format="csv", encoding=encoding)
    return frame, lines


def read_table(path: str | Path, kind: str | None = None) -> tuple[pd.DataFrame, list[int]]:
    """Read a file as str cells and line numbers; with `kind`, rename headers to canonical."""
    frame, lines = read_raw(path)
    if kind is None:
        return frame, lines
    mapping = map_headers(list(frame.columns), kind)
    attrs = dict(frame.attrs)
    canonical = frame[list(mapping.columns)].rename(columns=mapping.columns)
    canonical.attrs = attrs | {
        "original_headers": {v: k for k, v in mapping.columns.items()},
        "ignored_columns": mapping.ignored,
        "shadowed_columns": mapping.shadowed,
    }
    return canonical, lines
