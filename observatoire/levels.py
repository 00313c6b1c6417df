"""The territorial levels, declared once: layer, codes, parent, URL parameter, French labels.

Every module that names a level (maps, filters, indicators, portrait, loaders) reads its entry
here. The region is a level too (one territory, no URL parameter); the three levels below it are
the ones a person selects, filters on, maps and compares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from observatoire import schema

# INSEE commune codes: five digits, or Corsica's 2A/2B followed by three digits
COMMUNE_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$", re.ASCII)
# SIREN of an EPCI (nine digits)
EPCI_CODE = re.compile(r"^\d{9}$", re.ASCII)
# In a layer, the départements an EPCI spans are written "01,69D" (see geo/SOURCES.md)
LIST_SEPARATOR = ","


@dataclass(frozen=True)
class Level:
    """One territorial level and every name it goes by."""

    key: str  # identifier used in code and in the `niveau` URL value
    layer: str  # geo/<layer>.parquet
    code_column: str  # column of an enriched actor or project row holding its territory code
    name_column: str  # column of an enriched row holding its territory name
    param: str | None  # URL query parameter of the sidebar filter (None: not filterable)
    label: str  # plural, as a title: "Intercommunalités"
    singular: str  # "Intercommunalité"
    peers: str  # plural in a sentence: "3e sur 172 intercommunalités"
    gender: str  # "m" or "f", for ordinals (1er / 1re)
    parent: str | None  # key of the level above (an EPCI may span several départements)
    code_pattern: re.Pattern[str] | None  # shape of a valid code; None: a closed list
    unknown_one: str  # notice for one code refused from a link
    unknown_many: str
    abbreviation: str | None = None  # what a filter summary calls it ("EPCI")

    @property
    def short_singular(self) -> str:
        return self.abbreviation or self.singular

    @property
    def short_plural(self) -> str:
        return self.abbreviation or self.label

    def valid_code(self, code: str) -> bool:
        """Whether a code has the shape of this level's codes (membership is checked apart)."""
        if self.code_pattern is None:
            return code in self.known_codes()
        return bool(self.code_pattern.match(code))

    def known_codes(self) -> tuple[str, ...]:
        """Closed lists known without reading a layer (the 13 territories, the region)."""
        if self.key == "departements":
            return tuple(schema.DEPARTEMENTS)
        if self.key == "region":
            return (schema.REGION_CODE,)
        return ()


REGION = Level(
    key="region", layer="region", code_column="code_region", name_column="nom_region",
    param=None, label="Région", singular="Région", peers="régions", gender="f", parent=None,
    code_pattern=None, unknown_one="Région inconnue ignorée",
    unknown_many="Régions inconnues ignorées",
)
DEPARTEMENTS = Level(
    key="departements", layer="departements", code_column="code_departement",
    name_column="nom_departement", param="departement", label="Départements",
    singular="Département", peers="départements", gender="m", parent="region",
    code_pattern=None, unknown_one="Département inconnu ignoré",
    unknown_many="Départements inconnus ignorés",
)
EPCI = Level(
    key="epci", layer="epci", code_column="code_epci", name_column="nom_epci", param="epci",
    label="Intercommunalités", singular="Intercommunalité", peers="intercommunalités",
    gender="f", parent="departements", code_pattern=EPCI_CODE,
    unknown_one="EPCI inconnu ignoré", unknown_many="EPCI inconnus ignorés", abbreviation="EPCI",
)
COMMUNES = Level(
    key="communes", layer="communes", code_column="code_commune", name_column="nom_commune",
    param="commune", label="Communes", singular="Commune", peers="communes", gender="f",
    parent="epci", code_pattern=COMMUNE_CODE,
    unknown_one="Commune inconnue ignorée", unknown_many="Communes inconnues ignorées",
)

ALL = {level.key: level for level in (REGION, DEPARTEMENTS, EPCI, COMMUNES)}
# The levels below the region, coarsest first: what people select, map and compare
TERRITORIAL = {key: level for key, level in ALL.items() if key != "region"}


def get(key: str) -> Level:
    """The level of a key; ValueError in French for an unknown one."""
    try:
        return ALL[key]
    except KeyError:
        raise ValueError(
            f"niveau inconnu : {key!r} (attendu : {', '.join(ALL)})"
        ) from None


def split_codes(cell: object) -> tuple[str, ...]:
    """The codes of a list cell ("01,69D"), trimmed, empties dropped; () for a missing cell."""
    if not isinstance(cell, str):
        return ()
    return tuple(part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip())


def epci_departements(epci: pd.DataFrame) -> pd.Series:
    """For each EPCI row, the tuple of départements (of the 13) it spans, in layer order."""
    return epci["departements"].map(split_codes)


def epci_in_departements(epci: pd.DataFrame, departements: tuple[str, ...]) -> pd.Series:
    """True for the EPCI rows that span at least one of the départements."""
    wanted = set(departements)
    return epci_departements(epci).map(lambda deps: bool(wanted & set(deps))).astype(bool)


def main_departement(epci_row_departements: object) -> str | None:
    """The département an EPCI is counted in for comparisons: the first one its layer lists."""
    codes = split_codes(epci_row_departements)
    return codes[0] if codes and codes[0] in schema.DEPARTEMENTS else None
