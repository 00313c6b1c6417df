"""CSV / XLSX / GeoJSON exports as bytes, each carrying its provenance, safe to open in Excel.

Formula injection (OWASP "CSV injection"): in CSV and XLSX every text cell and header starting
with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, so a spreadsheet shows it as
text instead of running it. Numbers are never touched: -3 stays the number -3. The `'` is part
of the exported text ("'-tiret" reads back as "'-tiret").

CSV layout, for French Excel (UTF-8 with BOM, `;` separator, decimal comma)::

    # Filtres;Départements : Isère
    # Jeu de données;Acteurs
    ...                                  <- one "# key;value" line per provenance item
                                         <- one blank line
    id;nom;code_commune;...              <- the table
    a1;Ma structure;01004;...

Excel shows the provenance as the first rows, key in column A and value in column B, then the
table under a blank row; `read_export_csv` reads it back into (DataFrame, provenance). Excel
itself drops the leading zeros of codes like 01004 when opening a CSV: the XLSX keeps them.

GeoJSON is not opened by a spreadsheet: strings are kept verbatim there. Rows without valid
coordinates are kept as features with `"geometry": null` (RFC 7946 §3.2), so the export holds
every row of the table; provenance goes in a top-level `"metadata"` foreign member.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

PROVENANCE_KEYS = ("Filtres", "Jeu de données", "Date des données", "Sources", "Date de l'export")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATOR = ";"
CSV_COMMENT = "# "
BOM = "\ufeff"
# Codes keep their leading zeros when read back: these columns are read as text.
CODE_COLUMNS = (
    "id", "porteur_id", "code", "code_commune", "code_departement", "code_epci", "siret",
)
XLSX_DATA_SHEET = "Données"
XLSX_PROVENANCE_SHEET = "Provenance"
XLSX_MAX_WIDTH = 60
XLSX_MAX_CELL = 32_767  # Excel's limit on characters in a cell


def neutralise(value: object) -> object:
    """Prefix `'` to a string that a spreadsheet would read as a formula; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every text cell and header neutralised."""
    out = df.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(object)
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            out[column] = series.map(neutralise, na_action="ignore").astype(series.dtype)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def provenance(
    filters_description: str,
    data_label: str,
    data_date: str | dt.date,
    sources: str | Iterable[str],
    export_date: str | dt.date | dt.datetime | None = None,
) -> dict[str, str]:
    """The provenance block every export carries, with French keys."""
    if export_date is None:
        export_date = dt.datetime.now().replace(microsecond=0)
    if isinstance(export_date, dt.datetime):
        export_date = export_date.isoformat(sep=" ", timespec="minutes")
    if isinstance(sources, str):
        sources_text = sources
    else:
        sources_text = " ; ".join(str(s) for s in sources)
    return dict(
        zip(
            PROVENANCE_KEYS,
            (filters_description, data_label, str(data_date), sources_text, str(export_date)),
        )
    )


# --- CSV ---------------------------------------------------------------------------------


def to_csv_bytes(df: pd.DataFrame, provenance: Mapping[str, object]) -> bytes:
    """CSV for French Excel: BOM, `;`, decimal comma, provenance lines, blank line, table."""
    head = io.StringIO()
    writer = csv.writer(head, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    for key, value in provenance.items():
        # One physical line per item, so the reader can find the end of the block.
        text = " ".join(str(value).splitlines())
        writer.writerow([CSV_COMMENT + str(key), neutralise(text)])
    if provenance:
        head.write("\r\n")
    body = neutralise_frame(df).to_csv(
        sep=CSV_SEPARATOR, decimal=",", index=False, lineterminator="\r\n"
    )
    return (BOM + head.getvalue() + body).encode("utf-8")


def read_export_csv(
    data: bytes, dtype: Mapping[str, object] | object | None = None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Read a `to_csv_bytes` export back: (table, provenance); code columns stay text."""
    text = data.decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    meta: dict[str, str] = {}
    start = 0
    while start < len(lines) and lines[start].startswith(CSV_COMMENT):
        row = next(csv.reader([lines[start]], delimiter=CSV_SEPARATOR))
        meta[row[0][len(CSV_COMMENT):]] = row[1] if len(row) > 1 else ""
        start += 1
    if meta and start < len(lines) and not lines[start].strip():
        start += 1
    table = "".join(lines[start:])
    header = next(csv.reader([lines[start]], delimiter=CSV_SEPARATOR)) if start < len(lines) else []
    types: object = {c: str for c in header if c in CODE_COLUMNS}
    if isinstance(dtype, Mapping):
        types.update(dtype)  # type: ignore[union-attr]
    elif dtype is not None:
        types = dtype  # one type for every column, e.g. str
    frame = pd.read_csv(
        io.StringIO(table),
        sep=CSV_SEPARATOR,
        decimal=",",
        dtype=types,
        keep_default_na=False,  # a commune named "Nan" is not missing
        na_values=[""],
    ) if table.strip() else pd.DataFrame()
    return frame, meta


# --- Cells shared by XLSX and GeoJSON ----------------------------------------------------


def _scalar(value: object) -> object:
    """Missing values (None, NA, NaT, NaN, infinities) to None, numbers to plain Python; else as is."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(float(value)) else None
    return value


# --- XLSX --------------------------------------------------------------------------------


def _cell(value: object) -> object:
    """A value openpyxl can write: numbers numeric, missing empty, text cleaned and bounded."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _scalar(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tz else value.to_pydatetime()
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    # Control characters make openpyxl refuse the whole file; they carry nothing readable.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return neutralise(text[:XLSX_MAX_CELL])


def to_xlsx_bytes(df: pd.DataFrame, provenance: Mapping[str, object]) -> bytes:
    """XLSX with sheet "Données" (bold header, frozen, sized columns) and sheet "Provenance"."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    safe = neutralise_frame(df)
    wb = Workbook()
    ws = wb.active
    ws.title = XLSX_DATA_SHEET
    headers = [_cell(c) for c in safe.columns]
    ws.append(headers)
    widths = [len(str(h)) for h in headers]
    for row in safe.itertuples(index=False, name=None):
        cells = [_cell(v) for v in row]
        ws.append(cells)
        for i, v in enumerate(cells):
            if v is not None:
                widths[i] = max(widths[i], len(str(v)))
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(width + 2, XLSX_MAX_WIDTH)
    ws.freeze_panes = "A2"
    if headers:
        ws.auto_filter.ref = ws.dimensions

    meta = wb.create_sheet(XLSX_PROVENANCE_SHEET)
    for key, value in provenance.items():
        meta.append([_cell(str(key)), _cell(str(value))])
    for cell in meta["A"]:
        cell.font = bold
    meta.column_dimensions["A"].width = max([len(str(k)) for k in provenance] + [10]) + 2
    meta.column_dimensions["B"].width = XLSX_MAX_WIDTH * 2

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- GeoJSON -----------------------------------------------------------------------------


def _json_value(value: object) -> object:
    """A JSON-ready value: NaN and NA to null, numpy scalars to Python."""
    value = _scalar(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (pd.Timestamp, dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _coordinate(value: object) -> object:
    # Frames read with dtype=str hold "45.76" (or "45,76"): still a coordinate.
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return None
    return _json_value(value)


def _point(lon: object, lat: object) -> dict | None:
    x, y = _coordinate(lon), _coordinate(lat)
    if not isinstance(x, (int, float)) or not isinstance(y, (int, float)) or isinstance(x, bool):
        return None
    if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
        return None
    return {"type": "Point", "coordinates": [float(x), float(y)]}


def to_geojson_bytes(df: pd.DataFrame, provenance: Mapping[str, object]) -> bytes:
    """A FeatureCollection of points (null geometry when unlocated) with provenance metadata."""
    columns = [str(c) for c in df.columns]
    has_xy = "longitude" in df.columns and "latitude" in df.columns
    features = []
    for row in df.itertuples(index=False, name=None):
        properties = {c: _json_value(v) for c, v in zip(columns, row)}
        geometry = _point(properties["longitude"], properties["latitude"]) if has_xy else None
        feature: dict = {"type": "Feature", "geometry": geometry, "properties": properties}
        if isinstance(properties.get("id"), (str, int)) and not isinstance(properties["id"], bool):
            feature["id"] = properties["id"]
        features.append(feature)
    collection = {
        "type": "FeatureCollection",
        "metadata": {str(k): _json_value(v) for k, v in provenance.items()},
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8")
