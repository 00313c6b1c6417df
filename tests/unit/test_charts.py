"""Charts carry French titles and the data they are given."""

import pandas as pd

from observatoire import charts, indicators


def test_sector_bars_are_sorted_largest_first_with_french_titles():
    acteurs = pd.DataFrame({"secteur": ["sante", "sante", "culture", "mobilite", "sante"]})
    spec = charts.sector_bars(indicators.sector_mix(acteurs)).to_dict()
    assert spec["encoding"]["x"]["title"] == "Nombre d'acteurs"
    assert spec["encoding"]["y"]["sort"] == "-x"
    values = spec["datasets"][next(iter(spec["datasets"]))]
    counts = {row["libelle"]: row["nombre"] for row in values}
    assert counts["Santé"] == 3 and counts["Culture"] == 1 and counts["Numérique"] == 0
    assert len(values) == 15


def test_sector_comparison_has_one_bar_per_sector_and_series_in_the_given_order():
    shares = pd.DataFrame(
        {"Territoire": [50.0, 25.0, 25.0], "Région": [10.0, 60.0, 30.0]},
        index=pd.Index(["Santé", "Culture", "Mobilité"], name="Secteur"),
    )
    spec = charts.sector_comparison(shares).to_dict()
    rows = spec["datasets"][next(iter(spec["datasets"]))]
    assert len(rows) == 6
    assert {(r["secteur"], r["serie"]): r["part"] for r in rows}[("Culture", "Région")] == 60.0
    assert spec["encoding"]["y"]["sort"] == ["Santé", "Culture", "Mobilité"]
    assert spec["encoding"]["x"]["title"] == "Part des acteurs (%)"
