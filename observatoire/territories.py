"""AURA territorial reference at runtime: layers, commune code resolution, point location.

Reads the files ``python -m observatoire build-geo`` wrote in geo/; never imports streamlit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import geopandas
import numpy as np
import pandas
import shapely

import observatoire
from observatoire import levels
from observatoire.levels import COMMUNE_CODE
from observatoire.schema import INSEE_DEPARTEMENTS, REGION_NAME


# "1001.0" is what a spreadsheet makes of 01001 once it has been read as a number
NUMERIC_TEXT = re.compile(r"^(\d{4,5})(?:\.0*)?$")


# first two characters of a French commune code: départements 01-95 (no 20 since 1976: 2A, 2B),
# overseas 97 and 98
FRENCH_DEPARTEMENT_PREFIXES = frozenset(
    [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "97", "98"]
)


@dataclass(frozen=True)
class Resolution:
    """Outcome of resolving one commune code: a current code, or a French reason why not."""

    code: str | None
    nature: str | None
    reason: str | None


@lru_cache(maxsize=None)
def load_layer(level: str) -> geopandas.GeoDataFrame:
    """One of the territorial layers (EPSG:4326) read from geo/<level>.parquet."""
    return geopandas.read_parquet(observatoire.GEO_DIR / f"{levels.get(level).layer}.parquet")


@lru_cache(maxsize=None)
def _codes() -> dict[str, tuple[str, str]]:
    table = pandas.read_parquet(observatoire.GEO_DIR / "codes_communes.parquet")
    return dict(zip(table["code_saisi"], zip(table["code"], table["nature"])))


def normalize_code(raw) -> str | None:
    """Canonical text of a commune code: trimmed, upper-case, leading zero restored; None if empty."""
    if raw is None:
        return None
    if isinstance(raw, (float, np.floating)):
        if math.isnan(raw):
            return None
        raw = int(raw) if float(raw).is_integer() else raw
    if isinstance(raw, (int, np.integer)) and not isinstance(raw, bool):
        text = str(int(raw))
    else:
        text = str(raw).strip().upper()
    if text in ("", "NAN", "NONE", "<NA>"):
        return None
    match = NUMERIC_TEXT.match(text)
    if match:
        text = match.group(1).zfill(5)
    return text


def _resolve_normalized(code: str | None, raw) -> Resolution:
    if code is None:
        return Resolution(None, None, "code commune vide")
    if not COMMUNE_CODE.match(code):
        return Resolution(None, None, f"code commune invalide : {str(raw).strip()}")
    found = _codes().get(code)
    if found is not None:
        return Resolution(found[0], found[1], None)
    if code[:2] in INSEE_DEPARTEMENTS:
        return Resolution(None, None, f"code commune inconnu : {code}")
    if code[:2] not in FRENCH_DEPARTEMENT_PREFIXES:
        # 99xxx (INSEE's code of a foreign country), 00xxx, 20xxx: no commune of France at all
        return Resolution(None, None, f"code commune inconnu : {code} (aucune commune de France)")
    return Resolution(None, None, f"commune hors de la région {REGION_NAME} : {code}")


def resolve_commune(raw) -> Resolution:
    """Current AURA commune for any code a file may hold (current, former, délégué, arrondissement)."""
    return _resolve_normalized(normalize_code(raw), raw)


def resolve_communes(values: pandas.Series) -> pandas.DataFrame:
    """resolve_commune over a Series: same index, columns code, nature, reason."""
    values = pandas.Series(values)
    # Files repeat the same few thousand codes: resolve each distinct value once
    uniques = pandas.unique(values.astype(object).to_numpy())
    lookup = {}
    for value in uniques:
        key = "__nan__" if _is_missing(value) else value
        lookup[key] = resolve_commune(value)
    keys = [("__nan__" if _is_missing(v) else v) for v in values.astype(object).to_numpy()]
    resolved = [lookup[k] for k in keys]
    return pandas.DataFrame(
        {
            "code": [r.code for r in resolved],
            "nature": [r.nature for r in resolved],
            "reason": [r.reason for r in resolved],
        },
        index=values.index,
        dtype=object,
    )


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pandas.NA


@lru_cache(maxsize=None)
def _commune_index() -> tuple[shapely.STRtree, np.ndarray]:
    communes = load_layer("communes")
    return shapely.STRtree(communes.geometry.values), communes["code"].to_numpy(dtype=object)


def locate_points(lon, lat) -> pandas.Series:
    """Current commune code containing each (lon, lat) point in EPSG:4326, None outside AURA."""
    index = lon.index if isinstance(lon, pandas.Series) else None
    x = pandas.to_numeric(pandas.Series(np.asarray(lon, dtype=object)), errors="coerce").to_numpy(float)
    y = pandas.to_numeric(pandas.Series(np.asarray(lat, dtype=object)), errors="coerce").to_numpy(float)
    result = np.full(len(x), None, dtype=object)
    known = ~(np.isnan(x) | np.isnan(y))
    if known.any():
        tree, codes = _commune_index()
        positions = np.flatnonzero(known)
        points = shapely.points(x[known], y[known])
        point_idx, commune_idx = tree.query(points, predicate="intersects")
        # A point on a shared border touches two communes: keep the first match
        first = ~pandas.Series(point_idx).duplicated().to_numpy()
        result[positions[point_idx[first]]] = codes[commune_idx[first]]
    return pandas.Series(result, index=index, dtype=object)
