"""Awkward input files, built by code at test time: encodings, separators, Excel's habits."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

# headers as people write them, mapped to acteurs' canonical columns
ACTEURS_HEADER = ["Identifiant", "NOM", "Code commune", "Secteur d'activité", "Emplois",
                  "Année de création"]
PROJETS_HEADER = ["id", "Titre", "Porteur", "Code INSEE", "Statut", "Montant"]

# Lyon 1er arrondissement's point, Clermont-Ferrand's, Paris's
LYON = ("45.764", "4.8357")
CLERMONT = ("45.7772", "3.087")
PARIS = ("48.8566", "2.3522")

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'


def csv_bytes(rows: list[list[str]], separator: str = ";", encoding: str = "utf-8") -> bytes:
    """Rows written the way a spreadsheet exports them (CRLF, quotes when needed)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_bytes(directory: Path, name: str, data: bytes) -> Path:
    """Store bytes under `directory/name`."""
    path = Path(directory) / name
    path.write_bytes(data)
    return path


def write_csv(directory: Path, name: str, rows, separator=";", encoding="utf-8") -> Path:
    """A CSV file of `rows` in the given separator and encoding."""
    return write_bytes(directory, name, csv_bytes(rows, separator, encoding))


def write_xlsx(directory: Path, name: str, rows: list[list]) -> Path:
    """An XLSX workbook; text starting with '=' is stored as text, as Excel does for quoted input."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Acteurs"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.value = value
                cell.data_type = "s"
    path = Path(directory) / name
    workbook.save(path)
    return path


def acteurs_rows(*rows: list[str], header=ACTEURS_HEADER) -> list[list[str]]:
    """Header then rows."""
    return [list(header), *[list(r) for r in rows]]


GOOD_ACTEURS = [
    ["A1", "Épicerie solidaire", "01001", "Alimentation et agriculture", "3", "2012"],
    ["A2", "Coopérative du Rhône", "69123", "sante", "12", "1998"],
    ["A3", "Ressourcerie", "63113", "economie-circulaire", "", ""],
]


def build(directory: Path, case: str) -> Path:
    """Write the corpus file named `case` in `directory` and return its path."""
    d = Path(directory)
    if case == "utf8_comma":
        return write_csv(d, "utf8.csv", acteurs_rows(*GOOD_ACTEURS), ",", "utf-8")
    if case == "utf8_bom_semicolon":
        return write_csv(d, "bom.csv", acteurs_rows(*GOOD_ACTEURS), ";", "utf-8-sig")
    if case == "cp1252_semicolon":
        return write_csv(d, "excel_fr.csv", acteurs_rows(*GOOD_ACTEURS), ";", "cp1252")
    if case == "utf16_tab":
        return write_csv(d, "unicode.txt", acteurs_rows(*GOOD_ACTEURS), "\t", "utf-16")
    if case == "utf16le_no_bom_tab":
        return write_csv(d, "unicode_le.csv", acteurs_rows(*GOOD_ACTEURS), "\t", "utf-16-le")
    if case == "xlsx":
        rows = acteurs_rows(*GOOD_ACTEURS)
        rows[1][2] = 1001  # Excel turned 01001 into a number
        rows[2][4] = 12
        return write_xlsx(d, "acteurs.xlsx", rows)
    if case == "excel_mangled_codes":
        return write_csv(d, "mangled.csv", acteurs_rows(
            ["A1", "Quatre chiffres", "1001", "", "", ""],
            ["A2", "Flottant", "1001.0", "", "", ""],
            ["A3", "Scientifique", "1.001E+3", "", "", ""],
            ["A4", "Espaces", " 01 001 ", "", "", ""],
        ))
    if case == "decimal_comma":
        header = [*ACTEURS_HEADER, "Latitude", "Longitude"]
        return write_csv(d, "decimal.csv", acteurs_rows(
            ["A1", "Milliers", "01001", "", "1 200", "2001", "46,15", "4,93"],
            ["A2", "Espace insécable", "01001", "", "2\u00a0500", "2001", "", ""],
            ["A3", "Demi-emploi", "01001", "", "2,5", "2001", "", ""],
            header=header,
        ))
    if case == "quoted_newline":
        return write_csv(d, "multiline.csv", acteurs_rows(
            ["A1", "Nom\nsur deux lignes", "01001", "", "", ""],
            ["A2", "Suivant", "75056", "", "", ""],
        ))
    if case == "extra_columns":
        header = [*ACTEURS_HEADER, "Commentaire interne", "Téléphone"]
        return write_csv(d, "extra.csv", acteurs_rows(
            ["A1", "Avec colonnes en plus", "01001", "", "", "", "rien", "04 00 00 00 00"],
            header=header,
        ))
    if case == "missing_name_column":
        header = ["Identifiant", "Code commune", "Secteur"]
        return write_csv(d, "sans_nom.csv", [header, ["A1", "01001", "sante"]])
    if case == "missing_location_columns":
        return write_csv(d, "sans_lieu.csv", [["id", "nom", "secteur"], ["A1", "X", "sante"]])
    if case == "ambiguous_headers":
        header = ["id", "nom", "Code INSEE", "COG"]
        return write_csv(d, "ambigu.csv", [header, ["A1", "X", "01001", "69123"]])
    if case == "canonical_beats_synonym":
        header = ["id", "nom", "code_commune", "Code INSEE"]
        return write_csv(d, "exact.csv", [header, ["A1", "X", "01001", "69123"]])
    if case == "empty":
        return write_bytes(d, "vide.csv", b"")
    if case == "header_only":
        return write_csv(d, "entete.csv", acteurs_rows())
    if case == "binary_png":
        return write_bytes(d, "image.csv", PNG_BYTES)
    if case == "broken_xlsx":
        return write_bytes(d, "casse.xlsx", b"PK\x03\x04" + b"\x00" * 60)
    if case == "hostile_text":
        return write_csv(d, "hostile.csv", acteurs_rows(
            ["A1", SCRIPT, "01001", "", "", ""],
            ["A2", FORMULA, "01001", "", "", ""],
        ))
    if case == "territories":
        return write_csv(d, "territoires.csv", acteurs_rows(
            ["A1", "Paris", "75056", "", "", ""],
            ["A2", "Corse", "2A004", "", "", ""],
            ["A3", "Lyon 3e", "69383", "", "", ""],
            ["A4", "Inconnue", "01999", "", "", ""],
            ["A5", "Commune ancienne", "1001", "", "", ""],
        ))
    if case == "coordinates_only":
        header = ["id", "nom", "latitude", "longitude"]
        return write_csv(d, "points.csv", [
            header,
            ["A1", "À Lyon", *LYON],
            ["A2", "À Paris", *PARIS],
            ["A3", "Nulle part", "", ""],
            ["A4", "Latitude seule", LYON[0], ""],
        ])
    if case == "code_and_coordinates":
        header = ["id", "nom", "code_commune", "latitude", "longitude"]
        return write_csv(d, "code_points.csv", [
            header,
            ["A1", "Code inconnu, point à Clermont", "01999", *CLERMONT],
            ["A2", "Code de Lyon, point à Clermont", "69123", *CLERMONT],
            ["A3", "Code de Lyon, point à Paris", "69123", *PARIS],
            ["A4", "Paris avec point à Lyon", "75056", *LYON],
        ])
    if case == "nomenclatures":
        header = ["id", "nom", "code_commune", "Type", "Forme juridique", "Secteur",
                  "Dispositifs"]
        return write_csv(d, "nomenclatures.csv", [
            header,
            ["A1", "Libellés", "01001", "Incubateur", "SCOP", "Santé", "FISO; France Active"],
            ["A2", "Casse et accents", "01001", "PTCE", "Scic", "ECONOMIE CIRCULAIRE",
             "alter-incub|1D CUBE,feder"],
            ["A3", "Secteur inconnu", "01001", "", "", "aéronautique", ""],
            ["A4", "Dispositif inconnu", "01001", "", "", "", "fiso|plan-marshall"],
        ])
    if case == "numbers_and_years":
        return write_csv(d, "nombres.csv", acteurs_rows(
            ["A1", "Emplois négatifs", "01001", "", "-3", ""],
            ["A2", "Année future", "01001", "", "", "2999"],
            ["A3", "Année ancienne", "01001", "", "", "1650"],
            ["A4", "Date complète", "01001", "", "", "15/03/2004"],
            ["A5", "Emplois illisibles", "01001", "", "beaucoup", ""],
        ))
    if case == "duplicate_ids":
        return write_csv(d, "doublons.csv", acteurs_rows(
            ["A1", "Premier", "01001", "", "", ""],
            ["A1", "Second", "01001", "", "", ""],
            ["A2", "Autre", "01001", "", "", ""],
            ["A1", "Troisième", "01001", "", "", ""],
        ))
    if case == "missing_ids":
        return write_csv(d, "sans_id.csv", [
            ["nom", "code_commune"],
            ["Sans identifiant", "01001"],
            ["Sans identifiant", "01001"],
            ["Autre", "69123"],
        ])
    if case == "unlocated":
        return write_csv(d, "non_localise.csv", acteurs_rows(
            ["A1", "Lieu inconnu", "", "sante", "", ""],
            ["A2", "Localisé", "01001", "sante", "", ""],
        ))
    if case == "ragged_row":
        return write_csv(d, "decale.csv", [
            ["id", "nom", "code_commune"],
            ["A1", "Normal", "01001"],
            ["A2", "Trop", "01001", "de", "valeurs"],
            ["A3", "Court"],
        ])
    if case == "projets":
        return write_csv(d, "projets.csv", [
            PROJETS_HEADER,
            ["P1", "Projet porté", "A1", "01001", "Émergence", "12 500,50 €"],
            ["P2", "Porteur inconnu", "Z9", "01001", "lancement", ""],
            ["P3", "Sans porteur", "", "69383", "", "1000"],
            ["P4", "Montant négatif", "", "01001", "", "-5"],
            ["P5", "Sans commune", "", "", "", ""],
        ])
    raise KeyError(case)
