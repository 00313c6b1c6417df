"""The indicator registry, and the computations behind it: counts, rates, shares, classes.

An indicator is declared once, in `REGISTRY`: its key, its French label (the header of its column
everywhere), its unit (how `formatting` writes it), how it is computed and at which levels. The
overview, the Carte page and its twin table, the portrait, the tables and the exports read it;
no page keeps its own list. Adding an indicator is one entry here and one test.

Frames are the enriched `acteurs` / `projets` (with `code_departement`, `code_epci`); territory
references are plain frames with at least `code`, `nom` and `population`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from observatoire import levels, schema
from observatoire.formatting import Unit, fmt_number

ZERO_LABEL = "0"
NO_DATA_LABEL = "Pas de donnée"
PER = 10_000
POPULATION = "population"
# Fisher-Jenks costs O(n²) per class: above this size the classes are computed on evenly
# spaced quantiles of the values, which keeps the shape.
JENKS_SAMPLE = 600
# Below this population a rate per 10,000 inhabitants swings with one actor more or less: it is
# flagged "effectif faible" in tables, tooltips and exports and left out of the map's classes.
SMALL_POPULATION = 2_000
SMALL_LABEL = "Effectif faible"
RELIABILITY = "fiabilite"  # column of a territory table holding the reliability note
SMALL_NOTE = "effectif faible (moins de 2\u202f000 habitants)"
BORDER_NOTE = "partie AURA seulement"
# A creation within this many years (this year included) makes an actor "récent"
RECENT_YEARS = 5


# --- What one row contributes ----------------------------------------------------------------


def rows(frame: pd.DataFrame) -> pd.Series:
    """Each row counts one."""
    return pd.Series(1, index=frame.index, dtype="int64")


def column_sum(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    """Each row counts its value of `column` (missing counts 0)."""
    def measure(frame: pd.DataFrame) -> pd.Series:
        return pd.to_numeric(frame[column], errors="coerce").fillna(0)

    measure.__doc__ = f"Sum of {column}."
    return measure


def created_recently(frame: pd.DataFrame) -> pd.Series:
    """Each actor created in the last RECENT_YEARS years (this one included) counts one."""
    years = pd.to_numeric(frame["annee_creation"], errors="coerce")
    first = schema.current_year() - RECENT_YEARS + 1
    return (years >= first).fillna(False).astype("int64")


def in_family(family: str) -> Callable[[pd.DataFrame], pd.Series]:
    """Each actor of an ESS family (derived from its legal form) counts one."""
    from observatoire.filters import families

    def measure(frame: pd.DataFrame) -> pd.Series:
        return (families(frame["forme_juridique"]) == family).fillna(False).astype("int64")

    measure.__doc__ = f"Actors of the family {family}."
    return measure


@dataclass(frozen=True)
class Count:
    """A sum over the rows of one frame (`acteurs` or `projets`) of what each row contributes."""

    frame: str
    measure: Callable[[pd.DataFrame], pd.Series] = rows
    label: str = ""  # header of the column when shown beside a ratio built on it


@dataclass(frozen=True)
class Indicator:
    """One indicator: a count, or a ratio of a count to the population or to another count."""

    key: str
    label: str  # header of its column in every table, tooltip title, legend title, export
    unit: Unit
    count: Count | str  # the numerator: a Count, or the key of a count indicator
    denominator: str | None = None  # POPULATION, the key of a count indicator, or None
    scale: float = 1.0  # PER for rates per 10,000 inhabitants
    levels: tuple[str, ...] = ("departements", "epci", "communes")
    method: str = ""  # one French sentence for "Données et méthode"
    rate: str | None = None  # for a count: the key of its rate per 10,000 inhabitants
    on_map: bool = True  # offered on the Carte page
    aliases: tuple[str, ...] = field(default=())  # former URL values of the key
    smoothed: bool = False  # empirical Bayes towards the département's rate (see `smooth`)

    @property
    def is_ratio(self) -> bool:
        return self.denominator is not None


def _entries(*indicators: Indicator) -> dict[str, Indicator]:
    return {indicator.key: indicator for indicator in indicators}


REGISTRY: dict[str, Indicator] = _entries(
    Indicator(
        "acteurs", "Nombre d'acteurs", Unit.COUNT, Count("acteurs", label="Acteurs"),
        rate="taux_acteurs",
        method="Nombre d'acteurs localisés dans le territoire (filtres appliqués).",
    ),
    Indicator(
        "projets", "Nombre de projets", Unit.COUNT, Count("projets", label="Projets"),
        rate="taux_projets",
        method="Nombre de projets localisés dans le territoire (filtres appliqués).",
    ),
    Indicator(
        "taux_acteurs", "Acteurs pour 10 000 habitants", Unit.RATE, "acteurs",
        denominator=POPULATION, scale=PER, aliases=("taux",),
        method="Nombre d'acteurs ÷ population municipale × 10 000.",
    ),
    Indicator(
        "taux_acteurs_lisse", "Acteurs pour 10 000 habitants (taux lissé)", Unit.RATE,
        "acteurs", denominator=POPULATION, scale=PER, smoothed=True,
        method=(
            "Taux d'acteurs pour 10 000 habitants rapproché du taux du département d'autant plus "
            "que la population est petite (estimateur bayésien empirique de Marshall) ; au niveau "
            "des départements, égal au taux brut."
        ),
    ),
    Indicator(
        "emplois", "Emplois des acteurs", Unit.COUNT,
        Count("acteurs", column_sum("emplois"), label="Emplois"), rate="taux_emplois",
        method="Somme des emplois déclarés par les acteurs du territoire (vide compté 0).",
    ),
    Indicator(
        "taux_projets", "Projets pour 10 000 habitants", Unit.RATE, "projets",
        denominator=POPULATION, scale=PER, on_map=False,
        method="Nombre de projets ÷ population municipale × 10 000.",
    ),
    Indicator(
        "taux_emplois", "Emplois pour 10 000 habitants", Unit.RATE, "emplois",
        denominator=POPULATION, scale=PER, on_map=False,
        method="Emplois des acteurs ÷ population municipale × 10 000.",
    ),
    Indicator(
        "aides", "Aides aux projets (€)", Unit.EUROS,
        Count("projets", column_sum("montant_aide_eur"), label="Aides aux projets (€)"),
        on_map=False,
        method="Somme des aides accordées aux projets du territoire, en euros.",
    ),
    Indicator(
        "part_acteurs_recents", "Part des acteurs créés depuis 5 ans", Unit.SHARE,
        Count("acteurs", created_recently, label="Acteurs créés depuis 5 ans"),
        denominator="acteurs",
        method=(
            f"Acteurs dont l'année de création est l'une des {RECENT_YEARS} dernières (année en "
            "cours comprise) ÷ nombre d'acteurs ; un acteur sans année compte au dénominateur."
        ),
    ),
)
# One count per ESS family, "hors familles" included (said, not hidden)
FAMILY_INDICATORS = tuple(f"acteurs_{code.replace('-', '_')}" for code in schema.FAMILLES_ET_HORS)
REGISTRY.update(
    _entries(*(
        Indicator(
            key, f"Acteurs : {label[0].lower() + label[1:]}", Unit.COUNT,
            Count("acteurs", in_family(code), label=label), on_map=False,
            method=(
                f"Nombre d'acteurs de la famille « {label} », déduite de la forme juridique "
                "(filtres appliqués)." if code != schema.HORS_FAMILLES else
                "Nombre d'acteurs dont la forme juridique (société commerciale non agréée ESUS, "
                "organisme public, autre ou non renseignée) n'est d'aucune famille de l'ESS."
            ),
        )
        for key, (code, label) in zip(FAMILY_INDICATORS, schema.FAMILLES_ET_HORS.items())
    ))
)
MAP_INDICATORS = tuple(key for key, indicator in REGISTRY.items() if indicator.on_map)


def get(key: str) -> Indicator:
    """The indicator of a key (or of a former key); ValueError in French for an unknown one."""
    if key in REGISTRY:
        return REGISTRY[key]
    for indicator in REGISTRY.values():
        if key in indicator.aliases:
            return indicator
    raise ValueError(f"indicateur inconnu : {key!r} (attendu : {', '.join(REGISTRY)})")


def numerator(indicator: Indicator) -> Count:
    """The Count behind an indicator's value (its own, or that of the count it divides)."""
    count = indicator.count
    return get(count).count if isinstance(count, str) else count  # type: ignore[return-value]


def numerator_label(indicator: Indicator) -> str:
    """Header of the numerator's column beside a ratio."""
    if isinstance(indicator.count, str):
        return get(indicator.count).label
    return indicator.count.label or indicator.label


def _frame(count: Count, acteurs: pd.DataFrame, projets: pd.DataFrame | None) -> pd.DataFrame:
    if count.frame == "projets":
        if projets is None:
            raise ValueError("cet indicateur demande le tableau des projets")
        return projets
    return acteurs


def _sum_by_code(count: Count, acteurs, projets, level: str) -> pd.Series:
    frame = _frame(count, acteurs, projets)
    codes = frame[levels.get(level).code_column].astype("string")
    return count.measure(frame).groupby(codes).sum()


def _total(count: Count, acteurs, projets) -> float:
    frame = _frame(count, acteurs, projets)
    return float(count.measure(frame).sum()) if len(frame) else 0.0


def _ratio(numerators: pd.Series, denominators: pd.Series, scale: float) -> pd.Series:
    den = pd.to_numeric(denominators, errors="coerce").astype("Float64")
    den = den.where(den > 0)  # a zero population or count gives no value, not an infinite one
    return (pd.to_numeric(numerators, errors="coerce").astype("Float64") / den * scale).astype(
        "Float64"
    )


def territory_values(
    indicator: Indicator | str,
    acteurs: pd.DataFrame,
    projets: pd.DataFrame | None,
    reference: pd.DataFrame,
    level: str,
) -> pd.DataFrame:
    """One row per reference territory (zeros kept): code, nom, population, numerateur,
    denominateur (ratios only) and valeur, the indicator's value."""
    indicator = get(indicator) if isinstance(indicator, str) else indicator
    if level not in indicator.levels:
        raise ValueError(f"l'indicateur {indicator.key} ne s'applique pas au niveau {level}")
    levels.get(level)
    out = pd.DataFrame(
        {
            "code": reference["code"].astype("string").to_numpy(),
            "nom": reference["nom"].to_numpy(),
            "population": pd.to_numeric(reference[POPULATION], errors="coerce")
            .astype("Int64").to_numpy(),
        }
    )
    found = out["code"].map(_sum_by_code(numerator(indicator), acteurs, projets, level))
    num = pd.to_numeric(found, errors="coerce").fillna(0)
    out["numerateur"] = num.round().astype("Int64") if _whole(indicator) else num.astype("Float64")
    if indicator.denominator is None:
        out["valeur"] = out["numerateur"]
    else:
        if indicator.denominator == POPULATION:
            den = out["population"]
        else:
            by_code = _sum_by_code(numerator(get(indicator.denominator)), acteurs, projets, level)
            den = pd.to_numeric(out["code"].map(by_code), errors="coerce").fillna(0).astype("Int64")
            out["denominateur"] = den
        out["valeur"] = _ratio(out["numerateur"], den, indicator.scale)
        if indicator.smoothed:
            out["valeur"] = smooth(out["numerateur"], den, group_of(reference, level),
                                   indicator.scale)
    return out


def group_of(reference: pd.DataFrame, level: str) -> pd.Series:
    """The département each territory is smoothed towards (itself for a département)."""
    if level == "departements":
        return reference["code"].astype("string").reset_index(drop=True)
    if level == "communes" and levels.DEPARTEMENTS.code_column in reference.columns:
        return reference[levels.DEPARTEMENTS.code_column].astype("string").reset_index(drop=True)
    if "departements" in reference.columns:
        return reference["departements"].map(levels.main_departement).astype(
            "string").reset_index(drop=True)
    return pd.Series("region", index=range(len(reference)), dtype="string")


def smooth(counts: pd.Series, population: pd.Series, groups: pd.Series, scale: float) -> pd.Series:
    """Marshall's empirical Bayes rates: within each group, m = Σx/Σn, s² = Σn(r−m)²/Σn,
    A = max(s² − m/n̄, 0), rate = m + A/(A + m/n) × (r − m); NA where the population is not
    positive. A small population gets close to its group's rate, a large one keeps its own."""
    x = pd.to_numeric(counts, errors="coerce").astype(float).to_numpy()
    n = pd.to_numeric(population, errors="coerce").astype(float).to_numpy()
    ok = n > 0
    out = np.full(len(x), np.nan)
    keys = groups.fillna("?").to_numpy()
    for key in pd.unique(keys[ok]):
        member = ok & (keys == key)
        xs, ns = x[member], n[member]
        m = xs.sum() / ns.sum()
        r = xs / ns
        variance = (ns * (r - m) ** 2).sum() / ns.sum()
        between = max(variance - m / ns.mean(), 0.0)
        weight = between / (between + m / ns) if m > 0 else np.zeros(len(ns))
        out[member] = (m + weight * (r - m)) * scale
    return pd.Series(out, dtype="Float64")


def _whole(indicator: Indicator) -> bool:
    return indicator.unit is not Unit.EUROS


def value(
    indicator: Indicator | str,
    acteurs: pd.DataFrame,
    projets: pd.DataFrame | None,
    population: object = None,
) -> float | None:
    """The indicator's value over whole frames (one territory's rows), None when undefined."""
    indicator = get(indicator) if isinstance(indicator, str) else indicator
    num = _total(numerator(indicator), acteurs, projets)
    if indicator.denominator is None:
        return num
    if indicator.denominator == POPULATION:
        den = pd.to_numeric(pd.Series([population]), errors="coerce").iloc[0]
    else:
        den = _total(numerator(get(indicator.denominator)), acteurs, projets)
    if pd.isna(den) or den <= 0:
        return None
    return num / float(den) * indicator.scale


def table_indicators(indicator: Indicator | str) -> list[Indicator]:
    """The indicators a territory table shows for one chosen indicator, in column order:
    a count with its rate per 10,000 inhabitants, or a ratio after the counts it divides."""
    indicator = get(indicator) if isinstance(indicator, str) else indicator
    if indicator.is_ratio:
        shown = [get(indicator.count)] if isinstance(indicator.count, str) else []
        if indicator.denominator != POPULATION:
            shown.append(get(indicator.denominator))
        return shown + [indicator]
    return [indicator] + ([get(indicator.rate)] if indicator.rate else [])


def small_population(population: pd.Series) -> pd.Series:
    """True where a known population is under SMALL_POPULATION (a rate on it is unreliable)."""
    pop = pd.to_numeric(population, errors="coerce")
    return (pop < SMALL_POPULATION).fillna(False).astype(bool)


def reliability_notes(reference: pd.DataFrame, rated: bool = True) -> pd.Series:
    """Per territory: "effectif faible (…)" for a rate on a small population, "partie AURA
    seulement" for a territory cut by the regional border, both, or ""."""
    notes = pd.Series("", index=reference.index, dtype=object)
    if rated:
        notes[small_population(reference[POPULATION]).to_numpy()] = SMALL_NOTE
    if "population_epci_entier" in reference.columns:
        whole = pd.to_numeric(reference["population_epci_entier"], errors="coerce")
        cut = (whole != pd.to_numeric(reference[POPULATION], errors="coerce")).fillna(False)
        notes[cut.to_numpy()] = [f"{n} ; {BORDER_NOTE}" if n else BORDER_NOTE
                                 for n in notes[cut.to_numpy()]]
    return notes


def territory_table(
    indicator: Indicator | str,
    acteurs: pd.DataFrame,
    projets: pd.DataFrame | None,
    reference: pd.DataFrame,
    level: str,
) -> pd.DataFrame:
    """code, nom, population, then one column per indicator of `table_indicators` (by key):
    what a map of the indicator shows, as a table."""
    shown = table_indicators(indicator)
    first = territory_values(shown[0], acteurs, projets, reference, level)
    out = first[["code", "nom", POPULATION]].copy()
    out[shown[0].key] = first["valeur"]
    for other in shown[1:]:
        out[other.key] = territory_values(other, acteurs, projets, reference, level)["valeur"]
    rated = any(i.denominator == POPULATION and not i.smoothed for i in shown)
    out[RELIABILITY] = reliability_notes(reference, rated).to_numpy()
    return out


def methods_table() -> pd.DataFrame:
    """Every indicator of the registry as people read it: label, unit, method, levels."""
    return pd.DataFrame(
        {
            "Indicateur": [i.label for i in REGISTRY.values()],
            "Unité": [i.unit.value for i in REGISTRY.values()],
            "Calcul": [i.method for i in REGISTRY.values()],
            "Niveaux": [", ".join(levels.get(k).label.lower() for k in i.levels)
                        for i in REGISTRY.values()],
        }
    )


# --- Key figures and counts ----------------------------------------------------------------


def _not_located(df: pd.DataFrame) -> pd.Series:
    codes = df["code_commune"].astype("string").str.strip()
    return codes.isna() | (codes == "")


def key_figures(acteurs: pd.DataFrame, projets: pd.DataFrame | None) -> dict:
    """Headline numbers: nb_acteurs, nb_projets, emplois, montant_aide_eur, nb_non_localises."""
    empty = acteurs.iloc[0:0] if projets is None else projets
    return {
        "nb_acteurs": len(acteurs),
        "nb_projets": 0 if projets is None else len(projets),
        "emplois": int(value("emplois", acteurs, empty)),
        "montant_aide_eur": float(value("aides", acteurs, empty)) if projets is not None else 0.0,
        "nb_non_localises": int(_not_located(acteurs).sum()) if len(acteurs) else 0,
        "emplois_crees": int(pd.to_numeric(empty.get("emplois_crees", pd.Series(dtype=float)),
                                           errors="coerce").sum(skipna=True)),
        "nb_projets_non_localises": (
            int(_not_located(projets).sum()) if projets is not None and len(projets) else 0
        ),
    }


# The value= names counts_by_territory has always taken
_VALUE_KEYS = {"acteurs": "acteurs", "projets": "projets", "emplois": "emplois"}


def counts_by_territory(
    acteurs: pd.DataFrame,
    territories: pd.DataFrame,
    level: str,
    population_col: str = "population",
    value: str = "acteurs",
    projets: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per reference territory (zeros kept): code, nom, population, valeur, taux_10000."""
    levels.get(level)
    if value not in _VALUE_KEYS:
        raise ValueError(f"valeur inconnue : {value!r} (attendue : {', '.join(_VALUE_KEYS)})")
    reference = territories.rename(columns={population_col: POPULATION})
    indicator = get(_VALUE_KEYS[value])
    table = territory_values(indicator, acteurs, projets, reference, level)
    rate = territory_values(get(indicator.rate), acteurs, projets, reference, level)
    return pd.DataFrame(
        {
            "code": table["code"], "nom": table["nom"], "population": table["population"],
            "valeur": table["valeur"], "taux_10000": rate["valeur"],
        }
    )


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


def family_mix(acteurs: pd.DataFrame) -> pd.DataFrame:
    """Actors per ESS family, "hors familles" last (zeros kept): famille, libelle, nombre, part."""
    from observatoire.filters import families

    counts = families(acteurs["forme_juridique"]).value_counts()
    codes = list(schema.FAMILLES_ET_HORS)
    nombre = [int(counts.get(code, 0)) for code in codes]
    total = sum(nombre)
    return pd.DataFrame(
        {
            "famille": pd.array(codes, dtype="string"),
            "libelle": list(schema.FAMILLES_ET_HORS.values()),
            "nombre": pd.array(nombre, dtype="Int64"),
            "part": pd.array([n / total if total else 0.0 for n in nombre], dtype="Float64"),
        }
    )


def sector_matrix(
    acteurs: pd.DataFrame, territories: pd.DataFrame, level: str = "departements"
) -> pd.DataFrame:
    """Actors per territory (rows, indexed by code) and sector (French labels, schema order)."""
    column = levels.get(level).code_column
    codes = pd.Index(territories["code"].astype("string"), name="code")
    table = pd.crosstab(
        acteurs[column].astype("string"), acteurs["secteur"].astype("string")
    )
    table = table.reindex(index=codes, columns=list(schema.SECTEURS), fill_value=0)
    table = table.fillna(0).astype("Int64")
    table.columns = [schema.SECTEURS[c] for c in table.columns]
    return table


# --- Portrait of a territory ---------------------------------------------------------------


# The indicators of a portrait and of a comparison of territories, in column order
PORTRAIT = ("acteurs", "taux_acteurs", "emplois", "taux_emplois", "projets", "taux_projets", "aides")


def departement_of(level: str, code: str, territories: Mapping[str, pd.DataFrame]) -> str | None:
    """The département (one of the 13 codes) a commune or EPCI belongs to."""
    if level == "departements" or level not in territories:
        return None
    ref = territories[level]
    row = ref[ref["code"].astype("string") == code]
    if row.empty:
        return None
    if level == "communes" and levels.DEPARTEMENTS.code_column in row:
        found = row[levels.DEPARTEMENTS.code_column].iloc[0]
        return str(found) if isinstance(found, str) and found in schema.DEPARTEMENTS else None
    if "departements" in row:
        return levels.main_departement(row["departements"].iloc[0])
    return None


def _row(acteurs, projets, population, keys: Iterable[str]) -> dict:
    pop = pd.to_numeric(pd.Series([population]), errors="coerce").iloc[0]
    pop = None if pd.isna(pop) or pop <= 0 else int(pop)
    return {POPULATION: pop, **{key: value(key, acteurs, projets, pop) for key in keys}}


def compare(
    acteurs: pd.DataFrame,
    projets: pd.DataFrame | None,
    level: str,
    code: str,
    territories: Mapping[str, pd.DataFrame],
    departement: str | None = None,
    keys: Iterable[str] = PORTRAIT,
) -> pd.DataFrame:
    """A territory, its département and the region side by side, one row per échelon:
    echelon, code, nom, population and one column per indicator key."""
    keys = list(keys)
    levels.get(level)
    code = str(code)
    if projets is None:
        projets = pd.DataFrame(columns=[c.code_column for c in levels.TERRITORIAL.values()]
                               + ["montant_aide_eur"])
    out_rows = []

    def add(echelon: str, lvl: str, territory_code: str) -> None:
        ref = territories[lvl]
        match = ref[ref["code"].astype("string") == territory_code]
        nom = match["nom"].iloc[0] if not match.empty else territory_code
        population = match[POPULATION].iloc[0] if not match.empty else None
        column = levels.get(lvl).code_column
        a = acteurs[acteurs[column].astype("string") == territory_code]
        p = projets[projets[column].astype("string") == territory_code]
        out_rows.append({"echelon": echelon, "code": territory_code, "nom": nom,
                         **_row(a, p, population, keys)})

    add("territoire", level, code)
    if level != "departements":
        dep = departement or departement_of(level, code, territories)
        if dep is not None and "departements" in territories:
            add("departement", "departements", dep)
    # Region = every row: actors not located are still actors of the region.
    region_pop = None
    if "departements" in territories:
        region_pop = pd.to_numeric(territories["departements"][POPULATION], errors="coerce").sum()
    out_rows.append({"echelon": "region", "code": schema.REGION_CODE, "nom": schema.REGION_NAME,
                     **_row(acteurs, projets, region_pop, keys)})
    out = pd.DataFrame(out_rows)
    out[POPULATION] = out[POPULATION].astype("Int64")
    for key in keys:
        whole = get(key).unit is Unit.COUNT
        out[key] = pd.to_numeric(out[key]).astype("Int64" if whole else "Float64")
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


def quantile_bins(values: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of k quantile classes, ties collapsed: mapclassify.Quantiles' bins."""
    # mapclassify (with scipy, scikit-learn and matplotlib behind it) cost ~100 MB of server
    # memory for two small functions: both are rewritten here with numpy, bin for bin
    step = 100.0 / k
    percents = np.arange(step, 100 + step, step)
    percents[-1] = min(percents[-1], 100.0)
    ordered = np.sort(np.asarray(values, dtype=float))
    scores = []
    for percent in percents:
        # scipy.stats.scoreatpercentile, interpolated the same way (np.percentile differs by
        # an ulp at times, which moves a value sitting on a bound into the next class)
        at = percent / 100.0 * (len(ordered) - 1)
        low = int(at)
        if low == at:
            scores.append(float(ordered[low]))
        else:
            weights = np.array([low + 1 - at, at - low])
            scores.append(float(np.add.reduce(ordered[low:low + 2] * weights) / weights.sum()))
    return np.unique(np.array(scores))


def fisher_jenks_bins(values: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of k Fisher-Jenks natural-break classes: mapclassify.FisherJenks' bins
    (same float32 dynamic programme, same tie-breaking), one numpy pass per value."""
    x = np.sort(np.asarray(values, dtype="f8"))
    n = len(x)
    split = np.zeros((n + 1, k + 1), dtype=np.int32)
    cost = np.zeros((n + 1, k + 1), dtype=np.float32)
    split[1, 1:] = 1
    cost[2:, 1:] = np.inf
    x32 = x.astype(np.float32)
    for last in range(2, n + 1):
        # the class x[i3 - 1 : last] for i3 = last, last - 1, ..., 1, summed in that order
        tail = x32[:last][::-1]
        s1 = np.add.accumulate(tail, dtype=np.float32)
        s2 = np.add.accumulate(tail * tail, dtype=np.float32)
        w = np.arange(1, last + 1, dtype=np.float32)
        variance = s2 - (s1 * s1) / w
        i3 = last - np.arange(last)  # i3 for each m = 1..last
        for j in range(2, k + 1):
            candidates = variance[:-1] + cost[i3[:-1] - 1, j - 1]  # i4 = i3 - 1 != 0
            # mapclassify keeps the last candidate at least as good: the smallest i3
            best = candidates.min() if len(candidates) else np.float32(np.inf)
            if cost[last, j] >= best:
                pick = len(candidates) - 1 - int(np.argmin(candidates[::-1]))
                split[last, j] = i3[pick]
                cost[last, j] = best
        split[last, 1] = 1
        cost[last, 1] = variance[-1]
    bounds = np.zeros(k + 1, dtype=x.dtype)
    bounds[k] = x[n - 1]
    bounds[0] = x[0]
    row = n
    for count in range(k, 1, -1):
        pivot = split[row, count]
        bounds[count - 1] = x[int(pivot - 2)]
        row = int(pivot - 1)
    return np.delete(bounds, 0)


def _bins(positive: np.ndarray, k: int, method: str) -> list[float]:
    distinct = np.unique(positive)
    k = min(k, len(distinct))
    if k <= 1:
        return [float(distinct.max())]
    if method == "quantiles":
        bins = quantile_bins(positive, k)
    else:
        sample = positive
        if len(sample) > JENKS_SAMPLE:
            sample = np.quantile(positive, np.linspace(0, 1, JENKS_SAMPLE))
        bins = fisher_jenks_bins(sample, k)
    bins = sorted({float(b) for b in bins})
    bins[-1] = max(bins[-1], float(distinct.max()))
    return bins


def _rounded(x: float, decimals: int, up: bool, unit: Unit) -> float:
    factor = 10 ** (decimals + (2 if Unit(unit) is Unit.SHARE else 0))
    scaled = round(x * factor, 9)  # 1.02 * 100 is 101.99999…: not a reason to round down
    return (math.ceil(scaled) if up else math.floor(scaled)) / factor


def _class_labels(bounds: list[tuple[float, float]], integers: bool, unit: Unit) -> list[str]:
    """French labels that do not overlap: "de 1 à 2", "de 3 à 4" for whole numbers; for
    decimals "de 0,3 à moins de 2,2", then "de 2,2 à 4,7": each bound shown belongs to one class
    only. Small values get at least two significant decimals."""
    if integers:
        first = [0]
    else:
        top = max((abs(high) for _, high in bounds), default=0.0)
        first = [1] if top >= 1 or Unit(unit) is Unit.SHARE else [2]
    for decimals in first + [d for d in (1, 2, 3, 4) if d > first[0]]:
        labels = []
        # lower bounds rounded down: every member of a class is at least its shown bound
        lows = [_rounded(low, decimals, False, unit) for low, _ in bounds]
        ok = integers or all(high < nxt for (_, high), nxt in zip(bounds, lows[1:]))
        for i, (low, high) in enumerate(bounds):
            a = fmt_number(low if integers else lows[i], unit, decimals)
            if integers or i == len(bounds) - 1:
                top_shown = high if integers else _rounded(high, decimals, True, unit)
                b = fmt_number(top_shown, unit, decimals)
                labels.append(a if a == b else f"de {a} à {b}")
            else:
                labels.append(f"de {a} à moins de {fmt_number(lows[i + 1], unit, decimals)}")
        if ok and len(set(labels)) == len(labels) and ZERO_LABEL not in labels:
            return labels
    return [f"{label} ({i + 1})" for i, label in enumerate(labels)]


def classify(
    values: Iterable[float], k: int = 5, method: str = "quantiles", unit: Unit = Unit.RATE,
    flagged: Iterable[bool] | None = None,
) -> Classification:
    """Classes of the values: zeros apart as "0", NA as "Pas de donnée", the rest by quantiles or natural breaks;
    `flagged` values (rates on a small population) are left out of the bounds and get their own
    class SMALL_LABEL, so a territory of a hundred inhabitants cannot stretch a legend."""
    if method not in ("quantiles", "jenks"):
        raise ValueError(f"méthode inconnue : {method!r} (attendue : quantiles, jenks)")
    if k < 1:
        raise ValueError("k doit valoir au moins 1")
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype="object")
    numbers = pd.to_numeric(series, errors="coerce").astype("Float64")
    numbers = numbers.where(numbers.notna() & ~numbers.isin([np.inf, -np.inf]))
    missing = numbers.isna().to_numpy()
    small = np.zeros(len(series), dtype=bool)
    if flagged is not None:
        small = np.asarray(list(flagged), dtype=bool) & ~missing
    missing = missing & ~small if flagged is not None else missing
    filled = numbers.fillna(0).to_numpy(dtype=float)
    filled[small] = np.nan
    zero = ~missing & ~small & (filled == 0)
    nonzero = ~missing & ~zero & ~small
    positive = filled[nonzero]

    bins = _bins(positive, k, method) if positive.size else []
    class_of = np.searchsorted(bins, positive, side="left") if bins else np.array([], dtype=int)
    bounds = []
    used = sorted(set(class_of.tolist()))
    for c in used:
        members = positive[class_of == c]
        bounds.append((float(members.min()), float(members.max())))
    integers = bool(positive.size) and bool(np.all(positive == np.round(positive)))
    class_labels = _class_labels(bounds, integers, Unit(unit))
    by_class = dict(zip(used, class_labels))

    out = np.empty(len(series), dtype=object)
    out[missing] = NO_DATA_LABEL
    out[zero] = ZERO_LABEL
    out[nonzero] = [by_class[c] for c in class_of]
    out[small] = SMALL_LABEL
    categories = ([ZERO_LABEL] if zero.any() else []) + class_labels
    if small.any():
        categories.append(SMALL_LABEL)
    if missing.any():
        categories.append(NO_DATA_LABEL)
    labels = pd.Series(
        pd.Categorical(out, categories=categories, ordered=True), index=series.index
    )
    # Bins of classes actually used (quantiles of ties can leave one empty).
    return Classification([bins[c] for c in used], labels)
