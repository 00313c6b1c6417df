"""Hostile text in every export: formulas neutralised in CSV and XLSX, verbatim in GeoJSON."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from observatoire import export
from tests.robustness.payloads import PAYLOADS, hostile_frames

FORMULA_START = ("=", "+", "-", "@")
PROVENANCE = export.provenance("=cmd|' /C calc'!A0", "<script>x</script>", "2026-01-01", "@src")


@pytest.fixture(scope="module")
def frames():
    acteurs, projets = hostile_frames()
    return {"acteurs": acteurs.head(len(PAYLOADS)), "projets": projets.head(len(PAYLOADS))}


@pytest.mark.parametrize("kind", ["acteurs", "projets"])
def test_no_csv_cell_starts_a_formula(frames, kind):
    table, meta = export.read_export_csv(export.to_csv_bytes(frames[kind], PROVENANCE), dtype=str)
    cells = [v for v in table.to_numpy().ravel() if isinstance(v, str)] + list(meta.values())
    assert cells and not [c for c in cells if c.startswith(FORMULA_START)]
    assert any(c.startswith("'=HYPERLINK") for c in cells)


@pytest.mark.parametrize("kind", ["acteurs", "projets"])
def test_no_xlsx_cell_is_a_formula(frames, kind):
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(frames[kind], PROVENANCE)))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert not [t for t in texts if t.startswith(FORMULA_START)]
    assert "'=HYPERLINK(\"http://example.invalid\",\"clic\")" in texts


@pytest.mark.parametrize("kind", ["acteurs", "projets"])
def test_geojson_keeps_every_hostile_text_verbatim(frames, kind):
    collection = json.loads(export.to_geojson_bytes(frames[kind], PROVENANCE))
    texts = {v for f in collection["features"] for v in f["properties"].values() if isinstance(v, str)}
    for payload in PAYLOADS:
        assert payload in texts
    assert collection["metadata"]["Filtres"] == "=cmd|' /C calc'!A0"
