"""Every indicator of the registry: each column holds what its header says.

The expected values come from pandas alone, on the committed CSV files joined to the committed
commune layer: one independent computation per indicator (`INDEPENDENT`). A registry entry without
one fails `test_every_indicator_has_an_independent_computation`.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from observatoire import dataset, export, indicators, levels, schema, tables, territories
from observatoire.formatting import fmt_value
from tests.conftest import raw_frames

# --- The data, read by pandas alone -----------------------------------------------------------


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    return raw_frames()


@pytest.fixture(scope="module")
def shown() -> dataset.Dataset:
    return dataset.load()


def reference(level: str) -> pd.DataFrame:
    return pd.DataFrame(territories.load_layer(level).drop(columns="geometry"))


def number(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(frame[column], errors="coerce").fillna(0)


def by_code(frame: pd.DataFrame, level: str, values: pd.Series, codes: pd.Series) -> pd.Series:
    column = {"departements": "code_departement", "epci": "code_epci",
              "communes": "code_commune"}[level]
    return values.groupby(frame[column]).sum().reindex(codes).fillna(0).to_numpy(float)


def per_10000(counts: np.ndarray, population: pd.Series) -> np.ndarray:
    pop = population.to_numpy(float)
    return np.where(pop > 0, counts / np.where(pop > 0, pop, 1) * 10_000, np.nan)


def recent(frame: pd.DataFrame) -> pd.Series:
    years = pd.to_numeric(frame["annee_creation"], errors="coerce")
    return (years >= schema.current_year() - 4).astype(float)


def ones(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(1.0, index=frame.index)


# indicator key -> (raw frames, level, reference) -> expected values in reference order
INDEPENDENT = {
    "acteurs": lambda r, lvl, ref: by_code(r["acteurs"], lvl, ones(r["acteurs"]), ref["code"]),
    "projets": lambda r, lvl, ref: by_code(r["projets"], lvl, ones(r["projets"]), ref["code"]),
    "emplois": lambda r, lvl, ref: by_code(
        r["acteurs"], lvl, number(r["acteurs"], "emplois"), ref["code"]
    ),
    "aides": lambda r, lvl, ref: by_code(
        r["projets"], lvl, number(r["projets"], "montant_aide_eur"), ref["code"]
    ),
    "taux_acteurs": lambda r, lvl, ref: per_10000(
        INDEPENDENT["acteurs"](r, lvl, ref), ref["population"]
    ),
    "taux_projets": lambda r, lvl, ref: per_10000(
        INDEPENDENT["projets"](r, lvl, ref), ref["population"]
    ),
    "taux_emplois": lambda r, lvl, ref: per_10000(
        INDEPENDENT["emplois"](r, lvl, ref), ref["population"]
    ),
    "part_acteurs_recents": lambda r, lvl, ref: (
        lambda recents, all_: np.where(all_ > 0, recents / np.where(all_ > 0, all_, 1), np.nan)
    )(
        by_code(r["acteurs"], lvl, recent(r["acteurs"]), ref["code"]),
        INDEPENDENT["acteurs"](r, lvl, ref),
    ),
}

def marshall(r, lvl, ref):
    """Marshall's empirical Bayes rate per 10,000, towards each territory's département."""
    counts = INDEPENDENT["acteurs"](r, lvl, ref)
    pop = ref["population"].to_numpy(float)
    group = {"departements": ref["code"], "communes": ref.get("code_departement"),
             "epci": ref["departements"].str.split(",").str[0] if "departements" in ref else None
             }[lvl].to_numpy()
    out = np.full(len(ref), np.nan)
    for g in set(group[pop > 0]):
        idx = np.where((group == g) & (pop > 0))[0]
        x, n = counts[idx], pop[idx]
        m = x.sum() / n.sum()
        a = max((n * (x / n - m) ** 2).sum() / n.sum() - m / n.mean(), 0)
        w = a / (a + m / n) if m > 0 else 0
        out[idx] = (m + w * (x / n - m)) * 10_000
    return out


INDEPENDENT["taux_acteurs_lisse"] = marshall

# The families, written out here apart from schema.FAMILLE_DE_FORME
FAMILY_OF_FORM = {"association": "associations", "scop": "cooperatives", "scic": "cooperatives",
                  "cae": "cooperatives", "cooperative": "cooperatives", "mutuelle": "mutuelles",
                  "fondation": "fondations", "societe-esus": "societes_ess"}


def of_family(family: str):
    def expected(r, lvl, ref):
        found = r["acteurs"]["forme_juridique"].map(FAMILY_OF_FORM).fillna("hors_familles")
        return by_code(r["acteurs"], lvl, (found == family).astype(float), ref["code"])
    return expected


for _family in ("associations", "cooperatives", "mutuelles", "fondations", "societes_ess",
                "hors_familles"):
    INDEPENDENT[f"acteurs_{_family}"] = of_family(_family)

CASES = [
    (key, level)
    for key, indicator in indicators.REGISTRY.items()
    for level in indicator.levels
]


def assert_same(actual, expected) -> None:
    actual = pd.to_numeric(pd.Series(actual), errors="coerce").astype(float).to_numpy()
    expected = np.asarray(expected, dtype=float)
    assert len(actual) == len(expected)
    assert np.array_equal(np.isnan(actual), np.isnan(expected))
    known = ~np.isnan(expected)
    assert np.allclose(actual[known], expected[known])


def test_every_indicator_has_an_independent_computation():
    assert set(INDEPENDENT) == set(indicators.REGISTRY)


def test_every_indicator_has_a_french_label_unit_and_method_and_levels_of_the_registry():
    labels = [i.label for i in indicators.REGISTRY.values()]
    assert len(set(labels)) == len(labels), "deux indicateurs portent le même intitulé"
    for indicator in indicators.REGISTRY.values():
        assert indicator.label and indicator.method
        assert set(indicator.levels) <= set(levels.TERRITORIAL)
        assert indicator.rate is None or indicators.get(indicator.rate).unit.name == "RATE"


@pytest.mark.parametrize(("key", "level"), CASES)
def test_the_twin_table_header_says_what_its_column_holds(raw, shown, key, level):
    ref = reference(level)
    table = indicators.territory_table(key, shown.acteurs, shown.projets, ref, level)
    twin = tables.territory_table(table)
    expected_columns = ["Territoire", "Code", "Population"] + [
        i.label for i in indicators.table_indicators(key)
    ] + ["Remarque"]  # issue 10: the reliability note closes every territory table
    assert list(twin.columns) == expected_columns
    rated = any(i.denominator == "population" and not i.smoothed
                for i in indicators.table_indicators(key))
    small = rated & (pd.to_numeric(ref["population"]) < 2000)
    assert (twin["Remarque"].str.startswith("effectif faible")).tolist() == small.tolist()
    assert twin["Code"].tolist() == ref["code"].tolist()
    for other in indicators.table_indicators(key):
        assert_same(twin[other.label], INDEPENDENT[other.key](raw, level, ref))


@pytest.mark.parametrize(("key", "level"), CASES)
def test_the_csv_and_excel_exports_of_a_twin_table_keep_headers_and_values(raw, shown, key, level):
    ref = reference(level)
    twin = tables.territory_table(
        indicators.territory_table(key, shown.acteurs, shown.projets, ref, level)
    )
    prov = export.provenance("Aucun filtre", "test", "2026-01-01", "test")
    back, _ = export.read_export_csv(export.to_csv_bytes(twin, prov))
    assert list(back.columns) == list(twin.columns)
    xlsx = pd.read_excel(io.BytesIO(export.to_xlsx_bytes(twin, prov)), sheet_name=0,
                         dtype={"Code": str})
    assert list(xlsx.columns) == list(twin.columns)
    for other in indicators.table_indicators(key):
        expected = INDEPENDENT[other.key](raw, level, ref)
        assert_same(pd.to_numeric(back[other.label].astype(str).str.replace(",", "."),
                                  errors="coerce"), expected)
        assert_same(xlsx[other.label], expected)


@pytest.mark.parametrize("key", list(indicators.REGISTRY))
def test_a_territory_value_alone_equals_its_row_in_the_table(shown, key):
    ref = reference("departements")
    table = indicators.territory_table(key, shown.acteurs, shown.projets, ref, "departements")
    row = table.set_index("code").loc["38"]
    mine = {kind: frame[frame["code_departement"] == "38"]
            for kind, frame in (("acteurs", shown.acteurs), ("projets", shown.projets))}
    alone = indicators.value(key, mine["acteurs"], mine["projets"], row["population"])
    assert alone == pytest.approx(float(row[key]), nan_ok=True)


@pytest.mark.parametrize("key", list(indicators.REGISTRY))
def test_a_value_is_written_in_its_unit(key):
    indicator = indicators.get(key)
    text = fmt_value(1234.5 if indicator.unit.name != "SHARE" else 0.125, indicator.unit)
    expected = {"COUNT": "1\u202f234", "RATE": "1\u202f234,5", "EUROS": "1\u202f234\u202f€",
                "SHARE": "12,5\u202f%"}[indicator.unit.name]
    assert text == expected


def test_the_former_url_value_of_the_rate_still_names_it():
    assert indicators.get("taux").key == "taux_acteurs"


def test_an_unknown_indicator_is_refused_in_french():
    with pytest.raises(ValueError, match="indicateur inconnu"):
        indicators.get("chomage")


def test_the_method_table_lists_every_indicator_with_its_method_and_unit():
    table = indicators.methods_table()
    assert table["Indicateur"].tolist() == [i.label for i in indicators.REGISTRY.values()]
    assert table["Calcul"].tolist() == [i.method for i in indicators.REGISTRY.values()]
    assert table.set_index("Indicateur").loc["Acteurs pour 10 000 habitants", "Unité"] == (
        "pour 10 000 habitants"
    )
