"""Endless lines and zip bombs: refused early, in French, in bounded memory, data left intact.

The limits are documented in docs/import.md (« Limites ») and live in observatoire/reading.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from observatoire import storage
from observatoire.importers import import_file
from observatoire.importers.cli import ENV_VAR
from observatoire.reading import ReadError
from tests import registers
from tests.robustness import hostile

REPO = Path(__file__).resolve().parents[2]
LINE = "trop longue"
BOMB = "bombe de décompression"

# (hostile case, import format, what the French refusal says)
REFUSED = [
    ("une_ligne_de_5_mo", "modele", LINE),
    ("ligne_sans_fin_de_3_mo", "modele", LINE),
    ("ligne_sans_fin_fins_cr", "modele", LINE),
    ("zip_bombe", "modele", BOMB),
    ("xlsx_bombe", "modele", BOMB),
    ("sirene_ligne_sans_fin", "sirene", LINE),
    ("sirene_zip_bombe", "sirene", BOMB),
    ("rna_ligne_sans_fin", "rna", LINE),
    ("rna_zip_bombe", "rna", BOMB),
]


def _snapshot(folder: Path) -> dict[str, object]:
    """What the store of a data folder shows: its versions and the current rows of each kind."""
    return {
        "versions": storage.read_history(folder),
        **{kind: storage.read_current(folder, kind).to_csv(index=False) for kind in storage.KINDS},
    }


@pytest.fixture
def filled_data_dir(tmp_path):
    """A data folder holding a first import, to check that a refusal leaves it as it was."""
    data_dir = tmp_path / "donnees"
    import_file(registers.rna_file(tmp_path), "acteurs", data_dir, fmt="rna")
    before = _snapshot(data_dir)
    assert len(before["versions"]) == 1 and before["acteurs"].count("\n") > 1
    return data_dir, before


@pytest.mark.parametrize(("name", "fmt", "said"), REFUSED, ids=[f"{n}-{f}" for n, f, _ in REFUSED])
def test_an_endless_line_or_a_zip_bomb_is_refused_and_the_data_stays(tmp_path, filled_data_dir,
                                                                     name, fmt, said):
    data_dir, before = filled_data_dir
    path = hostile.build(tmp_path / "entree", name)
    with pytest.raises(ReadError) as caught:
        import_file(path, "acteurs", data_dir, fmt=fmt)
    assert said in caught.value.message_fr
    assert _snapshot(data_dir) == before


def test_a_bomb_given_as_the_legal_units_file_is_refused_too(tmp_path, filled_data_dir):
    data_dir, before = filled_data_dir
    etab, _ = registers.sirene_pair(tmp_path)
    bomb = hostile.build(tmp_path / "entree", "sirene_zip_bombe")
    with pytest.raises(ReadError, match=BOMB):
        import_file(etab, "acteurs", data_dir, fmt="sirene", unites_legales=bomb)
    assert _snapshot(data_dir) == before


def test_a_long_but_legal_line_is_still_read(tmp_path):
    path = tmp_path / "long.csv"
    # one line just under 1 MiB: ten cells of 100 000 characters (the csv module's cell limit
    # is 128 KiB), the nine last ones in columns the import ignores
    header = ";".join(["nom", "code_commune"] + [f"notes{i}" for i in range(9)])
    line = ";".join(["N" * 100_000, "01001"] + ["x" * 100_000] * 9)
    assert 900_000 < len(line) < 1024 * 1024
    path.write_text(f"{header}\n{line}\n", encoding="utf-8")
    report = import_file(path, "acteurs", tmp_path / "d", dry_run=True)
    assert report.rows_accepted == 1


@pytest.mark.parametrize(("name", "fmt", "said"), [REFUSED[1], REFUSED[6], REFUSED[7]])
def test_the_command_line_exits_2_with_the_french_refusal(tmp_path, name, fmt, said):
    path = hostile.build(tmp_path / "entree", name)
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    done = subprocess.run(
        [sys.executable, "-m", "observatoire", "import", str(path), "--type", "acteurs",
         "--format", fmt, "--data-dir", str(tmp_path / "donnees")],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Import impossible : ") and said in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not (tmp_path / "donnees").exists() or not any((tmp_path / "donnees").iterdir())


# --- memory, in a fresh process -------------------------------------------------------------------

LINE_MB = 300
MEASURE = textwrap.dedent("""
    import json, sys
    from observatoire import reading
    from observatoire.importers import import_file
    said = {}
    # first as is (refused as a zip bomb), then with the ratio check lifted: the line guard alone
    for ratio in (reading.MAX_ZIP_RATIO, 10 ** 9):
        reading.MAX_ZIP_RATIO = ratio
        try:
            import_file(sys.argv[1], "acteurs", sys.argv[2], fmt="sirene",
                        unites_legales=sys.argv[3])
            said[str(ratio)] = "importé"
        except reading.ReadError as exc:
            said[str(ratio)] = exc.message_fr
    # VmHWM, not getrusage: ru_maxrss survives exec and would report pytest's own peak
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    said["peak_mb"] = int(hwm.split()[1]) / 1024
    print(json.dumps(said))
""")


def _endless_line_zip(path: Path, megabytes: int) -> Path:
    """A StockEtablissement zip whose second line is `megabytes` MB long, written in pieces."""
    header = ",".join(registers.ETAB_HEADER).encode() + b"\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("StockEtablissement_utf8.csv", "w", force_zip64=True) as out:
            out.write(header)
            piece = b"7" * (1024 * 1024)
            for _ in range(megabytes):
                out.write(piece)
    return path


def test_a_300_mb_single_line_in_a_sirene_zip_is_refused_in_bounded_memory(tmp_path):
    path = _endless_line_zip(tmp_path / "StockEtablissement_utf8.zip", LINE_MB)
    assert path.stat().st_size < 2_000_000  # a small download...
    with zipfile.ZipFile(path) as archive:
        assert archive.infolist()[0].file_size > LINE_MB * 1024 * 1024  # ...a huge line
    _, units = registers.sirene_pair(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), str(tmp_path / "donnees"), str(units)],
        cwd=REPO,
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    print(f"\nligne de {LINE_MB} Mo dans un zip SIRENE : {said}")
    messages = [v for k, v in said.items() if k != "peak_mb"]
    assert BOMB in messages[0] and LINE in messages[1]
    assert said["peak_mb"] < 500
    assert not (tmp_path / "donnees").exists()


# --- the guards themselves, on small limits -------------------------------------------------------

# (bytes, longest line allowed) -> refused?; lines end with \n, \r\n or \r
GUARD_CASES = [
    (b"0123456789\n0123456789\n", 10, False),
    (b"0123456789\r\n0123456789", 10, False),
    (b"0123456789\r0123456789\r", 10, False),
    (b"01234567890\n", 10, True),
    (b"short\n" * 50 + b"x" * 11, 10, True),
    (b"short\n" * 50 + b"x" * 10, 10, False),
    (b"x" * 25, 10, True),
]


@pytest.mark.parametrize("read_size", [1, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize(("data", "limit", "refused"), GUARD_CASES)
def test_the_stream_guard_finds_every_line_longer_than_the_limit_whatever_the_reads(
        data, limit, refused, read_size):
    import io

    from observatoire.importers.streaming import GuardedStream

    guard = GuardedStream(io.BytesIO(data), len(data), max_line=limit)
    stream = io.BufferedReader(guard, buffer_size=max(1, read_size))
    try:
        while stream.read(read_size):
            pass
    except ReadError as exc:
        assert refused and LINE in exc.message_fr
    else:
        assert not refused
        assert guard.consumed == len(data) and guard.fraction == 1.0


@pytest.mark.parametrize(("data", "limit", "refused"), GUARD_CASES)
def test_the_whole_file_check_agrees_with_the_stream_guard(data, limit, refused):
    from observatoire.reading import check_line_lengths

    if refused:
        with pytest.raises(ReadError, match=LINE):
            check_line_lengths(data, limit)
    else:
        check_line_lengths(data, limit)
