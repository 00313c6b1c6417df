"""Tables as people read them: French column labels, codes turned into labels, heat colours."""

from __future__ import annotations

import pandas as pd

from observatoire import schema
from observatoire.indicators import fmt_eur, fmt_int, fmt_rate

# Column headers shown on screen (exports keep the file's own column names)
COLUMN_LABELS = {
    "id": "Identifiant",
    "nom": "Nom",
    "titre": "Titre",
    "type_acteur": "Type d'acteur",
    "forme_juridique": "Forme juridique",
    "secteur": "Secteur",
    "code_commune": "Code commune",
    "nom_commune": "Commune",
    "code_departement": "Code département",
    "nom_departement": "Département",
    "code_epci": "Code EPCI",
    "nom_epci": "Intercommunalité",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "emplois": "Emplois",
    "annee_creation": "Année de création",
    "dispositifs": "Dispositifs",
    "dispositif": "Dispositif",
    "siret": "SIRET",
    "site_web": "Site web",
    "source": "Source",
    "porteur_id": "Porteur",
    "annee_debut": "Année de début",
    "statut": "Statut",
    "montant_aide_eur": "Aide (€)",
    "emplois_crees": "Emplois créés",
    "description": "Description",
}

# Heat scale of the territory x sector matrix (ColorBrewer YlGnBu, colour-blind safe)
HEAT = ("#ffffd9", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")
EMPTY_CELL = "#f3f3f3"


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Nomenclature codes replaced by their French labels, for display."""
    out = frame.copy()
    for column in ("secteur", "type_acteur", "forme_juridique", "statut", "dispositif"):
        if column in out.columns:
            nomenclature = schema.NOMENCLATURES[column]
            out[column] = out[column].map(lambda c: nomenclature.get(c, c) if isinstance(c, str) else c)
    if "dispositifs" in out.columns:
        out["dispositifs"] = out["dispositifs"].map(
            lambda v: ", ".join(
                schema.DISPOSITIFS.get(c, c) for c in v.split(schema.DISPOSITIFS_SEPARATOR) if c
            )
            if isinstance(v, str)
            else v
        )
    return out


def heat_colour(value: float, maximum: float) -> str:
    """Background colour of a matrix cell: grey for 0, then darker with the count."""
    if pd.isna(value) or value <= 0 or maximum <= 0:
        return EMPTY_CELL
    index = min(int((value / maximum) ** 0.5 * (len(HEAT) - 1) + 0.5), len(HEAT) - 1)
    return HEAT[max(index, 0)]


def heat_styles(matrix: pd.DataFrame) -> pd.DataFrame:
    """CSS of each cell of a count matrix (dark cells get white text)."""
    maximum = float(matrix.max().max()) if matrix.size else 0.0

    def css(value: float) -> str:
        colour = heat_colour(value, maximum)
        text = "#ffffff" if colour in HEAT[4:] else "#111111"
        return f"background-color: {colour}; color: {text}"

    return matrix.apply(lambda column: column.map(css))


def territory_table(counts: pd.DataFrame, value_label: str) -> pd.DataFrame:
    """The text twin of a choropleth: one row per territory, French headers, numbers kept numeric."""
    return pd.DataFrame(
        {
            "Territoire": counts["nom"].to_numpy(),
            "Code": counts["code"].to_numpy(),
            value_label: counts["valeur"].to_numpy(),
            "Population": counts["population"].to_numpy(),
            "Pour 10 000 hab.": counts["taux_10000"].to_numpy(),
        }
    )


def french_format(frame: pd.DataFrame, rates: tuple[str, ...] = ("Pour 10 000 hab.",),
                  euros: tuple[str, ...] = ("Aide (€)",)):
    """A Styler showing numbers the French way while sorting stays numeric."""
    formats = {}
    for column in frame.columns:
        if column in rates:
            formats[column] = fmt_rate
        elif column in euros:
            formats[column] = fmt_eur
        elif pd.api.types.is_numeric_dtype(frame[column]) and column not in ("Latitude", "Longitude"):
            formats[column] = fmt_int
    return frame.style.format(formats)
