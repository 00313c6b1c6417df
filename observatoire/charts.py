"""Altair charts with French titles and labels."""

from __future__ import annotations

import altair as alt
import pandas as pd

BAR_COLOUR = "#2c7fb8"
# Up to four series (Comparer): blue, orange, then Okabe-Ito green and purple (colour-blind safe)
SERIES_COLOURS = ["#2c7fb8", "#fdae61", "#009e73", "#cc79a7"]


def sector_bars(
    mix: pd.DataFrame, value_title: str = "Nombre d'acteurs", category: str = "Secteur"
) -> alt.Chart:
    """Horizontal bars of a sector (or family) mix (indicators.sector_mix), largest first."""
    data = mix[["libelle", "nombre", "part"]].astype({"nombre": "int64", "part": "float64"})
    return (
        alt.Chart(data)
        .mark_bar(color=BAR_COLOUR)
        .encode(
            x=alt.X("nombre:Q", title=value_title, axis=alt.Axis(format="d")),
            y=alt.Y("libelle:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
            tooltip=[
                alt.Tooltip("libelle:N", title=category),
                alt.Tooltip("nombre:Q", title=value_title, format="d"),
                alt.Tooltip("part:Q", title="Part", format=".1%"),
            ],
        )
        .properties(height=alt.Step(22))
    )


def sector_comparison(shares: pd.DataFrame) -> alt.Chart:
    """Grouped bars of sector shares (%), one series per column, sectors in the frame's order.

    ``shares`` is indexed by sector label with one column per series (e.g. Territoire, Région).
    """
    order = list(shares.index)
    series = list(shares.columns)
    long = shares.rename_axis("secteur").reset_index().melt(
        id_vars="secteur", var_name="serie", value_name="part"
    )
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("part:Q", title="Part des acteurs (%)"),
            y=alt.Y("secteur:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("serie:N", sort=series),
            color=alt.Color(
                "serie:N", title=None, sort=series,
                scale=alt.Scale(domain=series, range=["#2c7fb8", "#fdae61"]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("serie:N", title="Territoire"),
                alt.Tooltip("secteur:N", title="Secteur"),
                alt.Tooltip("part:Q", title="Part (%)", format=".1f"),
            ],
        )
        .properties(height=alt.Step(9))
    )


def evolution_lines(data: pd.DataFrame, value_title: str) -> alt.Chart:
    """Lines by year, one per series (evolution.chart_data), territory first in blue."""
    series = list(dict.fromkeys(data["serie"]))
    return (
        alt.Chart(data.astype({"valeur": "float64"}))
        .mark_line(point=True)
        .encode(
            x=alt.X("annee:O", title="Année", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("valeur:Q", title=value_title),
            color=alt.Color(
                "serie:N", title=None, sort=series,
                scale=alt.Scale(domain=series, range=SERIES_COLOURS[: len(series)]),
                legend=alt.Legend(orient="top", labelLimit=400),
            ),
            tooltip=[
                alt.Tooltip("serie:N", title="Territoire"),
                alt.Tooltip("annee:O", title="Année"),
                alt.Tooltip("valeur:Q", title=value_title, format=",.1f"),
            ],
        )
        .properties(height=360)
    )
