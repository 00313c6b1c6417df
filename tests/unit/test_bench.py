"""The benchmark's output format, on a tiny run (the real figures are in BENCHMARKS.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from observatoire.build import bench

REPO = Path(__file__).resolve().parents[2]


def test_a_tiny_benchmark_ends_with_one_json_line_per_figure():
    done = subprocess.run(
        [sys.executable, "-m", "observatoire", "bench", "--sizes", "200", "--repeat", "1",
         "--sirene-rows", "2000", "--sirene-units", "3000", "--sirene-etabs", "30000",
         "--sirene-zip"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    records = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    figures = {r["figure"] for r in records if r["size"] == 200}
    assert figures == set(bench.FIGURES)
    for record in records:
        assert {"figure", "size", "ours", "naive", "unit"} <= set(record)
        assert record["ours"] is not None and record["ours"] > 0
    assert all(r["naive"] > 0 for r in records
               if r["figure"] not in ("import_sirene", "import_sirene_deux_zip"))
    assert "nous" in done.stdout and "naïf" in done.stdout
    pair = next(r for r in records if r["figure"] == "import_sirene_deux_fichiers")
    assert pair["size"] == 30_000 and pair["naive"] > 0 and pair["national_seconds"] > 0
    assert "stock national attendu" in done.stdout
    from_zip = next(r for r in records if r["figure"] == "import_sirene_deux_zip")
    assert from_zip["size"] == 30_000 and from_zip["naive"] is None


def test_the_sirene_extract_has_the_columns_the_importer_requires(tmp_path):
    import pandas as pd

    from observatoire.importers import sirene

    frame = pd.read_csv(bench.write_sirene_extract(tmp_path / "x.csv", 50), dtype=str)
    assert sirene.is_sirene(list(frame.columns))
    assert frame["siret"].str.fullmatch(r"\d{14}").all() and frame["siret"].is_unique
