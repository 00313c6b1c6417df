"""SIRENE (INSEE) stock files as published: establishments, legal units, or a pre-joined extract.

The national files weigh several GB: they are read in chunks (pandas' C parser, only the needed
columns), filtered as they go and never held whole. The legal-units file is read first and only
its ESS units are kept, in a small frame indexed by SIREN (Arrow strings: far smaller than a
dict of Python tuples for the ~1 million ESS units of France).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from observatoire.importers import codes
from observatoire.importers.streaming import (
    Prepared,
    Progress,
    ProgressMeter,
    check_file,
    csv_members,
    file_date,
    header_line,
    header_names,
    open_binary,
)
from observatoire.reading import ReadError
from observatoire.schema import INSEE_DEPARTEMENTS
from observatoire.validation import Issue

# 10,000 rows: ~20 MB of working memory whatever the file size, ~250,000 rows/s on 2 cores
CHUNK_ROWS = 10_000

ETAB_REQUIRED = ["siret", "codeCommuneEtablissement", "etatAdministratifEtablissement"]
ETAB_OPTIONAL = [
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "trancheEffectifsEtablissement",
    "dateCreationEtablissement",
    "dateDebut",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "enseigne1Etablissement",
    "denominationUsuelleEtablissement",
]
UL_REQUIRED = ["siren", "economieSocialeSolidaireUniteLegale"]
UL_FIELDS = [
    "denominationUniteLegale",
    "sigleUniteLegale",
    "categorieJuridiqueUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "societeMissionUniteLegale",
    "activitePrincipaleUniteLegale",
]
# the columns that make a header a SIRENE establishments file (format detection)
SIGNATURE = {"siret", "codeCommuneEtablissement", "etatAdministratifEtablissement"}

OUT_CLOSED = ("établissement fermé sans date de fermeture (etatAdministratifEtablissement ≠ A, "
              "dateDebut vide)")
OUT_NOT_ESS = "unité légale hors ESS (economieSocialeSolidaireUniteLegale ≠ O)"
OUT_REGION = "établissement hors Auvergne-Rhône-Alpes (codeCommuneEtablissement)"

HEADERS = {
    "id": "siret",
    "nom": "denominationUniteLegale",
    "forme_juridique": "categorieJuridiqueUniteLegale",
    "secteur": "activitePrincipaleEtablissement",
    "code_commune": "codeCommuneEtablissement",
    "latitude": "coordonneeLambertOrdonneeEtablissement",
    "longitude": "coordonneeLambertAbscisseEtablissement",
    "emplois": "trancheEffectifsEtablissement",
    "annee_creation": "dateCreationEtablissement",
    # a closed establishment's current period starts on its closure: its year leaves the stock
    "annee_fermeture": "dateDebut",
    "siret": "siret",
}


def is_sirene(headers: list[str]) -> bool:
    """Whether a header row is that of a SIRENE establishments file (or pre-joined extract)."""
    return SIGNATURE <= set(headers)


def _source_file(path: Path, what: str, keep=None) -> tuple[str | None, list[str], str, str]:
    """(zip member or None, header names, encoding, separator) of a SIRENE file."""
    check_file(path)
    member = None
    with open(path, "rb") as handle:
        is_zip = handle.read(4) == b"PK\x03\x04"
    if is_zip:
        member = csv_members(path, keep)[0]
    first, encoding, separator = header_line(path, member)
    return member, header_names(first, separator), encoding, separator


def _chunks(path: Path, member: str | None, columns: list[str], encoding: str, separator: str):
    """(chunk, share of the file read) for each CHUNK_ROWS rows, only `columns` kept."""
    wanted = set(columns)
    with open_binary(path, member) as handle:
        reader = pd.read_csv(
            handle,
            sep=separator,
            dtype=str,
            usecols=lambda c: c in wanted,
            keep_default_na=False,
            na_filter=False,
            chunksize=CHUNK_ROWS,
            encoding=encoding,
            encoding_errors="replace",
            engine="c",
        )
        try:
            for chunk in reader:
                yield chunk, handle.raw.fraction
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise ReadError(f"Fichier SIRENE mal formé : {str(exc).splitlines()[0]}") from exc


def read_legal_units(path: Path, progress: Progress | None = None) -> pd.DataFrame:
    """ESS legal units of a StockUniteLegale file: a frame of UL_FIELDS indexed by siren.

    The index is unique and built once: every chunk of establishments is then looked up in it
    with `Index.get_indexer`, which says both whether a SIREN is ESS and which row to join.
    """
    member, headers, encoding, separator = _source_file(Path(path), "unités légales")
    missing = [c for c in UL_REQUIRED if c not in headers]
    if missing:
        raise ReadError(
            "Fichier des unités légales SIRENE sans colonne "
            + ", ".join(f"« {c} »" for c in missing)
            + " : est-ce bien un fichier StockUniteLegale ?"
        )
    meter = ProgressMeter("SIRENE unités légales", progress)
    kept, rows, n_kept = [], 0, 0
    fraction = None
    for chunk, fraction in _chunks(Path(path), member, ["siren", *UL_FIELDS], encoding, separator):
        rows += len(chunk)
        ess = chunk[chunk["economieSocialeSolidaireUniteLegale"].str.strip() == "O"]
        # pandas' default text dtype here is Arrow-backed: ~1 million ESS units stay compact
        kept.append(ess.reindex(columns=["siren", *UL_FIELDS], fill_value="").astype("str"))
        n_kept += len(ess)
        meter.update(rows, n_kept, fraction=fraction)
    meter.update(rows, n_kept, force=True, fraction=fraction)
    units = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame(
        columns=["siren", *UL_FIELDS], dtype="str"
    )
    units["siren"] = units["siren"].str.strip()
    return units.drop_duplicates("siren", keep="last").set_index("siren")


_TRANSFORMER = None


def lambert93_to_wgs84(x: pd.Series, y: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Lambert-93 (EPSG:2154) -> (longitude, latitude) in EPSG:4326; NaN if unknown."""
    global _TRANSFORMER
    if _TRANSFORMER is None:
        import pyproj

        _TRANSFORMER = pyproj.Transformer.from_crs(2154, 4326, always_xy=True)
    xs = pd.to_numeric(x.str.replace(",", ".", regex=False), errors="coerce").to_numpy(float)
    ys = pd.to_numeric(y.str.replace(",", ".", regex=False), errors="coerce").to_numpy(float)
    lon, lat = _TRANSFORMER.transform(xs, ys)
    bad = ~(np.isfinite(lon) & np.isfinite(lat))
    lon[bad], lat[bad] = np.nan, np.nan
    return lon, lat


def _coordinate_text(values: np.ndarray) -> list[str]:
    return ["" if np.isnan(v) else f"{v:.6f}" for v in values]


def _map_rows(rows: pd.DataFrame, first_line: int, source: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Kept establishments (joined to their legal unit) -> canonical text columns and remarks."""
    warnings: list[Issue] = []
    lines = (rows.index.to_numpy() + first_line).tolist()
    get = lambda c: rows[c].fillna("").str.strip() if c in rows else pd.Series(  # noqa: E731
        "", index=rows.index, dtype=str
    )
    siret = get("siret")
    name = get("enseigne1Etablissement").where(
        get("enseigne1Etablissement") != "", get("denominationUsuelleEtablissement")
    )
    legal = get("denominationUniteLegale").where(
        get("denominationUniteLegale") != "", get("sigleUniteLegale")
    )
    # the legal name says who it is; the sign says which establishment when they differ
    nom = [
        (f"{lg} – {n}" if lg and n and n.lower() != lg.lower() else (lg or n))
        for lg, n in zip(legal, name)
    ]
    activity = get("activitePrincipaleEtablissement").where(
        get("activitePrincipaleEtablissement") != "", get("activitePrincipaleUniteLegale")
    )
    nomenclatures = get("nomenclatureActivitePrincipaleEtablissement").tolist()
    activities = activity.tolist()
    categories = get("categorieJuridiqueUniteLegale").tolist()
    tranches = get("trancheEffectifsEtablissement").str.upper().tolist()
    secteurs, formes, emplois, sources = [], [], [], []
    for i, line in enumerate(lines):
        if nomenclatures[i] not in ("", "NAFRev2"):
            secteur, reason = None, (
                f"activité codée en {nomenclatures[i]}, pas en NAF rév. 2 : secteur laissé vide"
            )
        else:
            secteur, reason = codes.naf_secteur(activities[i])
        if reason:
            warnings.append(Issue(line, HEADERS["secteur"], reason))
        forme, reason = codes.forme_juridique(categories[i])
        if reason:
            warnings.append(Issue(line, HEADERS["forme_juridique"], reason))
        tranche = tranches[i]
        jobs, reason = codes.tranche_emplois(tranche)
        if reason:
            warnings.append(Issue(line, HEADERS["emplois"], reason))
        secteurs.append(secteur or "")
        formes.append(forme or "")
        emplois.append("" if jobs is None else str(jobs))
        label = codes.TRANCHES_EFFECTIFS.get(tranche, (None,))[0]
        sources.append(source + (f" ; tranche d'effectifs {tranche} ({label})" if label else ""))
    lon, lat = lambert93_to_wgs84(
        get("coordonneeLambertAbscisseEtablissement"), get("coordonneeLambertOrdonneeEtablissement")
    )
    table = pd.DataFrame(
        {
            "id": ("siret-" + siret).where(siret != "", ""),
            "nom": nom,
            "type_acteur": "structure",
            "forme_juridique": formes,
            "secteur": secteurs,
            "code_commune": get("codeCommuneEtablissement").tolist(),
            "latitude": _coordinate_text(lat),
            "longitude": _coordinate_text(lon),
            "emplois": emplois,
            "annee_creation": get("dateCreationEtablissement").tolist(),
            "annee_fermeture": get("dateDebut").where(
                get("etatAdministratifEtablissement") != "A", "").tolist(),
            "siret": siret.tolist(),
            "source": sources,
        },
        dtype=str,
    )
    return table, warnings


def read_sirene(
    path: str | Path,
    unites_legales: str | Path | None = None,
    *,
    display_name: str | None = None,
    progress: Progress | None = None,
) -> Prepared:
    """Establishments of ESS legal units located in AURA, as canonical text rows: the active
    ones, and the closed ones whose closure date is known (`annee_fermeture`), so that the
    Évolution page counts them in the years they were open."""
    path = Path(path)
    name = display_name or path.name
    member, headers, encoding, separator = _source_file(path, "établissements")
    missing = [c for c in ETAB_REQUIRED if c not in headers]
    if missing:
        raise ReadError(
            "Fichier SIRENE des établissements sans colonne "
            + ", ".join(f"« {c} »" for c in missing)
            + " (fichier StockEtablissement attendu, ou un extrait qui les contient)."
        )
    prejoined = "economieSocialeSolidaireUniteLegale" in headers
    units = None
    if unites_legales is not None:
        units = read_legal_units(Path(unites_legales), progress)
    elif not prejoined:
        raise ReadError(
            "Le fichier des établissements ne dit pas quelles unités légales sont de l'ESS : "
            "donnez aussi le fichier des unités légales (--unites-legales StockUniteLegale.csv) "
            "ou un extrait contenant la colonne « economieSocialeSolidaireUniteLegale »."
        )
    source = f"SIRENE (INSEE), fichier {name}, {file_date(path)}"
    # built once for the whole file (a set handed to isin per chunk was hashed again each time)
    lookup = units.index if units is not None else None
    meter = ProgressMeter("SIRENE établissements", progress)
    prepared = Prepared(
        table=pd.DataFrame(), lines=[], headers=dict(HEADERS), encoding=encoding,
        separator=separator,
    )
    out = {OUT_CLOSED: 0, OUT_NOT_ESS: 0, OUT_REGION: 0}
    tables, warnings, lines = [], [], []
    offset = 2  # the header is line 1; one record per line in INSEE's files
    columns = ETAB_REQUIRED + ETAB_OPTIONAL + (UL_FIELDS if units is None else [])
    fraction = None
    for chunk, fraction in _chunks(path, member, columns, encoding, separator):
        n = len(chunk)
        chunk.index = pd.RangeIndex(n)
        # open, or closed with a known closure date (kept for the years it was open)
        datable = (chunk["etatAdministratifEtablissement"].str.strip() == "A").to_numpy()
        if "dateDebut" in chunk:
            datable = datable | (chunk["dateDebut"].fillna("").str.strip().str.len().to_numpy() > 0)
        siren = chunk["siret"].str.strip().str[:9]
        if lookup is not None:
            positions = lookup.get_indexer(siren)
            ess = positions >= 0
        else:
            ess = (chunk["economieSocialeSolidaireUniteLegale"].str.strip() == "O").to_numpy()
        commune = chunk["codeCommuneEtablissement"].str.strip()
        in_region = commune.str[:2].isin(INSEE_DEPARTEMENTS).to_numpy()
        out[OUT_CLOSED] += int((~datable).sum())
        out[OUT_NOT_ESS] += int((datable & ~ess).sum())
        out[OUT_REGION] += int((datable & ess & ~in_region).sum())
        keep = datable & ess & in_region
        kept = chunk[keep]
        if len(kept):
            if lookup is not None:
                joined = units.iloc[positions[keep]]
                for column in UL_FIELDS:
                    kept = kept.assign(**{column: joined[column].to_numpy()})
            table, remarks = _map_rows(kept, offset, source)
            tables.append(table)
            warnings.extend(remarks)
            lines.extend((kept.index.to_numpy() + offset).tolist())
        offset += n
        prepared.rows_scanned += n
        meter.update(prepared.rows_scanned, len(lines), fraction=fraction)
    meter.update(prepared.rows_scanned, len(lines), force=True, fraction=fraction)
    if prepared.rows_scanned == 0:
        raise ReadError("Le fichier ne contient que la ligne d'en-tête : aucune donnée à importer.")
    prepared.seconds = meter.seconds()
    prepared.table = (
        pd.concat(tables, ignore_index=True) if tables
        else pd.DataFrame(columns=list(HEADERS) + ["type_acteur", "source"], dtype=str)
    )
    prepared.lines = lines
    prepared.warnings = warnings
    prepared.out_of_scope = {k: v for k, v in out.items() if v}
    return prepared
