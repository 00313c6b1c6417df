"""Comparer: two to four territories of any level side by side, carried in the link.

The selection is written `territoires=departements:38,epci:200040715,communes:38185` (a page
parameter, apart from the sidebar filters, whose territory it does not touch). Every other
sidebar filter (sector, type, family…) applies to every territory compared.
"""

from __future__ import annotations

from collections.abc import Mapping

import re

import pandas as pd

from observatoire import evolution, indicators, levels, schema
from observatoire.filters import MAX_PARAM_CHARS, families

MAX_TERRITORIES = 4
# The key figures compared, in column order (registry keys)
KEYS = indicators.PORTRAIT
_UNSAFE = re.compile(r"[^0-9A-Za-z:\-]")
_LEVEL_WORD = {"departements": "département", "epci": "intercommunalité", "communes": "commune"}


def token(level: str, code: str) -> str:
    return f"{level}:{code}"


def parse(raw: object, references: Mapping[str, pd.DataFrame]) -> tuple[list[str], list[str]]:
    """The territories of a link (known ones, at most MAX_TERRITORIES) and French notices."""
    text = str(raw)[:MAX_PARAM_CHARS] if raw is not None else ""
    kept, rejected = [], []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        level, _, code = part.partition(":")
        known = level in levels.TERRITORIAL and level in references and (
            references[level]["code"].astype(str) == code).any()
        # a refused value is echoed in a notice: letters, digits, ":" and "-" only, so no
        # markdown or HTML of a hostile link can reach the page
        (kept if known else rejected).append(part if known else _UNSAFE.sub("?", part[:30]))
    kept = list(dict.fromkeys(kept))
    notices = []
    if rejected:
        notices.append("Territoire inconnu ignoré : " + ", ".join(rejected[:5]))
    if len(kept) > MAX_TERRITORIES:
        notices.append(f"Seuls les {MAX_TERRITORIES} premiers territoires sont comparés")
        kept = kept[:MAX_TERRITORIES]
    return kept, notices


def options(references: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """Every territory as 'Nom (niveau, code)', départements first, then EPCI, then communes."""
    out = {}
    for level in levels.TERRITORIAL:
        ref = references[level]
        frame = ref if level == "departements" else ref.sort_values("nom", kind="stable")
        for code, nom in zip(frame["code"].astype(str), frame["nom"]):
            out[token(level, code)] = f"{nom} ({_LEVEL_WORD[level]}, {code})"
    return out


def _row(references, level: str, code: str) -> pd.Series:
    ref = references[level]
    return ref[ref["code"].astype(str) == code].iloc[0]


def _rows_in(frame: pd.DataFrame, level: str, code: str) -> pd.DataFrame:
    return frame[frame[levels.get(level).code_column].astype("string") == code]


def key_figures(selection: list[str], acteurs: pd.DataFrame, projets: pd.DataFrame,
                references: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per territory: Territoire, Niveau, Population, one column per key figure
    (registry label), Remarque (effectif faible, partie AURA seulement)."""
    rows = []
    names = _names(selection, references)
    for item in selection:
        level, code = item.split(":", 1)
        ref = _row(references, level, code)
        a, p = _rows_in(acteurs, level, code), _rows_in(projets, level, code)
        population = pd.to_numeric(pd.Series([ref["population"]]), errors="coerce").iloc[0]
        values = {indicators.get(k).label: indicators.value(k, a, p, population) for k in KEYS}
        note = indicators.reliability_notes(ref.to_frame().T.reset_index(drop=True)).iloc[0]
        rows.append({"Territoire": names[len(rows)], "Niveau": levels.get(level).singular,
                     "Population": population, **values, "Remarque": note})
    out = pd.DataFrame(rows, columns=["Territoire", "Niveau", "Population",
                                      *(indicators.get(k).label for k in KEYS), "Remarque"])
    for key in KEYS:
        label = indicators.get(key).label
        whole = indicators.get(key).unit.name == "COUNT"
        out[label] = pd.to_numeric(out[label]).astype("Int64" if whole else "Float64")
    out["Population"] = pd.to_numeric(out["Population"]).astype("Int64")
    return out


def _names(selection, references) -> list[str]:
    """Column names: the territory's name, with its level when two share a name (Lyon…)."""
    names = [str(_row(references, *item.split(":", 1))["nom"]) for item in selection]
    return [
        f"{name} ({_LEVEL_WORD[item.split(':', 1)[0]]})" if names.count(name) > 1 else name
        for name, item in zip(names, selection)
    ]


def shares(selection: list[str], acteurs: pd.DataFrame, references, by: str) -> pd.DataFrame:
    """Share (%) of each family (`by`="famille") or sector (`by`="secteur") of the actors of
    each territory: one row per category, one column per territory."""
    labels = schema.FAMILLES_ET_HORS if by == "famille" else schema.SECTEURS
    header = "Famille" if by == "famille" else "Secteur"
    out = pd.DataFrame({header: list(labels.values())})
    for item, name in zip(selection, _names(selection, references)):
        a = _rows_in(acteurs, *item.split(":", 1))
        codes = families(a["forme_juridique"]) if by == "famille" else a["secteur"].astype("string")
        counts = codes.value_counts().reindex(list(labels), fill_value=0)
        total = int(counts.sum())
        out[f"{name} (%)"] = pd.array(
            (counts / total * 100).to_numpy() if total else [pd.NA] * len(labels), dtype="Float64")
    return out


def evolution_table(selection: list[str], acteurs: pd.DataFrame, projets: pd.DataFrame,
                    references, first: int, last: int | None = None) -> pd.DataFrame:
    """Actors in activity on 31 December, one row per year, one column per territory."""
    names = _names(selection, references)
    out = None
    for item, name in zip(selection, names):
        level, code = item.split(":", 1)
        table = evolution.yearly(_rows_in(acteurs, level, code), _rows_in(projets, level, code),
                                 first, last)
        if out is None:
            out = pd.DataFrame({"Année": table["annee"].astype(str)})
        out[name] = table["stock"].to_numpy()
    return out if out is not None else pd.DataFrame({"Année": []})


def evolution_chart_data(table: pd.DataFrame, as_index: bool) -> pd.DataFrame:
    """Long frame (annee, serie, valeur) of evolution_table, in numbers or index base 100."""
    frames = []
    for column in table.columns[1:]:
        values = table[column]
        values = evolution.index_base_100(values) if as_index else values.astype("Float64")
        frames.append(pd.DataFrame({"annee": table["Année"].astype(int), "serie": column,
                                    "valeur": values.to_numpy()}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["annee", "serie", "valeur"])
