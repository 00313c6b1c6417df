"""Portrait de territoire: default choice, scoping, figures, sectors, rank sentence, map."""

import pandas as pd
import pytest

from observatoire import dataset as ds
from observatoire import indicators, leaflet, portrait, territories
from observatoire.filters import Filters


@pytest.fixture(scope="module")
def data():
    return ds.load(ds.storage.resolve_data_dir(ds.storage.DEMO_DATA_DIR))


@pytest.fixture(scope="module")
def refs():
    return {lvl: pd.DataFrame(territories.load_layer(lvl).drop(columns="geometry"))
            for lvl in ("departements", "epci", "communes")}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ("departements", None)),
        (Filters(departements=("26", "38")), ("departements", "26")),
        (Filters(departements=("38",), epci=("200040715",)), ("epci", "200040715")),
        (Filters(departements=("38",), communes=("38185",)), ("communes", "38185")),
    ],
)
def test_default_choice_is_the_finest_territory_of_the_sidebar(filters, expected):
    assert portrait.default_choice(filters) == expected


def test_region_frames_drop_the_sidebar_territory_but_keep_the_other_filters(data):
    f = Filters(departements=("01",), secteurs=("sante",), annee_min=2000)
    acteurs, projets = portrait.region_frames(data.acteurs, data.projets, f)
    a = data.acteurs
    expected = a[(a["secteur"] == "sante") & (a["annee_creation"] >= 2000).fillna(False)]
    assert set(acteurs["id"]) == set(expected["id"])
    assert acteurs["code_departement"].nunique() > 1
    assert (projets["secteur"] == "sante").all()


def _csv_with_territories(root):
    acteurs = pd.read_csv(root / "data" / "acteurs.csv", dtype=str)
    communes = pd.read_parquet(root / "geo" / "communes.parquet",
                               columns=["code", "code_departement", "code_epci"])
    return acteurs.merge(communes, left_on="code_commune", right_on="code", how="left")


@pytest.mark.parametrize(
    ("level", "code", "column"),
    [
        ("departements", "69M", "code_departement"),
        ("departements", "15", "code_departement"),
        ("epci", "200040715", "code_epci"),
        ("communes", "38185", "code_commune"),
    ],
)
def test_in_territory_counts_what_pandas_counts_on_the_files(root, data, level, code, column):
    expected = _csv_with_territories(root)
    assert len(portrait.in_territory(data.acteurs, level, code)) == int(
        (expected[column] == code).sum()
    )


def test_figures_table_puts_the_territory_its_departement_and_the_region_in_french(data, refs):
    compared = indicators.compare(data.acteurs, data.projets, "communes", "38185", refs)
    table = portrait.figures_table(compared, "communes")
    assert table["Échelon"].tolist() == ["Commune", "Département", "Région"]
    assert table["Territoire"].tolist() == ["Grenoble", "Isère", "Auvergne-Rhône-Alpes"]
    assert table[indicators.get("acteurs").label].tolist() == [
        int((data.acteurs["code_commune"] == "38185").sum()),
        int((data.acteurs["code_departement"] == "38").sum()),
        len(data.acteurs),
    ]
    assert pd.api.types.is_numeric_dtype(table[indicators.get("taux_acteurs").label])


def test_sector_comparison_shares_sum_to_100_and_match_value_counts(data):
    mine = portrait.in_territory(data.acteurs, "departements", "26")
    table = portrait.sector_comparison(mine, data.acteurs)
    assert len(table) == 15
    assert table[portrait.SHARE_COLUMNS[0]].sum() == pytest.approx(100)
    assert table[portrait.SHARE_COLUMNS[1]].sum() == pytest.approx(100)
    counts = mine["secteur"].value_counts()
    sante = table.set_index("Secteur").loc["Santé"]
    assert sante["Acteurs du territoire"] == counts.get("sante", 0)
    assert sante[portrait.SHARE_COLUMNS[0]] == pytest.approx(100 * counts.get("sante", 0) / len(mine))
    chart = portrait.sector_chart_data(table)
    assert list(chart.columns) == ["Territoire", "Région"] and chart.index.name == "Secteur"


def test_sector_comparison_of_an_empty_territory_is_zero_not_nan(data):
    table = portrait.sector_comparison(data.acteurs.iloc[0:0], data.acteurs)
    assert (table[portrait.SHARE_COLUMNS[0]] == 0).all()


@pytest.mark.parametrize(
    ("result", "level", "expected"),
    [
        ({"rang": 3, "nb_pairs": 13, "taux_10000": 4.24, "ex_aequo": 0}, "departements",
         "3e sur 13 départements de la région pour le nombre d'acteurs pour 10 000 habitants "
         "(4,2)."),
        ({"rang": 1, "nb_pairs": 13, "taux_10000": 5.0}, "departements",
         "1er sur 13 départements de la région pour le nombre d'acteurs pour 10 000 habitants "
         "(5,0)."),
        ({"rang": 1, "nb_pairs": 172, "taux_10000": 5.0, "ex_aequo": 1}, "epci",
         "1re sur 172 intercommunalités de la région pour le nombre d'acteurs pour 10 000 "
         "habitants (5,0), ex æquo avec 1 autre."),
        ({"rang": 1200, "nb_pairs": 4025, "taux_10000": 0.0, "ex_aequo": 2800}, "communes",
         "1\u202f200e sur 4\u202f025 communes de la région pour le nombre d'acteurs pour 10 000 "
         "habitants (0,0), ex æquo avec 2\u202f800 autres."),
        ({"rang": None, "nb_pairs": 4025, "taux_10000": None}, "communes",
         "Rang parmi les communes non calculable : population inconnue ou territoire absent "
         "du référentiel."),
    ],
)
def test_rank_sentence_is_french(result, level, expected):
    assert portrait.rank_sentence(result, level) == expected


def test_rank_of_departements_agrees_with_a_pandas_ranking(data, refs):
    ref = refs["departements"].set_index("code")
    counts = data.acteurs["code_departement"].value_counts().reindex(ref.index, fill_value=0)
    expected = (counts / ref["population"] * 10_000).rank(ascending=False, method="min")
    for code in ref.index:
        got = portrait.rank(data.acteurs, refs["departements"], "departements", code)
        assert got["rang"] == int(expected[code]) and got["nb_pairs"] == 13


@pytest.mark.parametrize(
    ("level", "code", "size"),
    [("departements", "15", None), ("epci", "200040715", None), ("communes", "38185", None)],
)
def test_map_scope_is_the_territory_or_the_commune_and_its_epci(level, code, size):
    communes = territories.load_layer("communes")
    shown = portrait.map_scope(communes, level, code)
    if level == "departements":
        assert (shown["code_departement"] == code).all()
        assert len(shown) == int((communes["code_departement"] == code).sum())
    elif level == "epci":
        assert set(shown["code_epci"]) == {code}
    else:
        assert code in set(shown["code"]) and shown["code_epci"].nunique() == 1
        assert len(shown) > 1


def test_territory_map_is_offline_and_escapes_actor_names(data):
    acteurs = data.acteurs.copy()
    first = acteurs.index[acteurs["code_commune"] == "38185"][0]
    acteurs.loc[first, "nom"] = "<img src=x onerror=alert(1)>"
    html = leaflet.to_html(portrait.territory_map(territories.load_layer("communes"), acteurs,
                                               "communes", "38185"))
    assert "<img src=x onerror" not in html
    assert "\\u0026lt;img src=x onerror" in html  # escaped, then JSON-encoded
    assert "Grenoble" in html


def test_options_label_territories_with_their_code(refs):
    deps = portrait.options(refs["departements"], "departements")
    assert list(deps)[:2] == ["01", "03"] and deps["69M"] == "Métropole de Lyon (69M)"
    communes = portrait.options(refs["communes"], "communes")
    names = [label.rsplit(" (", 1)[0] for label in communes.values()]
    assert names == sorted(names)
