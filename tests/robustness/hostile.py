"""Hostile and broken input files, built by code at test time (nothing binary is committed)."""

from __future__ import annotations

import functools
import gzip
import io
import os
import zipfile
from pathlib import Path

import openpyxl

from tests import corpus

HEADER = ["id", "nom", "code_commune", "secteur", "emplois", "annee_creation"]
GOOD = ["A1", "Épicerie solidaire", "01001", "sante", "3", "2012"]
PROJETS_HEADER = ["id", "titre", "porteur_id", "code_commune", "statut", "montant_aide_eur"]


def _csv(rows, sep=";", encoding="utf-8") -> bytes:
    return corpus.csv_bytes([[str(c) for c in r] for r in rows], sep, encoding)


def _good(*rows) -> bytes:
    return _csv([HEADER, GOOD, *rows])


def _xlsx(rows, formulas: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    if formulas:
        sheet["E2"] = "=1+1"
        sheet["B3"] = '=HYPERLINK("http://example.invalid","clic")'
        sheet["F3"] = "=YEAR(TODAY())"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("acteurs.csv", ";".join(HEADER) + "\n" + "0" * 2_000_000)
    return buffer.getvalue()


# expands past reading.ZIP_RATIO_FLOOR (50 MiB) at ~1000 times its compressed size
BOMB_BYTES = 60 * 1024 * 1024


def _bomb_zip(member: str, head: bytes, filler: bytes = b"x") -> bytes:
    """A zip whose one member is `head` then BOMB_BYTES of `filler`, written in pieces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open(member, "w") as out:
            out.write(head)
            piece = filler * (1024 * 1024 // len(filler))
            for _ in range(BOMB_BYTES // len(piece)):
                out.write(piece)
    return buffer.getvalue()


def _xlsx_bomb() -> bytes:
    """A real workbook whose sheet repeats one row until it expands past the limits."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx([HEADER, GOOD])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                start, end = data.index(b'<row r="2"'), data.index(b"</row>", data.index(b'<row r="2"'))
                row = data[start:end + len(b"</row>")]
                data = data[:start] + row * (BOMB_BYTES // len(row)) + data[end + len(b"</row>"):]
            archive.writestr(info.filename, data)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script><table><tr><td>nom</td></tr></table>"
JSON = b'[{"nom": "Association", "code_commune": "01001"}, {"nom": "<b>x</b>"}]'


# name -> (file name, bytes); a callable value builds the file itself (symlinks, folders)
@functools.cache
def cases() -> dict[str, object]:
    """Every hostile case by name."""
    return {
        "une_ligne_de_5_mo": ("ligne.csv", _csv([HEADER]) + b"x" * 5_000_000 + b"\n"),
        "ligne_sans_fin_de_3_mo": ("sansfin.csv", _good() + b"A2;" + b"x" * 3_000_000),
        "ligne_sans_fin_fins_cr": ("sansfin_cr.csv", _good().replace(b"\r\n", b"\r")
                                   + b"y" * 3_000_000),
        "zip_bombe": ("bombe.zip", _bomb_zip("acteurs.csv", _good())),
        "xlsx_bombe": ("bombe.xlsx", _xlsx_bomb()),
        "cellule_de_1_mo": ("cellule.csv", _good(["A2", "N" * 1_000_000, "01001", "", "", ""])),
        "octets_nuls": ("nul.csv", _good(["A2", "Asso\x00ciation", "01001", "", "", ""]) + b"\x00" * 64),
        "utf8_invalide_au_milieu": (
            "utf8.csv", _good(["A2", "Café", "01001", "", "", ""]) + b"A3;Caf\xe9\xff\xfe;01004;;;\n",
        ),
        "separateurs_melanges": (
            "sep.csv", b"id;nom,code_commune\tsecteur\nA1;Asso,01001\tsante\nA2,Autre;01004\n",
        ),
        "utf16_avec_bom": ("utf16.csv", _csv([HEADER, GOOD], "\t", "utf-16")),
        "utf16_sans_bom": ("utf16nb.csv", _csv([HEADER, GOOD], "\t", "utf-16-le")),
        "bom_utf8_puis_utf16": (
            "bom.csv", b"\xef\xbb\xbf" + _csv([HEADER, GOOD], ";", "utf-16-le"),
        ),
        "en_tetes_seuls": ("entetes.csv", _csv([HEADER])),
        "en_tetes_dupliques": (
            "doublons.csv", _csv([["nom", "nom", "code_commune", "code_commune"],
                                  ["A", "B", "01001", "69123"]]),
        ),
        "injection_en_tete": (
            "injection.csv",
            _csv([[*HEADER, "=cmd|' /C calc'!A0"], [*GOOD[:1], "=cmd|' /C calc'!A0", *GOOD[2:], "@SUM(1)"]]),
        ),
        "cent_mille_colonnes": (
            "colonnes.csv",
            (";".join(HEADER + [f"c{i}" for i in range(100_000)]) + "\n"
             + ";".join(GOOD + ["x"] * 100_000) + "\n").encode(),
        ),
        "nombres_negatifs_et_enormes": (
            "nombres.csv",
            _good(["A2", "Neg", "01001", "", "-5", "2000"],
                  ["A3", "Huge", "01001", "", "1" + "0" * 400, "2000"],
                  ["A4", "Exp", "01001", "", "1e308", "1e308"]),
        ),
        "nan_et_inf": (
            "nan.csv",
            _csv([HEADER + ["latitude", "longitude"],
                  ["A1", "Nan", "", "", "NaN", "nan", "nan", "nan"],
                  ["A2", "Inf", "", "", "inf", "-inf", "inf", "-Infinity"]]),
        ),
        "dates_dans_le_futur": (
            "futur.csv",
            _good(["A2", "Futur", "01001", "", "", "2999"], ["A3", "Futur2", "01001", "", "", "31/12/2999"]),
        ),
        "codes_corses": ("corse.csv", _good(["A2", "Ajaccio", "2A004", "", "", ""],
                                           ["A3", "Bastia", "2b033", "", "", ""])),
        "codes_avec_espaces_et_lettres": (
            "codes.csv",
            _good(["A2", "Espaces", " 01 001 ", "", "", ""], ["A3", "Lettres", "O1OO1", "", "", ""],
                  ["A4", "Trop long", "0100100", "", "", ""], ["A5", "Point", "1001.0", "", "", ""]),
        ),
        "json_deguise": ("donnees.csv", JSON),
        "html_deguise": ("page.csv", HTML),
        "pdf_deguise": ("document.csv", PDF),
        "png_deguise": ("image.csv", corpus.PNG_BYTES),
        "zip_deguise": ("archive.csv", _zip_bytes()),
        "gzip_deguise": ("compresse.csv", gzip.compress(_good())),
        "xlsx_avec_formules": ("formules.xlsx", _xlsx([HEADER, GOOD, ["A2", "x", "01001", "", "", ""]], True)),
        "xlsx_feuille_vide": ("vide.xlsx", _xlsx([])),
        "xlsx_tronque": ("tronque.xlsx", _xlsx([HEADER, GOOD])[:500]),
        "csv_nomme_xlsx": ("faux.xlsx", _good()),
        "fichier_vide": ("vide.csv", b""),
        "blancs_seulement": ("blancs.csv", b"\n\n   \n\t\n" * 1000),
        "guillemet_non_ferme": ("guillemet.csv", _good() + b'A2;"jamais ferme;01001;;;\n' + b"A3;x;01004;;;\n" * 100),
        "fins_de_ligne_cr": ("cr.csv", _good(["A2", "Mac", "01004", "", "", ""]).replace(b"\r\n", b"\r")),
        "cent_mille_lignes_vides": ("lignesvides.csv", _good() + b";;;;;\n" * 100_000),
        "caracteres_de_controle": (
            "controle.csv",
            _good(["A2", "\x1b[31mrouge\x1b[0m\u202eevil\u200b", "01001", "", "", ""],
                  ["A3", "\ufeffBOM au milieu", "01001", "", "", ""]),
        ),
        "coordonnees_absurdes": (
            "coords.csv",
            _csv([["nom", "latitude", "longitude"], ["Inversé", "4.83", "45.76"],
                  ["Pôle", "90", "180"], ["Texte", "abc", "def"], ["Vide", "", ""]]),
        ),
        "octets_aleatoires": ("alea.csv", bytes(range(256)) * 200),
        "nom_tres_long": ("x" * 240 + ".csv", _good()),
        "nom_avec_traversee": ("..%2F..%2Fetc%2Fpasswd.csv", _good()),
        "lien_vers_etc_passwd": _symlink_to_passwd,
        "dossier_au_lieu_de_fichier": _directory,
        "fichier_absent": _missing,
    }


# Register-shaped files (SIRENE pre-joined extract, RNA waldec) carrying the same poisons
SIRENE_HEADER = ["siret", "codeCommuneEtablissement", "etatAdministratifEtablissement",
                 "denominationUniteLegale", "categorieJuridiqueUniteLegale",
                 "economieSocialeSolidaireUniteLegale", "trancheEffectifsEtablissement",
                 "dateCreationEtablissement", "coordonneeLambertAbscisseEtablissement",
                 "coordonneeLambertOrdonneeEtablissement"]
SIRENE_GOOD = ["10000000000010", "69123", "A", "ASSO", "9220", "O", "03", "2012-05-01", "", ""]
RNA_HEADER = ["id", "id_ex", "siret", "titre", "objet", "objet_social1", "date_creat",
              "date_disso", "position", "adrs_codeinsee", "adrs_libcommune"]
RNA_GOOD = ["W691000001", "", "", "ASSOCIATION", "Aide", "011000", "2001-01-01", "", "A",
            "69123", "LYON"]


@functools.cache
def register_cases() -> dict[str, object]:
    """Hostile files that pass format detection of the SIRENE and RNA importers."""
    return {
        "sirene_cellule_de_1_mo": ("sirene.csv", _csv([SIRENE_HEADER, SIRENE_GOOD,
                                                       ["1" * 14, "69123", "A", "N" * 1_000_000,
                                                        "9220", "O", "", "", "", ""]], ",")),
        "sirene_octets_nuls_et_utf8_invalide": (
            "sirene_nul.csv",
            _csv([SIRENE_HEADER, SIRENE_GOOD], ",") + b"2\x00\xff\xfe;69123;A;X\x00;9220;O;;;;\n",
        ),
        "sirene_nombres_absurdes": (
            "sirene_nb.csv",
            _csv([SIRENE_HEADER, SIRENE_GOOD,
                  ["10000000000011", "69123", "A", "X", "9220", "O", "99", "2999-01-01",
                   "1e308", "-inf"],
                  ["12", "2A004", "A", "=cmd|' /C calc'!A0", "<b>", "O", "NaN", "0000-00-00",
                   "nan", "abc"]], ","),
        ),
        "sirene_colonnes_en_trop": (
            "sirene_col.csv",
            (",".join(SIRENE_HEADER + [f"c{i}" for i in range(50_000)]) + "\n"
             + ",".join(SIRENE_GOOD + ["x"] * 50_000) + "\n").encode(),
        ),
        "rna_formules_et_html": (
            "rna_waldec_dpt_69.csv",
            _csv([RNA_HEADER, RNA_GOOD,
                  ["W691000002", "", "", "=HYPERLINK(\"x\")", "<img src=x onerror=alert(1)>",
                   "999999", "31/12/2999", "", "A", "69 123", "LYON"]], ";", "cp1252"),
        ),
        "rna_dates_et_codes_casses": (
            "rna_dates.csv",
            _csv([RNA_HEADER, RNA_GOOD,
                  ["W1", "", "", "A", "", "", "0001-01-01", "2999-01-01", "?", "2B033", ""],
                  ["", "", "", "", "", "", "", "", "", "", ""]], ";"),
        ),
        "sirene_ligne_sans_fin": ("sirene_sansfin.csv", _csv([SIRENE_HEADER, SIRENE_GOOD], ",")
                                  + b"1" * 3_000_000),
        "sirene_zip_bombe": ("StockEtablissement_utf8.zip",
                             _bomb_zip("StockEtablissement_utf8.csv",
                                       _csv([SIRENE_HEADER, SIRENE_GOOD], ","))),
        "rna_ligne_sans_fin": ("rna_waldec_dpt_69_sansfin.csv",
                               _csv([RNA_HEADER, RNA_GOOD], ";") + b"W;" * 1_500_000),
        "rna_zip_bombe": ("rna_waldec.zip",
                          _bomb_zip("rna_waldec_dpt_69.csv", _csv([RNA_HEADER, RNA_GOOD], ";"),
                                    (";".join(RNA_GOOD) + "\n").encode())),
        "rna_utf8_invalide": ("rna_bad.csv", _csv([RNA_HEADER, RNA_GOOD], ";") + b"W2;;;\xff\xfe;;;;;A;69123;\n"),
    }


def _symlink_to_passwd(directory: Path) -> Path:
    link = directory / "acteurs_lien.csv"
    os.symlink("/etc/passwd", link)
    return link


def _directory(directory: Path) -> Path:
    folder = directory / "dossier.csv"
    folder.mkdir()
    return folder


def _missing(directory: Path) -> Path:
    return directory / "absent.csv"


def build(directory: Path, name: str) -> Path:
    """Write the case `name` under `directory` and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    spec = cases()[name] if name in cases() else register_cases()[name]
    if callable(spec):
        return spec(directory)
    file_name, data = spec
    path = directory / file_name
    path.write_bytes(data)
    return path


NAMES = list(cases())
REGISTER_NAMES = list(register_cases())
