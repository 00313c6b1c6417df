"""Altair charts with French titles and labels."""

from __future__ import annotations

import altair as alt
import pandas as pd

BAR_COLOUR = "#2c7fb8"


def sector_bars(mix: pd.DataFrame, value_title: str = "Nombre d'acteurs") -> alt.Chart:
    """Horizontal bars of a sector mix (indicators.sector_mix), largest first."""
    data = mix[["libelle", "nombre", "part"]].astype({"nombre": "int64", "part": "float64"})
    return (
        alt.Chart(data)
        .mark_bar(color=BAR_COLOUR)
        .encode(
            x=alt.X("nombre:Q", title=value_title, axis=alt.Axis(format="d")),
            y=alt.Y("libelle:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
            tooltip=[
                alt.Tooltip("libelle:N", title="Secteur"),
                alt.Tooltip("nombre:Q", title=value_title, format="d"),
                alt.Tooltip("part:Q", title="Part", format=".1%"),
            ],
        )
        .properties(height=alt.Step(22))
    )


def sector_comparison(shares: pd.DataFrame) -> alt.Chart:
    """Grouped bars: share of each sector in a territory and in the region.

    ``shares`` has columns libelle, territoire (the series name) and part (0-1).
    """
    return (
        alt.Chart(shares)
        .mark_bar()
        .encode(
            x=alt.X("part:Q", title="Part des acteurs", axis=alt.Axis(format="%")),
            y=alt.Y("libelle:N", title=None, axis=alt.Axis(labelLimit=260)),
            yOffset="territoire:N",
            color=alt.Color(
                "territoire:N", title=None,
                scale=alt.Scale(range=["#2c7fb8", "#fdae61"]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("territoire:N", title="Territoire"),
                alt.Tooltip("libelle:N", title="Secteur"),
                alt.Tooltip("part:Q", title="Part", format=".1%"),
            ],
        )
    )
