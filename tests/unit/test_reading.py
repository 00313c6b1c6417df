"""Reading awkward files: encodings, separators, Excel, headers, line numbers."""

from __future__ import annotations

import pytest

from observatoire.reading import (
    ReadError,
    decode_bytes,
    map_headers,
    normalize_label,
    read_raw,
    read_table,
    sniff_separator,
)
from tests import corpus


@pytest.mark.parametrize(
    ("case", "encoding", "separator"),
    [
        ("utf8_comma", "utf-8", ","),
        ("utf8_bom_semicolon", "utf-8-sig", ";"),
        ("cp1252_semicolon", "cp1252", ";"),
        ("utf16_tab", "utf-16", "\t"),
        ("utf16le_no_bom_tab", "utf-16-le", "\t"),
    ],
)
def test_each_encoding_and_separator_is_detected_and_accents_survive(
    tmp_path, case, encoding, separator
):
    frame, lines = read_table(corpus.build(tmp_path, case), "acteurs")
    assert frame.attrs["encoding"] == encoding
    assert frame.attrs["separator"] == separator
    assert frame["nom"].tolist() == [row[1] for row in corpus.GOOD_ACTEURS]
    assert frame["code_commune"].tolist() == ["01001", "69123", "63113"]
    assert lines == [2, 3, 4]


def test_codes_keep_their_leading_zeros_because_everything_is_read_as_text(tmp_path):
    frame, _ = read_raw(corpus.build(tmp_path, "utf8_comma"))
    assert frame["Code commune"].iloc[0] == "01001"
    assert frame["Emplois"].iloc[0] == "3"


def test_xlsx_numbers_become_text_and_lines_are_sheet_rows(tmp_path):
    frame, lines = read_table(corpus.build(tmp_path, "xlsx"), "acteurs")
    assert frame.attrs["format"] == "xlsx"
    assert frame["code_commune"].tolist() == ["1001", "69123", "63113"]
    assert frame["emplois"].iloc[1] == "12"
    assert lines == [2, 3, 4]


def test_a_quoted_newline_keeps_the_value_and_the_line_where_the_record_starts(tmp_path):
    frame, lines = read_table(corpus.build(tmp_path, "quoted_newline"), "acteurs")
    assert frame["nom"].iloc[0] == "Nom\nsur deux lignes"
    assert lines == [2, 4]


def test_blank_lines_are_not_rows_but_still_count_in_line_numbers(tmp_path):
    path = tmp_path / "blanks.csv"
    path.write_text("nom;code_commune\n\nA;01001\n;\nB;69123\n", encoding="utf-8")
    frame, lines = read_table(path, "acteurs")
    assert frame["nom"].tolist() == ["A", "B"]
    assert lines == [3, 5]


def test_hostile_text_is_read_verbatim(tmp_path):
    frame, _ = read_table(corpus.build(tmp_path, "hostile_text"), "acteurs")
    assert frame["nom"].tolist() == [corpus.SCRIPT, corpus.FORMULA]


def test_hostile_text_in_xlsx_is_read_verbatim(tmp_path):
    rows = corpus.acteurs_rows(["A1", corpus.FORMULA, "01001", "", "", ""])
    frame, _ = read_table(corpus.write_xlsx(tmp_path, "h.xlsx", rows), "acteurs")
    assert frame["nom"].tolist() == [corpus.FORMULA]


def test_a_row_wider_than_the_header_is_flagged_not_cut(tmp_path):
    frame, lines = read_table(corpus.build(tmp_path, "ragged_row"), "acteurs")
    assert lines == [2, 3, 4]
    assert frame.attrs["overflow"] == {3: 5}
    assert frame["code_commune"].tolist() == ["01001", "01001", ""]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("empty", "vide"),
        ("binary_png", "n'est pas un tableau"),
        ("broken_xlsx", "XLSX illisible"),
        ("ambiguous_headers", "Colonnes ambiguës"),
    ],
)
def test_unusable_files_raise_a_french_read_error(tmp_path, case, message):
    with pytest.raises(ReadError, match=message):
        read_table(corpus.build(tmp_path, case), "acteurs")


def test_a_missing_file_raises_a_french_read_error(tmp_path):
    with pytest.raises(ReadError, match="introuvable"):
        read_table(tmp_path / "absent.csv")


def test_old_xls_files_are_refused_with_advice(tmp_path):
    path = corpus.write_bytes(tmp_path, "vieux.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ReadError, match=r"\.xls"):
        read_raw(path)


def test_random_binary_bytes_are_not_taken_for_a_table(tmp_path):
    path = corpus.write_bytes(tmp_path, "data.bin", bytes(range(256)) * 20)
    with pytest.raises(ReadError, match="binaire"):
        read_raw(path)


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("Code commune", "code_commune"),
        ("CODE INSEE", "code_commune"),
        ("Secteur d'activité", "secteur"),
        ("  NOM  ", "nom"),
        ("Année de création", "annee_creation"),
        ("N° SIRET", "siret"),
        ("Nombre d'emplois", "emplois"),
        ("Statut juridique", "forme_juridique"),
        ("Site internet", "site_web"),
        ("lat", "latitude"),
        ("Lng", "longitude"),
    ],
)
def test_headers_written_as_people_write_them_map_to_acteurs_columns(header, canonical):
    assert map_headers([header], "acteurs").columns == {header: canonical}


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("Titre du projet", "titre"),
        ("Nom", "titre"),
        ("Porteur", "porteur_id"),
        ("Montant de l'aide (€)", "montant_aide_eur"),
        ("Statut", "statut"),
        ("Année de début", "annee_debut"),
        ("Emplois créés", "emplois_crees"),
    ],
)
def test_headers_written_as_people_write_them_map_to_projets_columns(header, canonical):
    assert map_headers([header], "projets").columns == {header: canonical}


def test_no_synonym_points_to_two_columns_of_the_same_kind():
    for kind in ("acteurs", "projets"):
        map_headers([], kind)  # builds the lookup, which asserts uniqueness


def test_an_exact_canonical_header_wins_over_a_synonym():
    mapping = map_headers(["code_commune", "Code INSEE"], "acteurs")
    assert mapping.columns == {"code_commune": "code_commune"}
    assert mapping.shadowed == {"Code INSEE": "code_commune"}


def test_unknown_headers_are_listed_as_ignored():
    mapping = map_headers(["nom", "Téléphone"], "acteurs")
    assert mapping.ignored == ["Téléphone"]


def test_labels_are_normalised_without_accents_case_or_punctuation():
    assert normalize_label("  Secteur d’Activité ") == "secteur_d_activite"
    assert normalize_label("Œuvre") == "oeuvre"


def test_semicolon_wins_over_the_decimal_commas_inside_values():
    assert sniff_separator("nom;emplois\nA;1,5\nB;2,5\n") == ";"


def test_comma_wins_when_semicolons_only_appear_in_quoted_values():
    assert sniff_separator('nom,dispositifs\nA,"fiso;feder"\nB,ptce\n') == ","


def test_latin1_bytes_undefined_in_cp1252_still_decode():
    text, encoding = decode_bytes("nom\nA\x81\n".encode("latin-1"))
    assert encoding == "latin-1" and text.startswith("nom")
