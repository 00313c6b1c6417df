"""Canonical datasets: pandera schemas, typed loading, and row-by-row cleaning of imported tables.

The cleaning never drops a row silently: each one ends up accepted (maybe with warnings) or
rejected with its line number, column and a French reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import pandera.pandas as pa

from observatoire.levels import COMMUNE_CODE
from observatoire.reading import normalize_label
from observatoire.schema import (
    FIRST_CREATION_YEAR,
    FIRST_PROJECT_YEAR,
    PROJECT_YEARS_AHEAD,
    current_year,
    year_range,
    ADDED_COLUMNS,
    COLUMNS,
    DISPOSITIFS,
    DISPOSITIFS_SEPARATOR,
    FORMES_JURIDIQUES,
    INSEE_DEPARTEMENTS,
    REGION_NAME,
    SECTEURS,
    STATUTS_PROJET,
    TYPES_ACTEUR,
)

INTEGER_COLUMNS = {"emplois", "annee_creation", "annee_fermeture", "annee_debut", "emplois_crees"}
FLOAT_COLUMNS = {"latitude", "longitude", "montant_aide_eur"}
NOMENCLATURE_COLUMNS = {
    "type_acteur": TYPES_ACTEUR,
    "forme_juridique": FORMES_JURIDIQUES,
    "secteur": SECTEURS,
    "statut": STATUTS_PROJET,
    "dispositif": DISPOSITIFS,
}
# what a person reads in a reason, per canonical column
COLUMN_LABELS = {
    "id": "identifiant",
    "nom": "nom",
    "titre": "titre",
    "type_acteur": "type d'acteur",
    "forme_juridique": "forme juridique",
    "secteur": "secteur",
    "code_commune": "code commune",
    "latitude": "latitude",
    "longitude": "longitude",
    "emplois": "emplois",
    "annee_creation": "année de création",
    "annee_fermeture": "année de fermeture",
    "annee_debut": "année de début",
    "dispositifs": "dispositif",
    "dispositif": "dispositif",
    "siret": "SIRET",
    "statut": "statut",
    "montant_aide_eur": "montant de l'aide",
    "emplois_crees": "emplois créés",
    "porteur_id": "porteur",
}
REQUIRED_TEXT = {"acteurs": "nom", "projets": "titre"}
ID_PREFIX = {"acteurs": "acteur", "projets": "projet"}

# Bounding box of Auvergne-Rhône-Alpes with a small margin; the exact test is point-in-polygon.
LATITUDE_RANGE = (43.9, 47.0)
LONGITUDE_RANGE = (1.9, 7.3)
DISPOSITIF_INPUT_SEPARATORS = re.compile(r"[|;,]")
CODE_PATTERN = COMMUNE_CODE.pattern
MAX_COUNT = 10_000_000  # jobs of one actor or project; also keeps counts inside Int64


def column_dtype(column: str) -> str:
    """Pandas dtype of a canonical column: codes and text are str, numbers nullable."""
    if column in INTEGER_COLUMNS:
        return "Int64"
    if column in FLOAT_COLUMNS:
        return "Float64"
    return "str"


# --- Schemas -------------------------------------------------------------------------------


def _all_dispositifs_known(series: pd.Series) -> pd.Series:
    return series.map(lambda v: all(p in DISPOSITIFS for p in str(v).split(DISPOSITIFS_SEPARATOR)))


def dataset_schema(kind: str) -> pa.DataFrameSchema:
    """Pandera schema of a canonical dataset (`acteurs` or `projets`), columns in order."""
    first_creation, last_creation = year_range("annee_creation")
    first_start, last_start = year_range("annee_debut")
    in_region = pa.Check(
        lambda s: s.str[:2].isin(INSEE_DEPARTEMENTS), error=f"commune hors {REGION_NAME}"
    )
    code_checks = [pa.Check.str_matches(CODE_PATTERN), in_region]
    columns = {
        "id": pa.Column(str, pa.Check.str_length(min_value=1), unique=True),
        "secteur": pa.Column(str, pa.Check.isin(list(SECTEURS)), nullable=True),
        "source": pa.Column(str, nullable=True),
    }
    if kind == "acteurs":
        columns |= {
            "nom": pa.Column(str, pa.Check.str_length(min_value=1)),
            "type_acteur": pa.Column(str, pa.Check.isin(list(TYPES_ACTEUR)), nullable=True),
            "forme_juridique": pa.Column(
                str, pa.Check.isin(list(FORMES_JURIDIQUES)), nullable=True
            ),
            # an actor whose place is unknown is kept, flagged "non localisé"
            "code_commune": pa.Column(str, code_checks, nullable=True),
            "latitude": pa.Column("Float64", pa.Check.in_range(*LATITUDE_RANGE), nullable=True),
            "longitude": pa.Column("Float64", pa.Check.in_range(*LONGITUDE_RANGE), nullable=True),
            "emplois": pa.Column("Int64", pa.Check.ge(0), nullable=True),
            "annee_creation": pa.Column(
                "Int64", pa.Check.in_range(first_creation, last_creation), nullable=True
            ),
            "annee_fermeture": pa.Column(
                "Int64", pa.Check.in_range(first_creation, last_creation), nullable=True
            ),
            "dispositifs": pa.Column(
                str, pa.Check(_all_dispositifs_known, error="dispositif inconnu"), nullable=True
            ),
            "siret": pa.Column(str, pa.Check.str_matches(r"^\d{14}$"), nullable=True),
            "site_web": pa.Column(str, nullable=True),
        }
    else:
        columns |= {
            "titre": pa.Column(str, pa.Check.str_length(min_value=1)),
            "porteur_id": pa.Column(str, nullable=True),
            # like an actor, a project whose commune is unknown is kept "non localisé"
            "code_commune": pa.Column(str, code_checks, nullable=True),
            "annee_debut": pa.Column(
                "Int64", pa.Check.in_range(first_start, last_start), nullable=True
            ),
            "statut": pa.Column(str, pa.Check.isin(list(STATUTS_PROJET)), nullable=True),
            "dispositif": pa.Column(str, pa.Check.isin(list(DISPOSITIFS)), nullable=True),
            "montant_aide_eur": pa.Column("Float64", pa.Check.ge(0), nullable=True),
            "emplois_crees": pa.Column("Int64", pa.Check.ge(0), nullable=True),
            "description": pa.Column(str, nullable=True),
        }
    ordered = {name: columns[name] for name in COLUMNS[kind]}
    return pa.DataFrameSchema(ordered, strict=True, ordered=True, name=kind)


def schema_problems(frame: pd.DataFrame, kind: str) -> list[str]:
    """French descriptions of every way `frame` breaks the canonical schema (empty if none)."""
    try:
        dataset_schema(kind).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        problems = []
        for row in cases.head(50).itertuples(index=False):
            where = f"colonne « {row.column} »" if row.column else "tableau"
            line = "" if pd.isna(row.index) else f", rang {row.index}"
            problems.append(f"{where}{line} : {row.check} ({row.failure_case})")
        return problems
    return []


def with_added_columns(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The frame with every added column (schema.ADDED_COLUMNS) it lacks, empty: a file written
    before the column existed means what an empty cell means (no closure year: open)."""
    for column in sorted(ADDED_COLUMNS & set(COLUMNS[kind]) - set(frame.columns)):
        frame[column] = pd.Series(pd.NA, index=frame.index, dtype=column_dtype(column))
    return frame


def load_dataset(path: str | Path, kind: str) -> pd.DataFrame:
    """Read a canonical CSV (`acteurs.csv` / `projets.csv`) with its proper dtypes."""
    dtypes = {column: column_dtype(column) for column in COLUMNS[kind]}
    frame = pd.read_csv(
        path, dtype=dtypes, keep_default_na=False, na_values=[""], encoding="utf-8-sig"
    )
    frame = with_added_columns(frame, kind)
    missing = [c for c in COLUMNS[kind] if c not in frame.columns]
    if missing:
        raise ValueError(f"{path} : colonnes manquantes : {', '.join(missing)}")
    return frame[COLUMNS[kind]]


# --- Parsing single values -------------------------------------------------------------------


class ValueProblem(ValueError):
    """A cell that cannot be used; the message is the French reason."""


_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_CURRENCY = re.compile(r"(€|eur|euros?)$", re.IGNORECASE)


def parse_number(text: str) -> float | None:
    """French or English written number ("1 234,5", "1.234,5", "12 500 €") -> float or None."""
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text)
    cleaned = _CURRENCY.sub("", cleaned)
    if not cleaned:
        return None
    if _SCIENTIFIC.match(cleaned):
        return float(cleaned)
    if "," in cleaned and "." in cleaned:
        # the last of the two marks is the decimal one
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(",") > 1:
        cleaned = cleaned.replace(",", "")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")
    if not _PLAIN_NUMBER.match(cleaned):
        raise ValueProblem(f"nombre illisible : « {text} »")
    value = float(cleaned)
    if math.isinf(value) or math.isnan(value):
        raise ValueProblem(f"nombre illisible : « {text} »")
    return value


def parse_count(text: str, column: str) -> int | None:
    """Non-negative whole number (jobs)."""
    value = parse_number(text)
    if value is None:
        return None
    if value < 0:
        raise ValueProblem(f"{COLUMN_LABELS[column]} négatif : « {text} »")
    if not value.is_integer():
        raise ValueProblem(f"{COLUMN_LABELS[column]} : nombre entier attendu, pas « {text} »")
    if value > MAX_COUNT:
        # beyond this the canonical Int64 column cannot hold it; no structure has that many jobs
        raise ValueProblem(f"{COLUMN_LABELS[column]} invraisemblable : « {text[:40]} »")
    return int(value)


def parse_amount(text: str, column: str) -> float | None:
    """Non-negative amount in euros."""
    value = parse_number(text)
    if value is not None and value < 0:
        raise ValueProblem(f"{COLUMN_LABELS[column]} négatif : « {text} »")
    return value


_DATE_ISO = re.compile(r"^(\d{4})-\d{1,2}-\d{1,2}([ T].*)?$")
_DATE_FR = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-](\d{4})$")


def parse_year(text: str, column: str) -> int | None:
    """A year, also taken from a full date (31/12/2015, 2015-12-31), within a plausible range."""
    stripped = text.strip()
    if not stripped:
        return None
    match = _DATE_ISO.match(stripped) or _DATE_FR.match(stripped)
    if match:
        year = int(match.group(1))
    else:
        try:
            value = parse_number(stripped)
        except ValueProblem:
            raise ValueProblem(f"{COLUMN_LABELS[column]} illisible : « {text} »") from None
        if value is None or not value.is_integer():
            raise ValueProblem(f"{COLUMN_LABELS[column]} illisible : « {text} »")
        year = int(value)
    first, last = year_range(column)
    if not first <= year <= last:
        raise ValueProblem(
            f"{COLUMN_LABELS[column]} hors de la plage plausible {first}–{last} : « {text} »"
        )
    return year


def parse_siret(text: str) -> str | None:
    """14-digit SIRET, spaces removed and Excel's scientific notation undone."""
    cleaned = re.sub(r"[\s\u00a0\u202f.]", "", text) if not _SCIENTIFIC.match(text.strip()) else (
        str(int(float(text.strip())))
    )
    if not cleaned:
        return None
    if not re.fullmatch(r"\d{14}", cleaned):
        raise ValueProblem(f"SIRET invalide (14 chiffres attendus) : « {text} »")
    return cleaned


def clean_code_text(text: str) -> str:
    """Undo what spreadsheets do to commune codes (1001, 1001.0, 1.001E+3) before resolution."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if re.fullmatch(r"\d+[.,]0+", cleaned):
        cleaned = re.split(r"[.,]", cleaned)[0]
    elif _SCIENTIFIC.match(cleaned):
        value = float(cleaned)
        if value.is_integer():
            cleaned = str(int(value))
    if re.fullmatch(r"\d{4}", cleaned):
        cleaned = "0" + cleaned  # Excel drops the leading zero of Ain (01) to Ardèche (07)
    return cleaned.upper()


def _nomenclature_lookup(nomenclature: dict[str, str]) -> dict[str, str]:
    """Normalised code, label and label parts -> code; keys claimed by two codes are dropped."""
    candidates: dict[str, set[str]] = {}

    def add(key: str, code: str) -> None:
        key = normalize_label(key)
        if key:
            candidates.setdefault(key, set()).add(code)

    for code, label in nomenclature.items():
        add(code, code)
        add(label, code)
        inside = re.findall(r"\(([^)]*)\)", label)
        add(re.sub(r"\s*\([^)]*\)", "", label), code)
        for part in inside:
            add(part, code)
        for part in re.split(r"\s+[–-]\s+", label):
            add(part, code)
    exact = {normalize_label(code): code for code in nomenclature}
    lookup = {key: next(iter(codes)) for key, codes in candidates.items() if len(codes) == 1}
    return lookup | exact


_LOOKUPS = {column: _nomenclature_lookup(values) for column, values in NOMENCLATURE_COLUMNS.items()}
_LOOKUPS["dispositifs"] = _LOOKUPS["dispositif"]


def parse_nomenclature(text: str, column: str) -> str | None:
    """Code of a nomenclature value given as code, label, or a case/accent variant of either."""
    if not text.strip():
        return None
    code = _LOOKUPS[column].get(normalize_label(text))
    if code is None:
        accepted = ", ".join(NOMENCLATURE_COLUMNS.get(column, DISPOSITIFS))
        raise ValueProblem(
            f"{COLUMN_LABELS[column]} inconnu : « {text.strip()} ». "
            f"Valeurs acceptées : {accepted} (ou leur libellé)"
        )
    return code


def parse_dispositifs(text: str) -> str | None:
    """Several dispositifs separated by | ; or , -> canonical codes joined by |."""
    parts = [p for p in DISPOSITIF_INPUT_SEPARATORS.split(text) if p.strip()]
    if not parts:
        return None
    codes: list[str] = []
    problems = []
    for part in parts:
        try:
            code = parse_nomenclature(part, "dispositifs")
        except ValueProblem as exc:
            problems.append(str(exc))
            continue
        if code not in codes:
            codes.append(code)
    if problems:
        raise ValueProblem(" ; ".join(problems))
    return DISPOSITIFS_SEPARATOR.join(codes)


# --- Row-by-row cleaning -----------------------------------------------------------------------


@dataclass
class Issue:
    """One problem or remark about a line of the file (line None: the whole file)."""

    line: int | None
    column: str | None
    reason: str

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"line": self.line, "column": self.column, "reason": self.reason}


@dataclass
class CleanResult:
    """Outcome of cleaning: the canonical frame of accepted rows and what was said about the rest."""

    frame: pd.DataFrame
    lines: list[int]  # source line of each accepted row
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    rows_unlocated: int = 0


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _generated_id(kind: str, row: dict) -> str:
    """Same content, same id: a re-import of the same file keeps its identifiers."""
    basis = "|".join(
        normalize_label(row.get(c, "")) for c in (REQUIRED_TEXT[kind], "code_commune", "siret")
    )
    return f"{ID_PREFIX[kind]}-{hashlib.sha1(basis.encode('utf-8')).hexdigest()[:10]}"


def _default_territories():
    from observatoire import territories  # loaded on first use: it reads the geo/ layers

    return territories.resolve_communes, territories.locate_points


def clean_rows(
    table: pd.DataFrame,
    lines: list[int],
    kind: str,
    *,
    known_porteurs: set[str] | None = None,
    porteurs_origin: str = "",
    source_label: str | None = None,
    headers: dict[str, str] | None = None,
    overflow: dict[int, int] | None = None,
    resolve: Callable[[pd.Series], pd.DataFrame] | None = None,
    locate: Callable[[pd.Series, pd.Series], pd.Series] | None = None,
) -> CleanResult:
    """Split a table with canonical headers into accepted canonical rows and reasoned rejections.

    `known_porteurs` is the set of actor ids a project may point to (None: no actors dataset);
    `headers` maps canonical names to the file's own headers, used in the reported `column`.
    """
    if resolve is None or locate is None:
        default_resolve, default_locate = _default_territories()
        resolve, locate = resolve or default_resolve, locate or default_locate
    headers = headers or {}
    overflow = overflow or {}
    shown = lambda column: headers.get(column, column)  # noqa: E731 - tiny local helper
    columns = COLUMNS[kind]
    header_width = table.attrs.get("header_width", len(table.columns))
    records = table.to_dict("records")
    result = CleanResult(frame=pd.DataFrame(), lines=[], rows_read=len(records))
    row_errors: list[list[Issue]] = [[] for _ in records]
    row_warnings: list[list[Issue]] = [[] for _ in records]
    values: list[dict] = []

    def fail(i: int, column: str, reason: str) -> None:
        row_errors[i].append(Issue(lines[i], shown(column), reason))

    typed_codes: list[str] = []  # the commune code as the file wrote it, for the remarks
    for i, raw in enumerate(records):
        raw = {k: _text(v) for k, v in raw.items()}
        # projects have no coordinate columns but a file may bring them, to locate the row
        row: dict = {c: None for c in columns} | {"latitude": None, "longitude": None}
        if lines[i] in overflow:
            row_errors[i].append(Issue(
                lines[i], None,
                f"la ligne contient {overflow[lines[i]]} valeurs pour {header_width} colonnes "
                "d'en-tête : séparateur ou guillemets à vérifier",
            ))
        for column in columns:
            text = raw.get(column, "")
            try:
                if column in ("id", "porteur_id"):
                    row[column] = text.strip() or None
                elif column == REQUIRED_TEXT[kind]:
                    if not text.strip():
                        raise ValueProblem(f"{COLUMN_LABELS[column]} vide : il est obligatoire")
                    row[column] = text.strip()
                elif column in NOMENCLATURE_COLUMNS:
                    row[column] = parse_nomenclature(text, column)
                elif column == "dispositifs":
                    row[column] = parse_dispositifs(text)
                elif column in ("emplois", "emplois_crees"):
                    row[column] = parse_count(text, column)
                elif column in ("annee_creation", "annee_fermeture", "annee_debut"):
                    row[column] = parse_year(text, column)
                elif column == "montant_aide_eur":
                    row[column] = parse_amount(text, column)
                elif column == "siret":
                    row[column] = parse_siret(text)
                elif column in ("latitude", "longitude", "code_commune"):
                    pass  # located below, all rows at once
                else:
                    row[column] = text.strip() or None
            except ValueProblem as exc:
                fail(i, column, str(exc))
        # coordinates are read for projects too when the file has them, to locate the row
        for axis, bounds in (("latitude", (-90, 90)), ("longitude", (-180, 180))):
            text = raw.get(axis, "")
            try:
                number = parse_number(text)
            except ValueProblem as exc:
                fail(i, axis, f"{axis} : {exc}")
                continue
            if number is not None and not bounds[0] <= number <= bounds[1]:
                fail(i, axis, f"{axis} impossible : « {text} »")
                continue
            row[axis] = number
        if (row["latitude"] is None) != (row["longitude"] is None):
            missing = "longitude" if row["longitude"] is None else "latitude"
            fail(i, missing, "coordonnées incomplètes : latitude et longitude vont ensemble")
            row["latitude"] = row["longitude"] = None
        row["code_commune"] = clean_code_text(raw.get("code_commune", ""))
        typed_codes.append(raw.get("code_commune", "").strip())
        closed, created = row.get("annee_fermeture"), row.get("annee_creation")
        if closed is not None and created is not None and closed < created:
            fail(i, "annee_fermeture",
                 f"année de fermeture ({closed}) antérieure à l'année de création ({created})")
            row["annee_fermeture"] = None
        if not row["source"] and source_label:
            row["source"] = source_label
        values.append(row)

    natures = _locate_rows(
        values, kind, lines, row_errors, row_warnings, shown, resolve, locate, result
    )
    _note_code_corrections(typed_codes, values, natures, lines, row_errors, row_warnings,
                           shown)
    _check_ids(values, kind, lines, row_errors, row_warnings, shown, table)
    if kind == "projets":
        for i, row in enumerate(values):
            porteur = row["porteur_id"]
            if porteur and (known_porteurs is None or porteur not in known_porteurs):
                where = porteurs_origin or "le jeu d'acteurs actuel"
                if known_porteurs is None:
                    reason = (
                        f"porteur « {porteur} » introuvable : aucun jeu d'acteurs dans {where} ; "
                        "importez d'abord les acteurs ou laissez la case vide"
                    )
                else:
                    reason = (
                        f"porteur « {porteur} » introuvable dans les acteurs actuels ({where}) ; "
                        "importez d'abord cet acteur ou laissez la case vide"
                    )
                fail(i, "porteur_id", reason)

    accepted, accepted_lines = [], []
    for i, row in enumerate(values):
        if row_errors[i]:
            result.errors.extend(row_errors[i])
            result.rows_rejected += 1
            continue
        result.warnings.extend(row_warnings[i])
        if row["code_commune"] is None:
            result.rows_unlocated += 1
        accepted.append({c: row[c] for c in columns})
        accepted_lines.append(lines[i])
    result.frame = to_canonical(pd.DataFrame(accepted, columns=columns), kind)
    result.lines = accepted_lines
    return result


def to_canonical(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Give a frame with canonical column names the canonical order and dtypes."""
    frame = frame.reindex(columns=COLUMNS[kind]).reset_index(drop=True)
    for column in frame.columns:
        dtype = column_dtype(column)
        if dtype == "str":
            texts = [None if pd.isna(v) else str(v) for v in frame[column]]
            frame[column] = pd.Series(texts, dtype="str", index=frame.index)
        else:
            frame[column] = pd.to_numeric(frame[column], errors="raise").astype(dtype)
    return frame


def _locate_rows(values, kind, lines, row_errors, row_warnings, shown, resolve, locate, result):
    """Resolve codes, fall back on coordinates, and reject what lies outside the region;
    return the nature of each resolved code (actuel, ancien, arrondissement…)."""
    codes = pd.Series([row["code_commune"] or "" for row in values], dtype=object)
    resolved = resolve(codes) if len(codes) else pd.DataFrame(columns=["code", "reason"])
    has_point = [row["latitude"] is not None and row["longitude"] is not None for row in values]
    point_rows = [i for i, flag in enumerate(has_point) if flag]
    located: dict[int, str | None] = {}
    if point_rows:
        lon = pd.Series([values[i]["longitude"] for i in point_rows], dtype=float)
        lat = pd.Series([values[i]["latitude"] for i in point_rows], dtype=float)
        found = list(locate(lon, lat))
        located = {i: (None if pd.isna(c) else str(c)) for i, c in zip(point_rows, found)}
    # plain lists: indexing a Series row by row costs more than the whole resolution
    resolved_codes = resolved["code"].tolist()
    resolved_reasons = resolved["reason"].tolist()
    natures = resolved["nature"].tolist() if "nature" in resolved else [None] * len(values)
    for i, row in enumerate(values):
        raw_code = row["code_commune"]
        code = resolved_codes[i]
        code = None if code is None or pd.isna(code) else str(code)
        reason = resolved_reasons[i]
        reason = "" if reason is None or pd.isna(reason) else str(reason)
        point_code = located.get(i)
        if code:
            row["code_commune"] = code
            if has_point[i] and point_code is None:
                row_errors[i].append(Issue(
                    lines[i], shown("latitude"),
                    f"coordonnées hors de la région {REGION_NAME} alors que la commune "
                    f"{code} y est : latitude et longitude inversées ?",
                ))
            elif has_point[i] and point_code != code:
                row_warnings[i].append(Issue(
                    lines[i], shown("latitude"),
                    f"les coordonnées tombent dans la commune {point_code}, pas dans {code} : "
                    "code commune conservé",
                ))
            continue
        row["code_commune"] = None
        if raw_code and "hors de la région" in reason:
            row_errors[i].append(Issue(lines[i], shown("code_commune"), reason))
            continue
        if has_point[i]:
            if point_code:
                row["code_commune"] = point_code
                if raw_code:
                    row_warnings[i].append(Issue(
                        lines[i], shown("code_commune"),
                        f"{reason} ; commune déduite des coordonnées : {point_code}",
                    ))
            else:
                row_errors[i].append(Issue(
                    lines[i], shown("latitude"),
                    f"coordonnées hors de la région {REGION_NAME} "
                    f"({row['latitude']}, {row['longitude']})",
                ))
            continue
        if raw_code:
            row_errors[i].append(Issue(lines[i], shown("code_commune"), reason or "code invalide"))
        else:
            what = "acteur" if kind == "acteurs" else "projet"
            row_warnings[i].append(Issue(
                lines[i], shown("code_commune"),
                f"{what} non localisé : ni code commune ni coordonnées (gardé, compté à part)",
            ))
    if kind != "acteurs":
        for row in values:
            row["latitude"] = row["longitude"] = None
    return natures


# nature of a resolved code (geo/codes_communes.parquet) -> what the remark says was done
_CORRECTIONS = {
    "ancien": "ancien code commune {typed} remplacé par le code actuel {code}",
    "delegue": "code de commune déléguée {typed} rattaché à sa commune nouvelle {code}",
    "associe": "code de commune associée {typed} rattaché à sa commune {code}",
    "arrondissement": "arrondissement {typed} rattaché à sa commune {code} (Lyon compte pour une "
                      "seule commune)",
}


def _note_code_corrections(typed_codes, values, natures, lines, row_errors, row_warnings, shown):
    """Say, line by line, every automatic correction of a commune code (nothing silent)."""
    for i, row in enumerate(values):
        typed, code = typed_codes[i], row["code_commune"]
        if row_errors[i] or not typed or not code:
            continue
        cleaned = clean_code_text(typed)
        nature = natures[i] if i < len(natures) else None
        if nature is None or (isinstance(nature, float) and nature != nature):
            continue  # the code did not resolve: the commune came from the coordinates
        said = []
        if cleaned != typed.upper():
            said.append(f"code commune « {typed} » lu comme {cleaned} (zéro initial ou format "
                         "de tableur rétabli)")
        if nature in _CORRECTIONS and code != cleaned:
            said.append(_CORRECTIONS[nature].format(typed=cleaned, code=code))
        if said:
            row_warnings[i].append(Issue(lines[i], shown("code_commune"), " ; ".join(said)))


def _check_ids(values, kind, lines, row_errors, row_warnings, shown, table):
    """First occurrence of an id wins; missing ids are generated from the row's content."""
    seen: dict[str, int] = {}
    for i, row in enumerate(values):
        if row["id"] is None:
            continue
        if row["id"] in seen:
            row_errors[i].append(Issue(
                lines[i], shown("id"),
                f"identifiant en double : « {row['id']} » déjà utilisé ligne {seen[row['id']]}",
            ))
        else:
            seen[row["id"]] = lines[i]
    has_id_column = "id" in table.columns
    for i, row in enumerate(values):
        if row["id"] is not None:
            continue
        base = _generated_id(kind, {k: v for k, v in row.items() if isinstance(v, str)})
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        row["id"] = candidate
        seen[candidate] = lines[i]
        if has_id_column:
            row_warnings[i].append(Issue(
                lines[i], shown("id"), f"identifiant vide : identifiant généré « {candidate} »"
            ))
