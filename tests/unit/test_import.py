"""The import engine and command line on the awkward corpus: counts, reasons, exit codes, files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from observatoire import storage
from observatoire.importers import import_file
from observatoire.importers.cli import main as cli_main
from observatoire.reading import ReadError
from observatoire.schema import ACTEURS_COLUMNS, PROJETS_COLUMNS
from observatoire.validation import (
    ValueProblem,
    clean_code_text,
    load_dataset,
    parse_dispositifs,
    parse_nomenclature,
    parse_number,
    parse_year,
    schema_problems,
)
from tests import corpus

REPO = Path(__file__).resolve().parents[2]


def _dry(tmp_path, case, kind="acteurs"):
    return import_file(corpus.build(tmp_path, case), kind, tmp_path / "donnees", dry_run=True)


def _reasons(report):
    return [(issue.line, issue.reason) for issue in report.errors]


# case, accepted, rejected, unlocated, [(line, substring of the French reason)]
CASES = [
    ("utf8_comma", 3, 0, 0, []),
    ("utf8_bom_semicolon", 3, 0, 0, []),
    ("cp1252_semicolon", 3, 0, 0, []),
    ("utf16_tab", 3, 0, 0, []),
    ("utf16le_no_bom_tab", 3, 0, 0, []),
    ("xlsx", 3, 0, 0, []),
    ("excel_mangled_codes", 4, 0, 0, []),
    ("decimal_comma", 2, 1, 0, [(4, "nombre entier attendu")]),
    ("quoted_newline", 1, 1, 0, [(4, "hors de la région")]),
    ("extra_columns", 1, 0, 0, []),
    ("hostile_text", 2, 0, 0, []),
    (
        "territories",
        2,
        3,
        0,
        [(2, "hors de la région Auvergne-Rhône-Alpes : 75056"),
         (3, "hors de la région Auvergne-Rhône-Alpes : 2A004"),
         (5, "code commune inconnu : 01999")],
    ),
    (
        "coordinates_only",
        2,
        2,
        1,
        [(3, "coordonnées hors de la région"), (5, "latitude et longitude vont ensemble")],
    ),
    (
        "code_and_coordinates",
        2,
        2,
        0,
        [(4, "inversées ?"), (5, "hors de la région Auvergne-Rhône-Alpes : 75056")],
    ),
    (
        "nomenclatures",
        2,
        2,
        0,
        [(4, "secteur inconnu : « aéronautique »"), (5, "dispositif inconnu : « plan-marshall »")],
    ),
    (
        "numbers_and_years",
        1,
        4,
        0,
        [(2, "emplois négatif"), (3, "hors de la plage plausible"),
         (4, "hors de la plage plausible"), (6, "nombre illisible : « beaucoup »")],
    ),
    ("duplicate_ids", 2, 2, 0, [(3, "déjà utilisé ligne 2"), (5, "déjà utilisé ligne 2")]),
    ("missing_ids", 3, 0, 0, []),
    ("unlocated", 2, 0, 1, []),
    ("ragged_row", 2, 1, 1, [(3, "5 valeurs pour 3 colonnes")]),
    ("canonical_beats_synonym", 1, 0, 0, []),
]


@pytest.mark.parametrize(("case", "accepted", "rejected", "unlocated", "reasons"), CASES)
def test_each_corpus_file_gives_exact_counts_and_french_reasons(
    tmp_path, case, accepted, rejected, unlocated, reasons
):
    report = _dry(tmp_path, case)
    assert (report.rows_accepted, report.rows_rejected, report.rows_unlocated) == (
        accepted,
        rejected,
        unlocated,
    )
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    got = _reasons(report)
    assert len(got) == len(reasons)
    for (line, text), (expected_line, expected_text) in zip(got, reasons):
        assert line == expected_line
        assert expected_text in text


def test_every_error_names_a_line_a_column_and_a_french_reason(tmp_path):
    report = _dry(tmp_path, "numbers_and_years")
    for issue in report.to_dict()["errors"]:
        assert set(issue) == {"line", "column", "reason"}
        assert isinstance(issue["line"], int) and issue["column"] and issue["reason"]


def test_errors_name_the_column_as_written_in_the_file(tmp_path):
    report = _dry(tmp_path, "territories")
    assert {issue.column for issue in report.errors} == {"Code commune"}


def test_excel_mangled_codes_are_restored_with_their_leading_zero(tmp_path):
    report = _dry(tmp_path, "excel_mangled_codes")
    assert report.frame["code_commune"].tolist() == ["01001"] * 4


def test_lyon_arrondissements_resolve_to_lyon(tmp_path):
    report = _dry(tmp_path, "territories")
    assert report.frame.set_index("id").loc["A3", "code_commune"] == "69123"


def test_coordinates_alone_give_the_commune_by_point_in_polygon(tmp_path):
    report = _dry(tmp_path, "coordinates_only")
    located = report.frame.set_index("id")
    assert located.loc["A1", "code_commune"] == "69123"
    assert located.loc["A1", "latitude"] == pytest.approx(45.764)
    assert pd.isna(located.loc["A3", "code_commune"])


def test_an_unknown_code_with_coordinates_in_the_region_is_located_with_a_warning(tmp_path):
    report = _dry(tmp_path, "code_and_coordinates")
    assert report.frame.set_index("id").loc["A1", "code_commune"] == "63113"
    assert any("déduite des coordonnées : 63113" in w.reason for w in report.warnings)


def test_decimal_comma_and_thousands_spaces_are_read_as_numbers(tmp_path):
    frame = _dry(tmp_path, "decimal_comma").frame.set_index("id")
    assert frame.loc["A1", "emplois"] == 1200
    assert frame.loc["A2", "emplois"] == 2500
    assert frame.loc["A1", "latitude"] == pytest.approx(46.15)


def test_nomenclature_labels_and_variants_map_to_codes(tmp_path):
    frame = _dry(tmp_path, "nomenclatures").frame.set_index("id")
    assert frame.loc["A1", ["type_acteur", "forme_juridique", "secteur", "dispositifs"]].tolist() \
        == ["incubateur", "scop", "sante", "fiso|france-active"]
    assert frame.loc["A2", ["type_acteur", "forme_juridique", "secteur", "dispositifs"]].tolist() \
        == ["ptce", "scic", "economie-circulaire", "alter-incub|1d-cube|feder"]


def test_an_unknown_sector_is_rejected_with_the_accepted_codes(tmp_path):
    reason = _dry(tmp_path, "nomenclatures").errors[0].reason
    assert "Valeurs acceptées" in reason and "economie-circulaire" in reason


def test_hostile_text_is_kept_verbatim_in_the_written_file(tmp_path):
    data_dir = tmp_path / "donnees"
    import_file(corpus.build(tmp_path, "hostile_text"), "acteurs", data_dir)
    written = storage.read_current(data_dir, "acteurs")
    assert written["nom"].tolist() == [corpus.SCRIPT, corpus.FORMULA]


def test_missing_ids_are_generated_deterministically_and_said_so(tmp_path):
    first = _dry(tmp_path, "missing_ids")
    second = _dry(tmp_path, "missing_ids")
    ids = first.frame["id"].tolist()
    assert ids == second.frame["id"].tolist()
    assert len(set(ids)) == 3 and ids[1] == ids[0] + "-2"
    assert any("identifiants générés" in w.reason for w in first.warnings)


def test_an_unlocated_actor_is_accepted_counted_and_warned(tmp_path):
    report = _dry(tmp_path, "unlocated")
    assert report.to_dict()["rows_unlocated"] == 1
    assert any(w.line == 2 and "non localisé" in w.reason for w in report.warnings)


def test_empty_source_is_filled_with_the_imported_file_name(tmp_path):
    frame = _dry(tmp_path, "utf8_comma").frame
    assert set(frame["source"]) == {"import : utf8.csv"}


def test_accepted_rows_satisfy_the_canonical_schema(tmp_path):
    for case in ("nomenclatures", "coordinates_only", "decimal_comma", "xlsx"):
        frame = _dry(tmp_path, case).frame
        assert list(frame.columns) == ACTEURS_COLUMNS
        assert schema_problems(frame, "acteurs") == []


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing_name_column", "Colonne obligatoire absente : « nom »"),
        ("missing_location_columns", "Aucune colonne de localisation"),
        ("header_only", "que la ligne d'en-tête"),
        ("empty", "vide"),
        ("binary_png", "n'est pas un tableau"),
    ],
)
def test_unusable_files_raise_before_anything_is_written(tmp_path, case, message):
    with pytest.raises(ReadError, match=message):
        import_file(corpus.build(tmp_path, case), "acteurs", tmp_path / "donnees")
    assert not (tmp_path / "donnees" / "acteurs.csv").exists()


# --- projets ----------------------------------------------------------------------------------


def _with_actors(tmp_path) -> Path:
    data_dir = tmp_path / "donnees"
    import_file(corpus.build(tmp_path, "utf8_comma"), "acteurs", data_dir)
    return data_dir


def test_projects_need_their_porteur_in_the_current_actors(tmp_path):
    data_dir = _with_actors(tmp_path)
    report = import_file(corpus.build(tmp_path, "projets"), "projets", data_dir, dry_run=True)
    assert (report.rows_accepted, report.rows_rejected, report.rows_unlocated) == (3, 2, 1)
    got = _reasons(report)
    assert got[0][0] == 3 and "porteur « Z9 » introuvable dans les acteurs actuels" in got[0][1]
    assert got[1][0] == 5 and "montant de l'aide négatif" in got[1][1]
    assert len(got) == 2
    unlocated = [w for w in report.warnings if w.line == 6]
    assert unlocated and "projet non localisé" in unlocated[0].reason
    frame = report.frame.set_index("id")
    assert pd.isna(frame.loc["P5", "code_commune"])
    assert frame.loc["P1", "montant_aide_eur"] == pytest.approx(12500.5)
    assert frame.loc["P1", "statut"] == "emergence"
    assert frame.loc["P3", "code_commune"] == "69123"
    assert list(report.frame.columns) == PROJETS_COLUMNS


def test_projects_without_any_actors_dataset_say_so_for_each_porteur(tmp_path):
    report = _dry(tmp_path, "projets", kind="projets")
    assert report.rows_accepted == 2  # the one without porteur, and the unlocated one
    assert "aucun jeu d'acteurs" in report.errors[0].reason


# --- writing ------------------------------------------------------------------------------------


def test_an_import_writes_the_dataset_in_schema_order_and_appends_history(tmp_path):
    data_dir = tmp_path / "donnees"
    report = import_file(corpus.build(tmp_path, "cp1252_semicolon"), "acteurs", data_dir)
    assert report.version == 1 and report.backup is None
    assert report.written.startswith("version 1") and storage.DATABASE_FILE in report.written
    written = storage.read_current(data_dir, "acteurs")
    assert list(written.columns) == ACTEURS_COLUMNS
    assert written["nom"].iloc[0] == "Épicerie solidaire"
    assert written["code_commune"].tolist() == ["01001", "69123", "63113"]
    history = storage.read_history(data_dir)
    assert [(h["kind"], h["rows_accepted"], h["rows_rejected"]) for h in history] == [
        ("acteurs", 3, 0)
    ]
    assert history[0]["sha256"] == report.sha256 and len(report.sha256) == 64


def test_a_second_import_replaces_the_dataset_and_keeps_the_previous_one(tmp_path):
    data_dir = tmp_path / "donnees"
    import_file(corpus.build(tmp_path, "utf8_comma"), "acteurs", data_dir)
    before = storage.read_current(data_dir, "acteurs")
    report = import_file(corpus.build(tmp_path, "unlocated"), "acteurs", data_dir)
    assert report.backup == "version 1"
    store = storage.open_store(data_dir)
    kept = store.read("acteurs", store.history()[0])
    pd.testing.assert_frame_equal(kept, before)
    assert storage.read_current(data_dir, "acteurs")["id"].tolist() == ["A1", "A2"]
    assert len(storage.read_history(data_dir)) == 2


def test_dry_run_writes_nothing(tmp_path):
    data_dir = tmp_path / "donnees"
    report = import_file(corpus.build(tmp_path, "utf8_comma"), "acteurs", data_dir, dry_run=True)
    assert report.written is None and report.rows_accepted == 3
    assert not data_dir.exists()


def test_a_file_with_no_accepted_row_leaves_the_current_dataset_alone(tmp_path):
    data_dir = _with_actors(tmp_path)
    before = storage.read_current(data_dir, "acteurs")
    path = corpus.write_csv(tmp_path, "rien.csv", [["nom", "code_commune"], ["X", "75056"]])
    report = import_file(path, "acteurs", data_dir)
    assert report.written is None and report.rows_rejected == 1
    pd.testing.assert_frame_equal(storage.read_current(data_dir, "acteurs"), before)
    assert len(storage.read_history(data_dir)) == 1


def test_a_failed_write_leaves_the_previous_version_intact(tmp_path, monkeypatch):
    data_dir = _with_actors(tmp_path)
    before = storage.read_current(data_dir, "acteurs")
    real_insert = storage.Store._insert_rows

    def insert_then_fail(self, conn, kind, frame):
        real_insert(self, conn, kind, frame)  # rows written, then the disk fills up
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.Store, "_insert_rows", insert_then_fail)
    with pytest.raises(storage.WriteError, match="les données actuelles sont intactes"):
        import_file(corpus.build(tmp_path, "unlocated"), "acteurs", data_dir)
    monkeypatch.undo()
    # the transaction was rolled back: same current rows, no version, no orphan row set
    pd.testing.assert_frame_equal(storage.read_current(data_dir, "acteurs"), before)
    assert len(storage.read_history(data_dir)) == 1
    store = storage.open_store(data_dir)
    with store.engine.connect() as conn:
        assert conn.execute(storage.sa.text("select count(*) from row_sets")).scalar() == 1
    assert sorted(p.name for p in data_dir.iterdir() if p.suffix != ".sqlite3-wal"
                  and not p.name.endswith("-shm")) == [storage.DATABASE_FILE]


def test_importing_into_the_shipped_demo_folder_is_refused(tmp_path):
    with pytest.raises(storage.DataStoreError, match="démonstration"):
        import_file(corpus.build(tmp_path, "utf8_comma"), "acteurs", REPO / "data")


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("12\u202f500 €", 12500.0),
        ("1.234.567", 1234567.0),
        ("45.764", 45.764),
        ("-3", -3.0),
        ("1.5E+3", 1500.0),
        ("", None),
    ],
)
def test_numbers_are_read_the_french_or_english_way(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1001", "01001"), ("1001.0", "01001"), ("1.001E+3", "01001"), ("2a004", "2A004"),
     ("69383", "69383"), ("", "")],
)
def test_spreadsheet_damage_to_codes_is_undone(text, expected):
    assert clean_code_text(text) == expected


def test_years_are_taken_from_full_dates():
    assert parse_year("2004-03-15", "annee_creation") == 2004
    assert parse_year("15/03/2004", "annee_creation") == 2004
    with pytest.raises(ValueProblem, match="plage plausible"):
        parse_year("3000", "annee_debut")


def test_nomenclature_variants_resolve_and_unknowns_list_the_codes():
    assert parse_nomenclature("Éducation et formation", "secteur") == "education-formation"
    assert parse_nomenclature("CAE", "forme_juridique") == "cae"
    assert parse_nomenclature(" Arrêté ", "statut") == "arrete"
    with pytest.raises(ValueProblem, match="Valeurs acceptées : emergence"):
        parse_nomenclature("terminé", "statut")


def test_dispositifs_accept_three_separators_and_drop_repeats():
    assert parse_dispositifs("fiso | FISO; Ronalpia ,feder") == "fiso|ronalpia|feder"


def test_load_dataset_gives_str_codes_and_nullable_numbers(tmp_path):
    path = tmp_path / "acteurs.csv"
    values = {"id": "A1", "nom": "X", "code_commune": "01001", "emplois": "3",
              "siret": "00012345678901"}
    path.write_text(",".join(ACTEURS_COLUMNS) + "\n"
                    + ",".join(values.get(c, "") for c in ACTEURS_COLUMNS) + "\n")
    frame = load_dataset(path, "acteurs")
    assert frame["code_commune"].iloc[0] == "01001"
    assert frame["siret"].iloc[0] == "00012345678901"
    assert str(frame["emplois"].dtype) == "Int64" and str(frame["latitude"].dtype) == "Float64"


def test_a_file_written_before_the_closure_column_reads_as_open_actors(tmp_path):
    path = tmp_path / "acteurs.csv"
    older = [c for c in ACTEURS_COLUMNS if c != "annee_fermeture"]
    path.write_text(",".join(older) + "\nA1,X,,,,01001,,,3,2001,,,,\n")
    frame = load_dataset(path, "acteurs")
    assert list(frame.columns) == ACTEURS_COLUMNS
    assert str(frame["annee_fermeture"].dtype) == "Int64"
    assert frame["annee_fermeture"].isna().all() and frame["annee_creation"].iloc[0] == 2001


def test_the_schema_catches_what_cleaning_must_never_let_through(tmp_path):
    path = tmp_path / "acteurs.csv"
    path.write_text(
        ",".join(ACTEURS_COLUMNS)
        + "\nA1,X,,,inconnu,75056,,,-1,,,,,,\nA1,Y,,,,01001,,,,,,,,,\n"
    )
    problems = " ".join(schema_problems(load_dataset(path, "acteurs"), "acteurs"))
    for column in ("secteur", "code_commune", "emplois", "id"):
        assert f"« {column} »" in problems


@pytest.mark.parametrize("kind", ["acteurs", "projets"])
def test_shipped_demo_files_satisfy_the_canonical_schemas(kind):
    path = REPO / "data" / f"{kind}.csv"
    if not path.exists():
        pytest.skip("jeu de démonstration pas encore généré")
    assert schema_problems(load_dataset(path, kind), kind) == []


# --- command line -----------------------------------------------------------------------------


def _run(*args, env_dir=None):
    env = dict(os.environ)
    env.pop(storage.ENV_VAR, None)
    if env_dir is not None:
        env[storage.ENV_VAR] = str(env_dir)
    return subprocess.run(
        [sys.executable, "-m", "observatoire", "import", *map(str, args)],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )


def test_cli_prints_one_json_report_and_exits_0_when_rows_are_rejected(tmp_path):
    path = corpus.build(tmp_path, "territories")
    done = _run(path, "--type", "acteurs", "--data-dir", tmp_path / "donnees")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["rows_read"], report["rows_accepted"], report["rows_rejected"]) == (5, 2, 3)
    assert report["errors"][0] == {
        "line": 2,
        "column": "Code commune",
        "reason": "commune hors de la région Auvergne-Rhône-Alpes : 75056",
    }
    assert report["written"] == (
        f"version 1 (base SQLite {tmp_path / 'donnees' / storage.DATABASE_FILE})"
    )
    assert "Auvergne-Rhône-Alpes" in done.stdout  # ensure_ascii=False


def test_cli_uses_the_environment_folder_and_dry_run_writes_nothing(tmp_path):
    path = corpus.build(tmp_path, "utf8_comma")
    done = _run(path, "--type", "acteurs", "--dry-run", env_dir=tmp_path / "env")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["data_dir"] == str(tmp_path / "env") and report["written"] is None
    assert not (tmp_path / "env").exists()


@pytest.mark.parametrize(
    ("make", "extra", "message"),
    [
        (lambda d: d / "absent.csv", [], "Fichier introuvable"),
        (lambda d: corpus.build(d, "binary_png"), [], "n'est pas un tableau"),
        (lambda d: corpus.build(d, "missing_name_column"), [], "Colonne obligatoire absente"),
        (lambda d: corpus.build(d, "utf8_comma"), ["--data-dir", REPO / "data"], "démonstration"),
    ],
)
def test_cli_exits_2_with_a_french_message_and_no_traceback(tmp_path, make, extra, message):
    done = _run(make(tmp_path), "--type", "acteurs", *extra, env_dir=tmp_path / "env")
    assert done.returncode == 2
    assert done.stdout == ""
    assert message in done.stderr and "Traceback" not in done.stderr


def test_cli_rejects_an_unknown_type_with_exit_2(tmp_path, capsys):
    code = cli_main([str(corpus.build(tmp_path, "utf8_comma")), "--type", "subventions"])
    assert code == 2
    assert "Arguments invalides" in capsys.readouterr().err


def test_cli_turns_an_unexpected_error_into_a_french_sentence(tmp_path, monkeypatch, capsys):
    def explode(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("observatoire.importers.cli.import_file", explode)
    code = cli_main([str(corpus.build(tmp_path, "utf8_comma")), "--type", "acteurs"])
    assert code == 1
    assert "Erreur inattendue" in capsys.readouterr().err


def test_the_demo_files_round_trip_through_the_import_unchanged(tmp_path):
    if not (REPO / "data" / "acteurs.csv").exists():
        pytest.skip("jeu de démonstration pas encore généré")
    for kind in ("acteurs", "projets"):  # actors first: projects check their porteur
        source = REPO / "data" / f"{kind}.csv"
        report = import_file(source, kind, tmp_path / "donnees")
        assert report.rows_rejected == 0, report.errors[:3]
        before = load_dataset(source, kind)
        after = storage.read_current(tmp_path / "donnees", kind)
        pd.testing.assert_frame_equal(before, after)
