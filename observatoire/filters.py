"""A `Filters` value, its URL query parameters, and its application to the two frames.

The URL is user input: `from_query_params` never raises, drops what it does not know and says so
in French notices (plain text: display them escaped, e.g. with `st.text` or `st.warning` on
text you did not turn into markdown yourself). Keys it does not own are ignored silently, since
pages may add their own (a portrait page's territory, for instance).

Frames are expected enriched by the UI: `code_departement`, `code_epci` joined on
`code_commune`. A territory filter on a frame lacking those columns raises `KeyError`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
import dataclasses
from dataclasses import dataclass, fields

import pandas as pd

from observatoire import levels, schema

# --- Limits on what a URL may carry ------------------------------------------------------

# Beyond this a parameter is cut before being split: 10,000 characters hold ~1,600 commune codes,
# more than any selection made through the UI, and bound the work done on a hostile URL.
MAX_PARAM_CHARS = 10_000
# No legitimate code is longer (the longest sector code has 24 characters).
MAX_CODE_CHARS = 40
# Per key; AURA has about 4,000 communes, but nobody ticks more than this by hand.
MAX_VALUES = 1_000
# How much of a rejected value a notice repeats, and how many rejected values it lists.
ECHO_CHARS = 30
ECHO_VALUES = 5
# How many selected values `describe` spells out before summarising.
DESCRIBE_VALUES = 20

SEPARATOR = ","

_YEAR_RE = re.compile(r"^\d{1,4}$", re.ASCII)
_UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class _Key:
    """How one tuple field of `Filters` appears in a URL and in a description."""

    field: str
    param: str
    singular: str  # label in a description, one value
    plural: str
    unknown_one: str  # notice for one rejected value
    unknown_many: str


_KEYS = (
    *(
        _Key(level.key, level.param, level.short_singular, level.short_plural,
             level.unknown_one, level.unknown_many)
        for level in levels.TERRITORIAL.values()
    ),
    _Key("secteurs", "secteur", "Secteur", "Secteurs",
         "Secteur inconnu ignoré", "Secteurs inconnus ignorés"),
    _Key("types_acteur", "type", "Type d'acteur", "Types d'acteur",
         "Type d'acteur inconnu ignoré", "Types d'acteur inconnus ignorés"),
    _Key("formes_juridiques", "forme", "Forme juridique", "Formes juridiques",
         "Forme juridique inconnue ignorée", "Formes juridiques inconnues ignorées"),
    _Key("familles", "famille", "Famille de l'ESS", "Familles de l'ESS",
         "Famille inconnue ignorée", "Familles inconnues ignorées"),
    _Key("dispositifs", "dispositif", "Dispositif", "Dispositifs",
         "Dispositif inconnu ignoré", "Dispositifs inconnus ignorés"),
)
YEAR_PARAMS = {"annee_min": "Année minimale", "annee_max": "Année maximale"}
QUERY_KEYS = tuple(k.param for k in _KEYS) + tuple(YEAR_PARAMS)


def _dedupe(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """Return the values as a tuple of str, first occurrence kept, empties dropped."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = (values,)
    return tuple(dict.fromkeys(str(v) for v in values if v is not None and str(v) != ""))


@dataclass(frozen=True)
class Filters:
    """What the user selected; an empty tuple or None means no constraint."""

    departements: tuple[str, ...] = ()
    epci: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    secteurs: tuple[str, ...] = ()
    types_acteur: tuple[str, ...] = ()
    formes_juridiques: tuple[str, ...] = ()
    familles: tuple[str, ...] = ()
    dispositifs: tuple[str, ...] = ()
    annee_min: int | None = None
    annee_max: int | None = None

    def __post_init__(self) -> None:
        # Lists from widgets become tuples, so a Filters is hashable and compares by content.
        for key in _KEYS:
            object.__setattr__(self, key.field, _dedupe(getattr(self, key.field)))

    @property
    def is_empty(self) -> bool:
        """True when no filter constrains anything."""
        return all(getattr(self, f.name) in ((), None) for f in fields(self))

    @property
    def has_territory(self) -> bool:
        """True when a département, EPCI or commune is selected."""
        return bool(self.departements or self.epci or self.communes)

    def codes(self, level: str) -> tuple[str, ...]:
        """The selected codes of a territorial level."""
        return getattr(self, levels.get(level).key) if level in levels.TERRITORIAL else ()

    def select(self, level: str, code: str) -> Filters:
        """Only `code` at `level`, finer levels cleared (what a click on a territory asks)."""
        order = list(levels.TERRITORIAL)
        finer = order[order.index(levels.get(level).key) + 1:]
        return dataclasses.replace(self, **{level: (code,)}, **{key: () for key in finer})

    def without_territory(self) -> Filters:
        """The same filters with no territory selected."""
        return dataclasses.replace(self, **{key: () for key in levels.TERRITORIAL})

    @classmethod
    def from_query_params(
        cls,
        params: Mapping[str, str | list[str]],
        known_epci: Iterable[str] | None = None,
        known_communes: Iterable[str] | None = None,
    ) -> tuple[Filters, list[str]]:
        """Read URL query parameters into Filters plus French notices; never raises."""
        notices: list[str] = []
        try:
            items = dict(params.items())
        except Exception:  # a broken mapping is just an empty URL
            return cls(), ["Paramètres d'adresse illisibles ignorés"]
        epci_ok = _membership(known_epci, levels.EPCI.code_pattern)
        commune_ok = _membership(known_communes, levels.COMMUNES.code_pattern)
        validators = {
            "departements": _lookup(schema.DEPARTEMENTS, str.upper),
            "epci": epci_ok,
            "communes": commune_ok,
            "secteurs": _lookup(schema.SECTEURS, str.lower),
            "types_acteur": _lookup(schema.TYPES_ACTEUR, str.lower),
            "formes_juridiques": _lookup(schema.FORMES_JURIDIQUES, str.lower),
            "familles": _lookup(schema.FAMILLES_ET_HORS, str.lower),
            "dispositifs": _lookup(schema.DISPOSITIFS, str.lower),
        }
        values: dict[str, object] = {}
        for key in _KEYS:
            if key.param not in items:
                continue
            raw = _raw_text(items[key.param], key.param, notices)
            kept, rejected = [], []
            for part in raw.split(SEPARATOR):
                part = part.strip()
                if not part:
                    continue
                code = validators[key.field](part)
                (kept if code is not None else rejected).append(code if code is not None else part)
            kept = list(dict.fromkeys(kept))
            if len(kept) > MAX_VALUES:
                notices.append(f"{key.plural} : seules les {MAX_VALUES} premières valeurs sont retenues")
                kept = kept[:MAX_VALUES]
            if rejected:
                label = key.unknown_one if len(rejected) == 1 else key.unknown_many
                notices.append(f"{label} : {_echo_list(rejected)}")
            values[key.field] = tuple(kept)
        for param, label in YEAR_PARAMS.items():
            if param not in items:
                continue
            raw = _raw_text(items[param], param, notices).strip()
            year = _parse_year(raw)
            if year is None:
                if raw:
                    notices.append(f"{label} invalide ignorée : {_echo(raw)}")
                continue
            values[param] = year
        low, high = values.get("annee_min"), values.get("annee_max")
        if low is not None and high is not None and low > high:
            values["annee_min"], values["annee_max"] = high, low
            notices.append(f"Années inversées : période lue de {high} à {low}")
        return cls(**values), notices

    def to_query_params(self) -> dict[str, str]:
        """Return the non-empty filters as URL query parameters, in a stable order."""
        params: dict[str, str] = {}
        for key in _KEYS:
            codes = getattr(self, key.field)
            if codes:
                params[key.param] = SEPARATOR.join(codes)
        for param in YEAR_PARAMS:
            year = getattr(self, param)
            if year is not None:
                params[param] = str(year)
        return params


def _membership(known: Iterable[str] | None, pattern: re.Pattern[str]):
    """Validator accepting codes of a known set, or of the right shape when no set is given."""
    if known is None:
        return lambda code: code if len(code) <= MAX_CODE_CHARS and pattern.match(code) else None
    known_set = {str(c) for c in known}
    return lambda code: code if code in known_set else None


def _lookup(nomenclature: Mapping[str, str], normalise):
    """Validator accepting the nomenclature's codes, tolerant of letter case."""
    def check(code: str) -> str | None:
        if len(code) > MAX_CODE_CHARS:
            return None
        if code in nomenclature:
            return code
        code = normalise(code)
        return code if code in nomenclature else None

    return check


def _raw_text(value: object, param: str, notices: list[str]) -> str:
    """Join a parameter's value(s) into one bounded string."""
    if isinstance(value, (list, tuple)):
        text = SEPARATOR.join(str(v) for v in value[:MAX_VALUES] if v is not None)
    elif value is None:
        text = ""
    else:
        text = str(value)
    if len(text) > MAX_PARAM_CHARS:
        notices.append(f"Paramètre « {param} » trop long : tronqué à {MAX_PARAM_CHARS} caractères")
        text = text[:MAX_PARAM_CHARS]
    return text


def _parse_year(raw: str) -> int | None:
    """Return the year if `raw` is a plausible one."""
    if not _YEAR_RE.match(raw):
        return None
    year = int(raw)
    first, last = schema.filter_year_range()  # plausible years; anything else is a typo or an attack
    return year if first <= year <= last else None


def _echo(value: str) -> str:
    """A short, printable excerpt of a rejected value for a notice."""
    text = _UNPRINTABLE_RE.sub("?", value)
    return text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS] + "…"


def _echo_list(values: list[str]) -> str:
    """Some rejected values, then how many more."""
    shown = ", ".join(_echo(v) for v in values[:ECHO_VALUES])
    more = len(values) - ECHO_VALUES
    return shown if more <= 0 else f"{shown} et {more} autre{'s' if more > 1 else ''}"


# --- Application to frames ---------------------------------------------------------------


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    if name not in df.columns:
        raise KeyError(f"colonne manquante pour filtrer : {name}")
    return df[name]


def _in(series: pd.Series, codes: tuple[str, ...]) -> pd.Series:
    # astype(str) so codes read as numbers by mistake (1004 for 01004 aside) still compare as text
    return series.astype("string").isin(codes).fillna(False).astype(bool)


def _any_code(series: pd.Series, codes: tuple[str, ...]) -> pd.Series:
    """True where the `|`-separated codes of a cell share at least one code with `codes`."""
    wanted = set(codes)

    def matches(cell: object) -> bool:
        if not isinstance(cell, str):
            return False
        return any(part.strip() in wanted for part in cell.split(schema.DISPOSITIFS_SEPARATOR))

    return series.map(matches).astype(bool)


def _years(series: pd.Series, low: int | None, high: int | None) -> pd.Series:
    """True where the year lies within the bounds; NA years fail any bound."""
    years = pd.to_numeric(series, errors="coerce")
    mask = pd.Series(True, index=series.index)
    if low is not None:
        mask &= (years >= low).fillna(False).astype(bool)
    if high is not None:
        mask &= (years <= high).fillna(False).astype(bool)
    return mask


def _territory_mask(df: pd.DataFrame, f: Filters) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    if f.departements:
        mask &= _in(_column(df, "code_departement"), f.departements)
    if f.epci:
        mask &= _in(_column(df, "code_epci"), f.epci)
    if f.communes:
        mask &= _in(_column(df, "code_commune"), f.communes)
    return mask


def _actor_mask(acteurs: pd.DataFrame, f: Filters) -> pd.Series:
    mask = pd.Series(True, index=acteurs.index)
    if f.types_acteur:
        mask &= _in(_column(acteurs, "type_acteur"), f.types_acteur)
    if f.formes_juridiques:
        mask &= _in(_column(acteurs, "forme_juridique"), f.formes_juridiques)
    if f.familles:
        # from the legal form itself, so a frame without the derived column filters the same
        mask &= _in(families(_column(acteurs, "forme_juridique")), f.familles)
    return mask


def families(formes: pd.Series) -> pd.Series:
    """The ESS family of each legal form; any other form, or none, is "hors familles"."""
    codes = formes.astype("string").str.strip().str.lower()
    return codes.map(schema.FAMILLE_DE_FORME).fillna(schema.HORS_FAMILLES).astype("string")


def apply_actors(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Return the actors matching every filter."""
    mask = _territory_mask(df, f) & _actor_mask(df, f)
    if f.secteurs:
        mask &= _in(_column(df, "secteur"), f.secteurs)
    if f.dispositifs:
        mask &= _any_code(_column(df, "dispositifs"), f.dispositifs)
    if f.annee_min is not None or f.annee_max is not None:
        mask &= _years(_column(df, "annee_creation"), f.annee_min, f.annee_max)
    return df[mask]


def apply_projects(
    projets: pd.DataFrame, f: Filters, acteurs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return the projects matching the filters; type and forme go through the carrier actor."""
    mask = _territory_mask(projets, f)
    if f.secteurs:
        mask &= _in(_column(projets, "secteur"), f.secteurs)
    if f.dispositifs:
        mask &= _any_code(_column(projets, "dispositif"), f.dispositifs)
    if f.annee_min is not None or f.annee_max is not None:
        mask &= _years(_column(projets, "annee_debut"), f.annee_min, f.annee_max)
    if acteurs is not None and (f.types_acteur or f.formes_juridiques or f.familles):
        # A project whose carrier is unknown cannot be said to match: it goes.
        carriers = acteurs.loc[_actor_mask(acteurs, f), "id"].astype("string").dropna()
        mask &= _in(_column(projets, "porteur_id"), tuple(carriers))
    return projets[mask]


# --- Text search (Acteurs, Projets) -------------------------------------------------------

_SEPARATORS = re.compile(r"[\s'’‘`´\-‐–—_.,;:/()]+")


def normalize(text: object) -> str:
    """Text folded for search: no accents, no case, punctuation and hyphens as single spaces."""
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # "œ" and "æ" do not decompose; people type "oe" and "ae"
    bare = bare.casefold().replace("œ", "oe").replace("æ", "ae")
    return _SEPARATORS.sub(" ", bare).strip()


def search(frame: pd.DataFrame, query: str | None, column: str) -> pd.DataFrame:
    """Rows whose `column` contains every word of the query, ignoring accents and case."""
    words = normalize(query).split()
    if not words:
        return frame
    folded = frame[column].map(normalize)
    mask = pd.Series(True, index=frame.index)
    for word in words:
        mask &= folded.str.contains(word, regex=False)
    return frame[mask]



# --- Description -------------------------------------------------------------------------


def describe(
    f: Filters,
    epci_names: Mapping[str, str] | None = None,
    commune_names: Mapping[str, str] | None = None,
) -> str:
    """One French line saying what the filters keep, or "Aucun filtre"."""
    names = {
        "departements": schema.DEPARTEMENTS,
        "epci": epci_names or {},
        "communes": commune_names or {},
        "secteurs": schema.SECTEURS,
        "types_acteur": schema.TYPES_ACTEUR,
        "formes_juridiques": schema.FORMES_JURIDIQUES,
        "familles": schema.FAMILLES_ET_HORS,
        "dispositifs": schema.DISPOSITIFS,
    }
    parts = []
    for key in _KEYS:
        codes = getattr(f, key.field)
        if not codes:
            continue
        labels = [names[key.field].get(code, code) for code in codes[:DESCRIBE_VALUES]]
        text = ", ".join(labels)
        more = len(codes) - DESCRIBE_VALUES
        if more > 0:
            text += f" et {more} autre{'s' if more > 1 else ''}"
        parts.append(f"{key.singular if len(codes) == 1 else key.plural} : {text}")
    if f.annee_min is not None and f.annee_max is not None:
        years = str(f.annee_min) if f.annee_min == f.annee_max else f"de {f.annee_min} à {f.annee_max}"
        parts.append(f"Années : {years}")
    elif f.annee_min is not None:
        parts.append(f"Années : à partir de {f.annee_min}")
    elif f.annee_max is not None:
        parts.append(f"Années : jusqu'à {f.annee_max}")
    return " · ".join(parts) if parts else "Aucun filtre"
