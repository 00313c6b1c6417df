"""Counts, rates per 10,000 inhabitants, sector mix, comparisons, classes and French formatting.

Frames are the enriched `acteurs` / `projets` (with `code_departement`, `code_epci`); territory
references are plain frames with at least `code`, `nom` and a population column.

Numbers are formatted the French way with U+202F NARROW NO-BREAK SPACE as thousands separator and
before "%" and "€": it is the space French typography and the CLDR `fr` locale use, it never
breaks a number across lines, and browsers and Excel render it. `fmt_*` return "–" (en dash) for
missing values.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from observatoire import schema

NNBSP = "\u202f"
MISSING = "–"
ZERO_LABEL = "0"
NO_DATA_LABEL = "Pas de donnée"
PER = 10_000

LEVELS = {
    "departements": "code_departement",
    "epci": "code_epci",
    "communes": "code_commune",
}
VALUES = ("acteurs", "projets", "emplois")
# FisherJenks is pure Python here (no numba): 4,000 values take ~20 s. Above this size the
# classes are computed on evenly spaced quantiles of the values, which keeps the shape.
JENKS_SAMPLE = 600


# --- Formatting --------------------------------------------------------------------------


def _is_missing(x: object) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return not math.isfinite(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _group(integer_text: str) -> str:
    sign = "-" if integer_text.startswith("-") else ""
    digits = integer_text.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + NNBSP.join(groups)


def _fmt_decimal(x: float, decimals: int) -> str:
    text = f"{float(x):.{decimals}f}"
    if text.lstrip("-").strip("0.") == "":  # no "-0,0"
        text = text.lstrip("-")
    integer, _, fraction = text.partition(".")
    return _group(integer) + ("," + fraction if fraction else "")


def fmt_int(n: object) -> str:
    """Format a count: 1234 -> "1 234" (U+202F), NA -> "–"."""
    return MISSING if _is_missing(n) else _fmt_decimal(round(float(n)), 0)  # type: ignore[arg-type]


def fmt_pct(x: object, decimals: int = 1) -> str:
    """Format a share given as a fraction: 0.125 -> "12,5 %", NA -> "–"."""
    if _is_missing(x):
        return MISSING
    return f"{_fmt_decimal(float(x) * 100, decimals)}{NNBSP}%"  # type: ignore[arg-type]


def fmt_eur(x: object) -> str:
    """Format an amount in whole euros: 1234567 -> "1 234 567 €", NA -> "–"."""
    return MISSING if _is_missing(x) else f"{fmt_int(x)}{NNBSP}€"


def fmt_rate(x: object, decimals: int = 1) -> str:
    """Format a rate with a decimal comma: 3.44 -> "3,4", NA -> "–"."""
    return MISSING if _is_missing(x) else _fmt_decimal(float(x), decimals)  # type: ignore[arg-type]


# --- Key figures and counts ----------------------------------------------------------------


def _not_located(df: pd.DataFrame) -> pd.Series:
    codes = df["code_commune"].astype("string").str.strip()
    return codes.isna() | (codes == "")


def _sum(df: pd.DataFrame | None, column: str) -> float:
    if df is None or column not in df.columns or df.empty:
        return 0
    return pd.to_numeric(df[column], errors="coerce").sum(skipna=True)


def key_figures(acteurs: pd.DataFrame, projets: pd.DataFrame | None) -> dict:
    """Headline numbers: nb_acteurs, nb_projets, emplois, montant_aide_eur, nb_non_localises."""
    return {
        "nb_acteurs": len(acteurs),
        "nb_projets": 0 if projets is None else len(projets),
        "emplois": int(_sum(acteurs, "emplois")),
        "montant_aide_eur": float(_sum(projets, "montant_aide_eur")),
        "nb_non_localises": int(_not_located(acteurs).sum()) if len(acteurs) else 0,
        "emplois_crees": int(_sum(projets, "emplois_crees")),
        "nb_projets_non_localises": (
            int(_not_located(projets).sum()) if projets is not None and len(projets) else 0
        ),
    }


def _values_by_code(
    acteurs: pd.DataFrame, projets: pd.DataFrame | None, level: str, value: str
) -> pd.Series:
    """Count (or sum of jobs) per territory code of the level."""
    if level not in LEVELS:
        raise ValueError(f"niveau inconnu : {level!r} (attendu : {', '.join(LEVELS)})")
    if value not in VALUES:
        raise ValueError(f"valeur inconnue : {value!r} (attendue : {', '.join(VALUES)})")
    column = LEVELS[level]
    if value == "projets":
        if projets is None:
            raise ValueError("value='projets' demande le tableau des projets")
        frame = projets
    else:
        frame = acteurs
    codes = frame[column].astype("string")
    if value == "emplois":
        return pd.to_numeric(frame["emplois"], errors="coerce").groupby(codes).sum()
    return codes.value_counts()


def _rate(valeur: pd.Series, population: pd.Series) -> pd.Series:
    pop = pd.to_numeric(population, errors="coerce").astype("Float64")
    pop = pop.where(pop > 0)  # a population of 0 gives no rate, not an infinite one
    return (valeur.astype("Float64") / pop * PER).astype("Float64")


def counts_by_territory(
    acteurs: pd.DataFrame,
    territories: pd.DataFrame,
    level: str,
    population_col: str = "population",
    value: str = "acteurs",
    projets: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per reference territory (zeros kept): code, nom, population, valeur, taux_10000."""
    by_code = _values_by_code(acteurs, projets, level, value)
    out = pd.DataFrame(
        {
            "code": territories["code"].astype("string").to_numpy(),
            "nom": territories["nom"].to_numpy(),
            "population": pd.to_numeric(territories[population_col], errors="coerce")
            .astype("Int64")
            .to_numpy(),
        }
    )
    found = out["code"].map(by_code)
    out["valeur"] = pd.to_numeric(found, errors="coerce").fillna(0).round().astype("Int64")
    out["taux_10000"] = _rate(out["valeur"], out["population"])
    return out


# --- Sectors -----------------------------------------------------------------------------


def sector_mix(df: pd.DataFrame) -> pd.DataFrame:
    """Rows per sector in schema order (zeros kept): secteur, libelle, nombre, part (0–1)."""
    counts = df["secteur"].astype("string").value_counts()
    codes = list(schema.SECTEURS) + [c for c in counts.index if c not in schema.SECTEURS]
    nombre = [int(counts.get(code, 0)) for code in codes]
    total = sum(nombre)
    return pd.DataFrame(
        {
            "secteur": pd.array(codes, dtype="string"),
            "libelle": [schema.SECTEURS.get(code, code) for code in codes],
            "nombre": pd.array(nombre, dtype="Int64"),
            "part": pd.array([n / total if total else 0.0 for n in nombre], dtype="Float64"),
        }
    )


def sector_matrix(
    acteurs: pd.DataFrame, territories: pd.DataFrame, level: str = "departements"
) -> pd.DataFrame:
    """Actors per territory (rows, indexed by code) and sector (French labels, schema order)."""
    column = LEVELS[level]
    codes = pd.Index(territories["code"].astype("string"), name="code")
    table = pd.crosstab(
        acteurs[column].astype("string"), acteurs["secteur"].astype("string")
    )
    table = table.reindex(index=codes, columns=list(schema.SECTEURS), fill_value=0)
    table = table.fillna(0).astype("Int64")
    table.columns = [schema.SECTEURS[c] for c in table.columns]
    return table


# --- Portrait of a territory ---------------------------------------------------------------


def _departement_of(level: str, code: str, territories: Mapping[str, pd.DataFrame]) -> str | None:
    """The département (one of the 13 codes) a commune or EPCI belongs to."""
    if level == "departements":
        return None
    ref = territories.get(level)
    if ref is None:
        return None
    row = ref[ref["code"].astype("string") == code]
    if row.empty:
        return None
    if level == "communes" and "code_departement" in row:
        value = row["code_departement"].iloc[0]
    elif "departements" in row:
        # An EPCI may straddle départements: the first listed is taken as its own.
        value = row["departements"].iloc[0]
        if isinstance(value, str):
            value = value.replace(",", "|").replace(";", "|").split("|")[0].strip()
        elif isinstance(value, (list, tuple, np.ndarray)) and len(value):
            value = value[0]
    else:
        return None
    return str(value) if isinstance(value, str) and value in schema.DEPARTEMENTS else None


def _figures(
    acteurs: pd.DataFrame, projets: pd.DataFrame | None, population: object
) -> dict:
    pop = pd.to_numeric(pd.Series([population]), errors="coerce").iloc[0]
    pop = None if pd.isna(pop) or pop <= 0 else float(pop)
    figures = key_figures(acteurs, projets)

    def rate(n: float) -> float | None:
        return None if pop is None else n / pop * PER

    return {
        "population": None if pop is None else int(pop),
        "nb_acteurs": figures["nb_acteurs"],
        "taux_acteurs_10000": rate(figures["nb_acteurs"]),
        "emplois": figures["emplois"],
        "taux_emplois_10000": rate(figures["emplois"]),
        "nb_projets": figures["nb_projets"],
        "taux_projets_10000": rate(figures["nb_projets"]),
        "montant_aide_eur": figures["montant_aide_eur"],
    }


def compare(
    acteurs: pd.DataFrame,
    projets: pd.DataFrame | None,
    level: str,
    code: str,
    territories: Mapping[str, pd.DataFrame],
    departement: str | None = None,
) -> pd.DataFrame:
    """A territory, its département and the region side by side, one row per échelon."""
    if level not in LEVELS:
        raise ValueError(f"niveau inconnu : {level!r}")
    code = str(code)
    rows = []

    def add(echelon: str, lvl: str, territory_code: str) -> None:
        ref = territories[lvl]
        match = ref[ref["code"].astype("string") == territory_code]
        nom = match["nom"].iloc[0] if not match.empty else territory_code
        population = match["population"].iloc[0] if not match.empty else None
        column = LEVELS[lvl]
        a = acteurs[acteurs[column].astype("string") == territory_code]
        p = None if projets is None else projets[projets[column].astype("string") == territory_code]
        rows.append({"echelon": echelon, "code": territory_code, "nom": nom,
                     **_figures(a, p, population)})

    add("territoire", level, code)
    if level != "departements":
        dep = departement or _departement_of(level, code, territories)
        if dep is not None and "departements" in territories:
            add("departement", "departements", dep)
    # Region = every row: actors not located are still actors of the region.
    region_pop = None
    if "departements" in territories:
        region_pop = pd.to_numeric(territories["departements"]["population"], errors="coerce").sum()
    rows.append({"echelon": "region", "code": schema.REGION_CODE, "nom": schema.REGION_NAME,
                 **_figures(acteurs, projets, region_pop)})
    out = pd.DataFrame(rows)
    for col in ("population", "nb_acteurs", "emplois", "nb_projets"):
        out[col] = out[col].astype("Int64")
    for col in ("taux_acteurs_10000", "taux_emplois_10000", "taux_projets_10000", "montant_aide_eur"):
        out[col] = pd.to_numeric(out[col]).astype("Float64")
    return out


def rank_among_peers(
    acteurs: pd.DataFrame,
    territories: pd.DataFrame,
    level: str,
    code: str,
    value: str = "acteurs",
    projets: pd.DataFrame | None = None,
) -> dict:
    """Rank (1 = highest taux_10000, ties share the best rank) among territories of the level."""
    table = counts_by_territory(acteurs, territories, level, value=value, projets=projets)
    rated = table.dropna(subset=["taux_10000"])
    mine = table[table["code"] == str(code)]
    result = {"rang": None, "nb_pairs": len(rated), "taux_10000": None, "valeur": None}
    if mine.empty:
        return result
    result["valeur"] = int(mine["valeur"].iloc[0])
    taux = mine["taux_10000"].iloc[0]
    if pd.isna(taux):
        return result
    result["taux_10000"] = float(taux)
    result["rang"] = int((rated["taux_10000"] > taux).sum()) + 1
    return result


# --- Classes for choropleth maps ----------------------------------------------------------


class Classification(NamedTuple):
    """Upper bounds of the non-zero classes, and each value's class as an ordered category."""

    bins: list[float]
    labels: pd.Series


def _bins(positive: np.ndarray, k: int, method: str) -> list[float]:
    import mapclassify

    distinct = np.unique(positive)
    k = min(k, len(distinct))
    if k <= 1:
        return [float(distinct.max())]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed", duplicate quantile warnings
        if method == "quantiles":
            bins = mapclassify.Quantiles(positive, k=k).bins
        else:
            sample = positive
            if len(sample) > JENKS_SAMPLE:
                sample = np.quantile(positive, np.linspace(0, 1, JENKS_SAMPLE))
            bins = mapclassify.FisherJenks(sample, k=k).bins
    bins = sorted(set(float(b) for b in bins))
    bins[-1] = max(bins[-1], float(distinct.max()))
    return bins


def _class_labels(bounds: list[tuple[float, float]], integers: bool) -> list[str]:
    """French labels "de 1,2 à 3,4", with enough decimals to tell classes apart."""
    for decimals in ([0] if integers else []) + [1, 2, 3, 4]:
        labels = []
        for low, high in bounds:
            a, b = fmt_rate(low, decimals), fmt_rate(high, decimals)
            labels.append(a if a == b else f"de {a} à {b}")
        if len(set(labels)) == len(labels) and ZERO_LABEL not in labels:
            return labels
    return [f"{label} ({i + 1})" for i, label in enumerate(labels)]


def classify(values: Iterable[float], k: int = 5, method: str = "quantiles") -> Classification:
    """Classes of the values: zeros apart as "0", NA as "Pas de donnée", the rest by mapclassify."""
    if method not in ("quantiles", "jenks"):
        raise ValueError(f"méthode inconnue : {method!r} (attendue : quantiles, jenks)")
    if k < 1:
        raise ValueError("k doit valoir au moins 1")
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype="object")
    numbers = pd.to_numeric(series, errors="coerce").astype("Float64")
    numbers = numbers.where(numbers.notna() & ~numbers.isin([np.inf, -np.inf]))
    missing = numbers.isna().to_numpy()
    filled = numbers.fillna(0).to_numpy(dtype=float)
    zero = ~missing & (filled == 0)
    nonzero = ~missing & ~zero
    positive = filled[nonzero]

    bins = _bins(positive, k, method) if positive.size else []
    class_of = np.searchsorted(bins, positive, side="left") if bins else np.array([], dtype=int)
    bounds = []
    used = sorted(set(class_of.tolist()))
    for c in used:
        members = positive[class_of == c]
        bounds.append((float(members.min()), float(members.max())))
    integers = bool(positive.size) and bool(np.all(positive == np.round(positive)))
    class_labels = _class_labels(bounds, integers)
    by_class = dict(zip(used, class_labels))

    out = np.empty(len(series), dtype=object)
    out[missing] = NO_DATA_LABEL
    out[zero] = ZERO_LABEL
    out[nonzero] = [by_class[c] for c in class_of]
    categories = ([ZERO_LABEL] if zero.any() else []) + class_labels
    if missing.any():
        categories.append(NO_DATA_LABEL)
    labels = pd.Series(
        pd.Categorical(out, categories=categories, ordered=True), index=series.index
    )
    # Bins of classes actually used (quantiles of ties can leave one empty).
    return Classification([bins[c] for c in used], labels)
