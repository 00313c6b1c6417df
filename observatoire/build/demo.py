"""Embedded demonstration dataset: fictitious actors and projects plus the sourced real rows.

`generate()` is a pure, vectorised function of (n_actors, n_projects, seed, communes): the same
arguments always give the same frames. `main()` writes them to data/ as UTF-8 CSV.
Every generated row has source == DEMO_SOURCE; real rows are read from data/reference/
(observatoire.build.reference).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from observatoire import DEMO_DATA_DIR, GEO_DIR
from observatoire.build.reference import real_frames
from observatoire.schema import (
    ACTEURS_COLUMNS,
    DEMO_SOURCE,
    DEPARTEMENTS,
    DISPOSITIFS,
    DISPOSITIFS_SEPARATOR,
    PROJETS_COLUMNS,
    SECTEURS,
    STATUTS_PROJET,
)

DATA_DIR = DEMO_DATA_DIR
DEFAULT_SEED = 84  # INSEE code of the region: any fixed value would do
DEFAULT_ACTORS = 2000
DEFAULT_PROJECTS = 800
LAST_YEAR = 2025  # last creation year of a generated actor
LAST_PROJECT_YEAR = 2026

# Commune weights: population**EXPONENT keeps big cities ahead while small communes still appear;
# on top of that, a share of actors is set aside so that every EPCI gets at least one.
POPULATION_EXPONENT = 0.85
EPCI_FLOOR_SHARE = 0.25  # at most this share of the actors is used for the per-EPCI floor
SAME_COMMUNE_PROJECT_SHARE = 0.7  # others go to another commune of the carrier's EPCI
COORDINATE_DECIMALS = 6
JITTER_ATTEMPTS = 6

SECTOR_CODES = list(SECTEURS)

# --- Actor attributes: (code, weight) tables --------------------------------------------------

TYPE_WEIGHTS = {
    "structure": 0.86,
    "ptce": 0.015,
    "incubateur": 0.015,
    "accompagnement": 0.05,
    "financeur": 0.015,
    "collectivite": 0.03,
    "recherche": 0.015,
}

FORM_WEIGHTS_BY_TYPE = {
    "structure": {
        "association": 0.62,
        "scop": 0.08,
        "scic": 0.06,
        "societe-esus": 0.06,
        "cooperative": 0.04,
        "mutuelle": 0.03,
        "fondation": 0.03,
        "cae": 0.03,
        "societe": 0.03,
        "autre": 0.02,
    },
    "ptce": {"association": 0.75, "scic": 0.2, "autre": 0.05},
    "incubateur": {"association": 0.7, "scic": 0.1, "societe-esus": 0.1, "public": 0.1},
    "accompagnement": {"association": 0.8, "scic": 0.05, "cooperative": 0.05, "public": 0.1},
    "financeur": {"association": 0.45, "fondation": 0.2, "cooperative": 0.15, "public": 0.2},
    "collectivite": {"public": 1.0},
    "recherche": {"public": 0.7, "association": 0.3},
}

SECTOR_WEIGHTS = {
    "action-sociale": 0.15,
    "sante": 0.06,
    "education-formation": 0.08,
    "emploi-insertion": 0.13,
    "alimentation-agriculture": 0.10,
    "environnement-energie": 0.07,
    "economie-circulaire": 0.07,
    "mobilite": 0.04,
    "habitat-logement": 0.05,
    "culture": 0.08,
    "sport-loisirs": 0.06,
    "numerique": 0.03,
    "services-proximite": 0.05,
    "finance-accompagnement": 0.02,
    "autre": 0.01,
}
# Support and funding actors work mostly in finance-accompagnement
SUPPORT_TYPES = ("incubateur", "accompagnement", "financeur")
SUPPORT_SECTOR_SHARE = 0.75
# Some legal forms only make sense in a few sectors
SECTORS_BY_FORM = {
    "mutuelle": {"sante": 0.7, "action-sociale": 0.3},
    "cae": {"emploi-insertion": 0.4, "culture": 0.2, "numerique": 0.2, "services-proximite": 0.2},
}

# Median jobs multiplier by legal form; the base is a log-normal with median ≈ 3
JOBS_FACTOR = {
    "association": 1.0,
    "scop": 2.0,
    "scic": 1.5,
    "cae": 3.0,
    "cooperative": 2.0,
    "mutuelle": 6.0,
    "fondation": 3.0,
    "societe-esus": 1.5,
    "societe": 1.5,
    "public": 4.0,
    "autre": 1.0,
}
VOLUNTEER_ONLY_SHARE = 0.3  # associations with no employee at all
MAX_JOBS = 1500

# Earliest plausible creation year: SCIC exist since the law of 2001, CAE since the mid-1990s
MIN_YEAR_BY_FORM = {"scic": 2002, "cae": 1995, "societe-esus": 1985}
MIN_YEAR_BY_TYPE = {"ptce": 2005, "incubateur": 2000, "collectivite": 1995}
OLD_ACTOR_SHARE = 0.12  # created between 1901 and 1979

# Programmes on actors; "1d-cube" is left out because its existence is unconfirmed.
DISPOSITIF_WEIGHTS = {
    "france-active": 0.22,
    "fse": 0.12,
    "feder": 0.07,
    "alter-incub": 0.08,
    "ronalpia": 0.08,
    "fiso": 0.05,
    "prix-ess": 0.07,
    "premices": 0.05,
    "ptce": 0.07,
    "start-up-de-territoire": 0.04,
    "territoires-innovation": 0.03,
    "interreg": 0.03,
    "autre": 0.09,
}
# These two programmes are documented in the Drôme only; elsewhere they fall back to France Active.
DROME_ONLY_DISPOSITIFS = ("start-up-de-territoire", "territoires-innovation")
DISPOSITIF_COUNT_WEIGHTS = {0: 0.55, 1: 0.35, 2: 0.10}

# --- Project attributes -------------------------------------------------------------------------

CARRIER_WEIGHT_BY_TYPE = {
    "structure": 1.0,
    "ptce": 2.0,
    "incubateur": 0.5,
    "accompagnement": 0.5,
    "financeur": 0.1,
    "collectivite": 0.5,
    "recherche": 0.5,
}
PROJECT_SECTOR_FROM_CARRIER = 0.8
PROJECT_DISPOSITIF_FROM_CARRIER = 0.6
PROJECT_WITHOUT_DISPOSITIF = 0.35
# Median aid (euros) by programme; Alter'Incub is documented at about 10 k€ per project, the FISO
# at about 100 k€ on average.
AID_MEDIAN_EUR = {
    "alter-incub": 10_000,
    "1d-cube": 10_000,
    "fiso": 100_000,
    "ptce": 40_000,
    "ronalpia": 8_000,
    "france-active": 40_000,
    "feder": 120_000,
    "fse": 60_000,
    "interreg": 150_000,
    "start-up-de-territoire": 15_000,
    "territoires-innovation": 150_000,
    "premices": 10_000,
    "prix-ess": 5_000,
    "autre": 20_000,
}
AID_MIN_EUR, AID_MAX_EUR, AID_ROUNDING_EUR = 5_000, 500_000, 500
# Status probabilities by project age in years: (max age, {statut: weight})
STATUS_BY_AGE = [
    (1, {"emergence": 0.35, "incubation": 0.35, "lancement": 0.25, "developpement": 0.05}),
    (4, {"incubation": 0.1, "lancement": 0.3, "developpement": 0.5, "essaimage": 0.03, "arrete": 0.07}),
    (99, {"lancement": 0.05, "developpement": 0.65, "essaimage": 0.15, "arrete": 0.15}),
]

# --- French wording -----------------------------------------------------------------------------

# Five name themes per sector; combined with a commune they make plausible, fictitious names.
NAME_THEMES = {
    "action-sociale": ["Entraide solidaire", "Le Lien social", "Familles solidaires", "Solidarités partagées", "La Main tendue"],
    "sante": ["Santé partagée", "Prévention santé", "Soins solidaires", "Bien vieillir", "Santé de proximité"],
    "education-formation": ["Savoirs partagés", "Apprendre ensemble", "Les Petits Curieux", "Formation solidaire", "L'École buissonnière"],
    "emploi-insertion": ["Tremplin emploi", "Chantiers solidaires", "Passerelle vers l'emploi", "Le Coup de pouce", "Insertion et Territoire"],
    "alimentation-agriculture": ["Les Jardins partagés", "Paniers paysans", "L'Épicerie solidaire", "Terres nourricières", "Les Potagers"],
    "environnement-energie": ["Énergies citoyennes", "Soleil partagé", "Éco-rénovation", "Biodiversité et Territoire", "Watts solidaires"],
    "economie-circulaire": ["La Ressourcerie", "Réemploi solidaire", "Seconde Vie", "L'Atelier de réparation", "Les Objets retrouvés"],
    "mobilite": ["Mobilité solidaire", "Vélos partagés", "Covoiturage rural", "Roues libres", "L'Auto-école sociale"],
    "habitat-logement": ["Habitat partagé", "Toit solidaire", "Logis accompagné", "Rénovation solidaire", "Les Maisons ouvertes"],
    "culture": ["Arts vivants", "La Fabrique culturelle", "Scènes partagées", "Musiques actuelles", "Le Tiers-lieu culturel"],
    "sport-loisirs": ["Sport pour tous", "Loisirs partagés", "Les Sentiers", "Plein air solidaire", "Le Club omnisport"],
    "numerique": ["Numérique solidaire", "Le Fablab", "Inclusion numérique", "Les Ordinateurs solidaires", "Code et Territoire"],
    "services-proximite": ["Services de proximité", "Le Café associatif", "La Conciergerie solidaire", "Le Multiple rural", "Aide et Services"],
    "finance-accompagnement": ["Initiatives solidaires", "Appui aux projets", "Épargne solidaire", "Accompagnement ESS", "Coopérer pour agir"],
    "autre": ["Initiatives citoyennes", "Territoire en transition", "Le Collectif des possibles", "Liens et Territoire", "L'Atelier des idées"],
}
# Name prefix by actor type (types other than "structure") or by legal form (structures)
PREFIX_BY_TYPE = {
    "ptce": "PTCE",
    "incubateur": "Incubateur",
    "accompagnement": "Pôle d'appui",
    "financeur": "Fonds",
    "collectivite": "Cellule ESS intercommunale",
    "recherche": "Laboratoire de recherche-action",
}
PREFIX_BY_FORM = {
    "scop": "SCOP",
    "scic": "SCIC",
    "cae": "CAE",
    "cooperative": "Coopérative",
    "mutuelle": "Mutuelle",
    "fondation": "Fondation",
    "autre": "Groupement",
}
ASSOCIATION_PREFIXES = ["Association", "Collectif", ""]

# Three project kinds per sector: (title, description)
PROJECT_KINDS = {
    "action-sociale": [
        ("Halte-répit pour aidants", "Accueil de jour qui offre un temps de répit aux proches aidants"),
        ("Épicerie sociale et lieu d'écoute", "Épicerie à prix réduits doublée d'un lieu d'écoute et d'orientation"),
        ("Colocation solidaire intergénérationnelle", "Mise en relation de personnes âgées et de jeunes pour un logement partagé"),
    ],
    "sante": [
        ("Centre de santé participatif", "Centre de santé associant habitants et soignants à sa gouvernance"),
        ("Bus de prévention santé", "Tournées de prévention et de dépistage dans les communes éloignées des soins"),
        ("Sport sur ordonnance", "Activité physique adaptée pour des patients atteints de maladies chroniques"),
    ],
    "education-formation": [
        ("École de la deuxième chance rurale", "Formation de jeunes sans diplôme au plus près de leur domicile"),
        ("Ateliers de soutien scolaire", "Accompagnement scolaire gratuit assuré par des bénévoles et des étudiants"),
        ("Formation aux métiers du réemploi", "Parcours de formation qualifiante aux métiers de la réparation"),
    ],
    "emploi-insertion": [
        ("Chantier d'insertion en espaces verts", "Chantier d'insertion qui entretient les espaces naturels communaux"),
        ("Entreprise à but d'emploi", "Embauche de chômeurs de longue durée sur des activités utiles au territoire"),
        ("Plateforme d'emplois partagés", "Groupement d'employeurs qui mutualise des postes entre petites structures"),
    ],
    "alimentation-agriculture": [
        ("Légumerie collective", "Légumerie qui prépare des produits locaux pour la restauration collective"),
        ("Épicerie de producteurs", "Point de vente collectif tenu par des producteurs du territoire"),
        ("Ferme d'insertion maraîchère", "Maraîchage biologique support de parcours d'insertion"),
    ],
    "environnement-energie": [
        ("Centrale solaire citoyenne", "Installation de panneaux photovoltaïques financés par les habitants"),
        ("Rénovation énergétique accompagnée", "Accompagnement des ménages modestes dans la rénovation de leur logement"),
        ("Réseau de chaleur bois local", "Chaufferie collective alimentée par le bois des forêts voisines"),
    ],
    "economie-circulaire": [
        ("Ressourcerie itinérante", "Collecte et revente d'objets de seconde main dans les villages"),
        ("Atelier de réparation partagé", "Atelier où les habitants apprennent à réparer leurs objets"),
        ("Consigne des emballages en verre", "Collecte, lavage et remise en circulation de bouteilles et bocaux"),
    ],
    "mobilite": [
        ("Garage solidaire", "Réparation de véhicules à prix réduits pour des personnes en insertion"),
        ("Transport à la demande associatif", "Trajets assurés par des chauffeurs bénévoles pour les personnes isolées"),
        ("Vélos à assistance électrique en location", "Location longue durée de vélos pour les trajets domicile-travail"),
    ],
    "habitat-logement": [
        ("Habitat participatif", "Construction d'un habitat groupé conçu et géré par ses habitants"),
        ("Foncière solidaire de centre-bourg", "Achat et rénovation de locaux vacants loués à des commerces de proximité"),
        ("Auto-réhabilitation accompagnée", "Chantiers où les occupants rénovent leur logement avec un encadrant"),
    ],
    "culture": [
        ("Tiers-lieu culturel", "Lieu de création et de diffusion ouvert aux artistes et aux habitants"),
        ("Festival de territoire", "Festival itinérant qui programme des artistes dans les villages"),
        ("Résidences d'artistes en milieu rural", "Accueil d'artistes en résidence avec des ateliers pour les habitants"),
    ],
    "sport-loisirs": [
        ("Sport adapté pour tous", "Activités sportives adaptées aux personnes en situation de handicap"),
        ("Base de loisirs solidaire", "Séjours et loisirs de plein air à prix réduits pour les familles"),
        ("Sentiers accessibles", "Aménagement de sentiers de randonnée accessibles à tous"),
    ],
    "numerique": [
        ("Médiation numérique itinérante", "Permanences d'aide aux démarches en ligne dans les mairies"),
        ("Reconditionnement d'ordinateurs", "Reconditionnement de matériel informatique pour des foyers modestes"),
        ("Fablab de territoire", "Atelier de fabrication numérique ouvert aux habitants et aux entreprises"),
    ],
    "services-proximite": [
        ("Commerce multiservice coopératif", "Dernier commerce du village repris en coopérative par ses clients"),
        ("Conciergerie solidaire", "Services du quotidien rendus par des salariés en insertion"),
        ("Café associatif", "Café géré par des bénévoles, lieu de rencontre et d'activités"),
    ],
    "finance-accompagnement": [
        ("Fonds de prêts d'honneur solidaire", "Prêts sans intérêt pour des créateurs d'activité éloignés du crédit"),
        ("Programme d'incubation rurale", "Accompagnement de porteurs de projets d'utilité sociale en milieu rural"),
        ("Club d'épargne citoyenne", "Épargne de proximité investie dans des entreprises locales"),
    ],
    "autre": [
        ("Maison des initiatives citoyennes", "Lieu d'appui aux initiatives des habitants"),
        ("Coopération entre entreprises locales", "Mutualisation de moyens entre petites entreprises du territoire"),
        ("Observatoire local des besoins sociaux", "Diagnostic partagé des besoins sociaux avec les habitants"),
    ],
}

VOWELS = tuple("AEIOUYÂÉÈÊÎÔ")


def of_place(name: str) -> str:
    """French "de <commune>" with elision and contraction (du, des, d')."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name.startswith(VOWELS):
        return "d'" + name
    return "de " + name


def at_place(name: str) -> str:
    """French "à <commune>" with contraction (au, aux)."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


# --- Sampling helpers ---------------------------------------------------------------------------


def _probabilities(weights: dict) -> tuple[list, np.ndarray]:
    keys = list(weights)
    values = np.array([weights[k] for k in keys], dtype=float)
    return keys, values / values.sum()


def _choice(rng: np.random.Generator, weights: dict, size: int) -> np.ndarray:
    keys, p = _probabilities(weights)
    return np.asarray(keys, dtype=object)[rng.choice(len(keys), size=size, p=p)]


def _conditional_choice(rng, table: dict, condition: np.ndarray) -> np.ndarray:
    """Draw from table[condition value] row by row, vectorised through a cumulative matrix."""
    outcomes = sorted({k for weights in table.values() for k in weights})
    conditions = list(table)
    matrix = np.array([[table[c].get(o, 0.0) for o in outcomes] for c in conditions], dtype=float)
    cumulative = np.cumsum(matrix / matrix.sum(axis=1, keepdims=True), axis=1)
    rows = pd.Index(conditions).get_indexer(condition)
    u = rng.random(len(condition))
    picked = (u[:, None] >= cumulative[rows]).sum(axis=1)
    return np.asarray(outcomes, dtype=object)[np.minimum(picked, len(outcomes) - 1)]


def _sample_within_groups(rng, group_start, group_stop, cumulative, groups) -> np.ndarray:
    """For each requested group, one index in [start, stop) drawn with the group's weights."""
    start, stop = group_start[groups], group_stop[groups]
    low = np.where(start > 0, cumulative[np.maximum(start - 1, 0)], 0.0)
    high = cumulative[stop - 1]
    target = low + rng.random(len(groups)) * (high - low)
    return np.clip(np.searchsorted(cumulative, target, side="right"), start, stop - 1)


# --- Communes -----------------------------------------------------------------------------------


def load_communes(geo_dir: Path = GEO_DIR):
    """Current communes (GeoDataFrame) sorted by code, so the file's row order never matters."""
    import geopandas

    communes = geopandas.read_parquet(Path(geo_dir) / "communes.parquet")
    return communes.sort_values("code", kind="stable").reset_index(drop=True)


class _CommuneTable:
    """Commune arrays grouped by EPCI, ready for vectorised sampling."""

    def __init__(self, communes):
        frame = communes.copy()
        # a commune without EPCI forms its own group
        frame["group"] = frame["code_epci"].fillna("").astype(str)
        frame.loc[frame["group"] == "", "group"] = "commune-" + frame["code"]
        frame = frame.sort_values(["group", "code"], kind="stable").reset_index(drop=True)
        self.frame = frame
        self.codes = frame["code"].to_numpy(dtype=object)
        self.names = frame["nom"].to_numpy(dtype=object)
        self.departements = frame["code_departement"].to_numpy(dtype=object)
        self.longitude = frame["longitude"].to_numpy(dtype=float)
        self.latitude = frame["latitude"].to_numpy(dtype=float)
        self.geometries = frame.geometry.to_numpy()
        shapely.prepare(self.geometries)
        bounds = shapely.bounds(self.geometries)
        self.extent = np.minimum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
        population = frame["population"].to_numpy(dtype=float)
        self.weights = np.maximum(population, 1.0) ** POPULATION_EXPONENT
        self.cumulative = np.cumsum(self.weights)
        group_codes, self.group_of = np.unique(frame["group"].to_numpy(dtype=str), return_inverse=True)
        self.n_groups = len(group_codes)
        self.group_start = np.searchsorted(self.group_of, np.arange(self.n_groups), side="left")
        self.group_stop = np.searchsorted(self.group_of, np.arange(self.n_groups), side="right")
        self.of_names = np.array([of_place(n) for n in self.names], dtype=object)
        self.at_names = np.array([at_place(n) for n in self.names], dtype=object)

    def sample(self, rng, size: int) -> np.ndarray:
        """Commune indices weighted by population**POPULATION_EXPONENT."""
        target = rng.random(size) * self.cumulative[-1]
        return np.minimum(np.searchsorted(self.cumulative, target, side="right"), len(self.codes) - 1)

    def sample_in_groups(self, rng, groups: np.ndarray) -> np.ndarray:
        """One weighted commune index inside each given EPCI group."""
        return _sample_within_groups(rng, self.group_start, self.group_stop, self.cumulative, groups)

    def jittered_points(self, rng, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points near each commune's representative point, kept inside its polygon."""
        lon = self.longitude[idx].copy()
        lat = self.latitude[idx].copy()
        todo = np.arange(len(idx))
        scale = 0.15 * self.extent[idx]
        for attempt in range(JITTER_ATTEMPTS):
            if not len(todo):
                break
            spread = scale[todo] / (2**attempt)
            x = np.round(self.longitude[idx[todo]] + rng.normal(0, 1, len(todo)) * spread, COORDINATE_DECIMALS)
            y = np.round(self.latitude[idx[todo]] + rng.normal(0, 1, len(todo)) * spread, COORDINATE_DECIMALS)
            inside = shapely.contains_xy(self.geometries[idx[todo]], x, y)
            lon[todo[inside]], lat[todo[inside]] = x[inside], y[inside]
            todo = todo[~inside]
        # whatever is left stays on the representative point, which lies inside by construction
        return lon, lat


# --- Generation ---------------------------------------------------------------------------------


def _years(rng, n: int, forms: np.ndarray, types: np.ndarray) -> np.ndarray:
    recent = LAST_YEAR - np.floor(rng.exponential(14.0, n)).astype(int)
    old = rng.integers(1901, 1980, n)
    years = np.where(rng.random(n) < OLD_ACTOR_SHARE, old, np.maximum(recent, 1980))
    minimum = np.full(n, 1901)
    for form, year in MIN_YEAR_BY_FORM.items():
        minimum[forms == form] = year
    for type_, year in MIN_YEAR_BY_TYPE.items():
        minimum[types == type_] = np.maximum(minimum[types == type_], year)
    too_early = years < minimum
    # redraw uniformly after the minimum rather than piling rows up on it
    years[too_early] = minimum[too_early] + np.floor(
        rng.random(too_early.sum()) * (LAST_YEAR + 1 - minimum[too_early])
    ).astype(int)
    return years


def _jobs(rng, n: int, forms: np.ndarray, types: np.ndarray) -> np.ndarray:
    factor = pd.Series(forms).map(JOBS_FACTOR).fillna(1.0).to_numpy(dtype=float)
    jobs = np.floor(rng.lognormal(mean=1.1, sigma=1.25, size=n) * factor).astype(int)
    volunteers = (forms == "association") & (types == "structure") & (rng.random(n) < VOLUNTEER_ONLY_SHARE)
    jobs[volunteers] = 0
    return np.clip(jobs, 0, MAX_JOBS)


def _actor_dispositifs(rng, n: int, departements: np.ndarray) -> np.ndarray:
    counts = _choice(rng, DISPOSITIF_COUNT_WEIGHTS, n).astype(int)
    first = _choice(rng, DISPOSITIF_WEIGHTS, n)
    second = _choice(rng, DISPOSITIF_WEIGHTS, n)
    outside_drome = departements != "26"
    for column in (first, second):
        column[np.isin(column, DROME_ONLY_DISPOSITIFS) & outside_drome] = "france-active"
    # codes are listed in nomenclature order so the same set always reads the same
    order = {code: i for i, code in enumerate(DISPOSITIFS)}
    rank_first = pd.Series(first).map(order).to_numpy()
    rank_second = pd.Series(second).map(order).to_numpy()
    low = np.where(rank_first <= rank_second, first, second)
    high = np.where(rank_first <= rank_second, second, first)
    pair = np.where(low == high, low, low + DISPOSITIFS_SEPARATOR + high)
    return np.select([counts == 0, counts == 1], ["", first], default=pair).astype(object)


def _numbered_ids(prefix: str, n: int) -> np.ndarray:
    width = max(5, len(str(n)))
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width)).astype(object)


def _deduplicate(names: pd.Series) -> pd.Series:
    """Append " (2)", " (3)"... to repeated names, in row order."""
    rank = names.groupby(names, sort=False).cumcount()
    return names.where(rank == 0, names + " (" + (rank + 1).astype(str) + ")")


def _generate_actors(rng, table: _CommuneTable, n: int) -> tuple[pd.DataFrame, np.ndarray]:
    n_floor = min(table.n_groups, int(n * EPCI_FLOOR_SHARE))
    floor_groups = np.sort(rng.permutation(table.n_groups)[:n_floor])
    commune = np.concatenate(
        [table.sample_in_groups(rng, floor_groups), table.sample(rng, n - n_floor)]
    )
    # shuffle so the per-EPCI floor does not fill the first ids
    commune = commune[rng.permutation(n)]

    types = _choice(rng, TYPE_WEIGHTS, n)
    forms = _conditional_choice(rng, FORM_WEIGHTS_BY_TYPE, types)
    sectors = _choice(rng, SECTOR_WEIGHTS, n)
    support = np.isin(types, SUPPORT_TYPES) & (rng.random(n) < SUPPORT_SECTOR_SHARE)
    sectors[support] = "finance-accompagnement"
    for form, weights in SECTORS_BY_FORM.items():
        mask = forms == form
        sectors[mask] = _choice(rng, weights, int(mask.sum()))

    theme_rank = rng.integers(0, 5, n)
    sector_index = pd.Index(SECTOR_CODES).get_indexer(sectors)
    themes = np.array([NAME_THEMES[s] for s in SECTOR_CODES], dtype=object)[sector_index, theme_rank]
    prefix = pd.Series(forms).map(PREFIX_BY_FORM).fillna("").to_numpy(dtype=object)
    association = forms == "association"
    prefix[association] = np.asarray(ASSOCIATION_PREFIXES, dtype=object)[
        rng.integers(0, len(ASSOCIATION_PREFIXES), int(association.sum()))
    ]
    by_type = pd.Series(types).map(PREFIX_BY_TYPE)
    prefix = np.where(by_type.notna(), by_type.fillna("").to_numpy(dtype=object), prefix)
    collectivite = types == "collectivite"
    names = pd.Series(prefix + " " + themes + " " + table.of_names[commune], dtype=object)
    names[collectivite] = prefix[collectivite] + " " + table.of_names[commune[collectivite]]
    names = _deduplicate(names.str.strip())

    longitude, latitude = table.jittered_points(rng, commune)
    departements = table.departements[commune]
    return pd.DataFrame(
        {
            "id": _numbered_ids("A", n),
            "nom": names.to_numpy(dtype=object),
            "type_acteur": types,
            "forme_juridique": forms,
            "secteur": sectors,
            "code_commune": table.codes[commune],
            "latitude": latitude,
            "longitude": longitude,
            "emplois": pd.array(_jobs(rng, n, forms, types), dtype="Int64"),
            "annee_creation": pd.array(_years(rng, n, forms, types), dtype="Int64"),
            # invented actors never close: the demo's stock only grows
            "annee_fermeture": pd.array([pd.NA] * n, dtype="Int64"),
            "dispositifs": _actor_dispositifs(rng, n, departements),
            "siret": "",
            "site_web": "",
            "source": DEMO_SOURCE,
        }
    ), commune


def _generate_projects(rng, table: _CommuneTable, actors: pd.DataFrame, actor_commune, m: int):
    n = len(actors)
    carrier_weight = actors["type_acteur"].map(CARRIER_WEIGHT_BY_TYPE).to_numpy(dtype=float)
    carrier = rng.choice(n, size=m, p=carrier_weight / carrier_weight.sum())
    carrier_commune = actor_commune[carrier]
    elsewhere = rng.random(m) >= SAME_COMMUNE_PROJECT_SHARE
    commune = carrier_commune.copy()
    commune[elsewhere] = table.sample_in_groups(rng, table.group_of[carrier_commune[elsewhere]])

    sectors = actors["secteur"].to_numpy(dtype=object)[carrier].copy()
    redraw = rng.random(m) >= PROJECT_SECTOR_FROM_CARRIER
    sectors[redraw] = _choice(rng, SECTOR_WEIGHTS, int(redraw.sum()))

    created = actors["annee_creation"].to_numpy(dtype=int)[carrier]
    first_year = np.maximum(created, 2010)
    years = first_year + np.floor(rng.random(m) * (LAST_PROJECT_YEAR + 1 - first_year)).astype(int)
    age = LAST_PROJECT_YEAR - years
    bucket = np.searchsorted([limit for limit, _ in STATUS_BY_AGE], age, side="left")
    statuses = _conditional_choice(rng, dict(enumerate(w for _, w in STATUS_BY_AGE)), bucket)

    carrier_codes = actors["dispositifs"].to_numpy(dtype=object)[carrier]
    carrier_first = pd.Series(carrier_codes).str.split(DISPOSITIFS_SEPARATOR).str[0].to_numpy(dtype=object)
    dispositif = _choice(rng, DISPOSITIF_WEIGHTS, m)
    outside_drome = table.departements[commune] != "26"
    dispositif[np.isin(dispositif, DROME_ONLY_DISPOSITIFS) & outside_drome] = "france-active"
    dispositif[rng.random(m) < PROJECT_WITHOUT_DISPOSITIF] = ""
    inherit = (carrier_codes != "") & (rng.random(m) < PROJECT_DISPOSITIF_FROM_CARRIER)
    dispositif[inherit] = carrier_first[inherit]

    median = pd.Series(dispositif).map(AID_MEDIAN_EUR).to_numpy(dtype=float)
    raw_aid = median * rng.lognormal(0.0, 0.6, m)
    aid = np.round(np.clip(raw_aid, AID_MIN_EUR, AID_MAX_EUR) / AID_ROUNDING_EUR) * AID_ROUNDING_EUR
    aid = pd.array(np.where(dispositif == "", np.nan, aid), dtype="Int64")

    jobs = np.floor(rng.lognormal(0.5, 0.9, m)).astype(float)
    jobs[statuses == "emergence"] = np.where(rng.random(int((statuses == "emergence").sum())) < 0.5, np.nan, 0)
    jobs = pd.array(np.minimum(jobs, 80), dtype="Int64")

    kind = rng.integers(0, 3, m)
    sector_index = pd.Index(SECTOR_CODES).get_indexer(sectors)
    kinds = np.empty((len(SECTOR_CODES), 3, 2), dtype=object)
    for i, code in enumerate(SECTOR_CODES):
        for j, (title, description) in enumerate(PROJECT_KINDS[code]):
            kinds[i, j] = (title, description)
    titles = kinds[sector_index, kind, 0] + " " + table.at_names[commune]
    descriptions = kinds[sector_index, kind, 1] + ", " + table.at_names[commune] + " et alentours."

    return pd.DataFrame(
        {
            "id": _numbered_ids("P", m),
            "titre": titles,
            "porteur_id": actors["id"].to_numpy(dtype=object)[carrier],
            "secteur": sectors,
            "code_commune": table.codes[commune],
            "annee_debut": pd.array(years, dtype="Int64"),
            "statut": statuses,
            "dispositif": dispositif,
            "montant_aide_eur": aid,
            "emplois_crees": jobs,
            "description": descriptions,
            "source": DEMO_SOURCE,
        }
    )


def generate(
    n_actors: int = DEFAULT_ACTORS,
    n_projects: int = DEFAULT_PROJECTS,
    seed: int = DEFAULT_SEED,
    communes=None,
    include_real: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Demo (acteurs, projets): the real rows first, then n_actors / n_projects generated rows."""
    if communes is None:
        communes = load_communes()
    communes = communes.sort_values("code", kind="stable").reset_index(drop=True)
    table = _CommuneTable(communes)
    rng = np.random.default_rng(seed)
    actors, actor_commune = _generate_actors(rng, table, n_actors)
    # invented projects are only ever carried by invented actors
    projects = _generate_projects(rng, table, actors, actor_commune, n_projects) if n_actors else None
    if projects is None:
        projects = pd.DataFrame(columns=PROJETS_COLUMNS)
    if include_real:
        real_actors, real_projects = real_frames()
        # the demo writes whole euros ("5000", not "5000.0"): real amounts follow that column
        real_projects = real_projects.astype({"montant_aide_eur": projects["montant_aide_eur"].dtype})
        actors = pd.concat([real_actors, actors], ignore_index=True)
        projects = pd.concat([real_projects, projects], ignore_index=True)
    return actors[ACTEURS_COLUMNS], projects[PROJETS_COLUMNS]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV bytes, `,` separator, `\\n` line endings, empty cells for missing values."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write(actors: pd.DataFrame, projects: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write acteurs.csv and projets.csv into out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "acteurs.csv", out_dir / "projets.csv"]
    for path, frame in zip(paths, (actors, projects)):
        path.write_bytes(to_csv_bytes(frame))
    return paths


def summary(actors: pd.DataFrame, projects: pd.DataFrame, communes) -> str:
    """French one-screen summary: counts per territory and per sector."""
    territory = actors["code_commune"].map(communes.set_index("code")["code_departement"])
    lines = [f"{len(actors)} acteurs, {len(projects)} projets", "", "Acteurs par territoire :"]
    counts = territory.value_counts()
    lines += [f"  {code:<4} {label:<20} {counts.get(code, 0):>6}" for code, label in DEPARTEMENTS.items()]
    lines.append(f"  non localisés            {int(territory.isna().sum()):>6}")
    lines += ["", "Acteurs par secteur :"]
    counts = actors["secteur"].value_counts()
    lines += [f"  {label:<28} {counts.get(code, 0):>6}" for code, label in SECTEURS.items()]
    counts = projects["statut"].value_counts()
    lines += ["", "Projets par statut :"]
    lines += [f"  {label:<28} {counts.get(code, 0):>6}" for code, label in STATUTS_PROJET.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m observatoire demo`: rewrite data/acteurs.csv and data/projets.csv."""
    parser = argparse.ArgumentParser(
        prog="python -m observatoire demo",
        description="Régénère le jeu de démonstration (acteurs fictifs et acteurs réels sourcés).",
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="dossier de sortie (défaut : data/)")
    parser.add_argument("--actors", type=int, default=DEFAULT_ACTORS, help="nombre d'acteurs fictifs")
    parser.add_argument("--projects", type=int, default=DEFAULT_PROJECTS, help="nombre de projets fictifs")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="graine du générateur")
    parser.add_argument("--geo", type=Path, default=GEO_DIR, help="dossier du référentiel (communes.parquet)")
    args = parser.parse_args(argv)
    if args.actors < 0 or args.projects < 0:
        parser.error("les nombres d'acteurs et de projets doivent être positifs")
    if args.projects and not args.actors:
        parser.error("des projets fictifs demandent au moins un acteur fictif")
    if not (args.geo / "communes.parquet").exists():
        print(
            f"Référentiel introuvable : {args.geo / 'communes.parquet'} "
            "(lancez d'abord python -m observatoire build-geo)",
            file=sys.stderr,
        )
        return 1
    started = time.perf_counter()
    communes = load_communes(args.geo)
    actors, projects = generate(args.actors, args.projects, args.seed, communes=communes)
    paths = write(actors, projects, args.out)
    print(summary(actors, projects, communes))
    print(f"\nÉcrit : {', '.join(str(p) for p in paths)} en {time.perf_counter() - started:.1f} s")
    return 0
