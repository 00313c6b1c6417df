"""Column names and nomenclatures of the two datasets: named once, used everywhere.

Codes are what the files hold; labels are what people read. Codes may be added, never removed.
"""

from __future__ import annotations

import datetime as dt

# --- Territories -------------------------------------------------------------------------

REGION_CODE = "84"
REGION_NAME = "Auvergne-Rhône-Alpes"

# The 13 territories shown as "départements": the Métropole de Lyon (69M) apart from the Rhône (69D).
DEPARTEMENTS = {
    "01": "Ain",
    "03": "Allier",
    "07": "Ardèche",
    "15": "Cantal",
    "26": "Drôme",
    "38": "Isère",
    "42": "Loire",
    "43": "Haute-Loire",
    "63": "Puy-de-Dôme",
    "69D": "Rhône",
    "69M": "Métropole de Lyon",
    "73": "Savoie",
    "74": "Haute-Savoie",
}
# INSEE département prefixes of AURA communes (69 covers both 69D and 69M)
INSEE_DEPARTEMENTS = ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74")
METROPOLE_LYON_EPCI = "200046977"

# --- Nomenclatures -----------------------------------------------------------------------

SECTEURS = {
    "action-sociale": "Action sociale",
    "sante": "Santé",
    "education-formation": "Éducation et formation",
    "emploi-insertion": "Emploi et insertion",
    "alimentation-agriculture": "Alimentation et agriculture",
    "environnement-energie": "Environnement et énergie",
    "economie-circulaire": "Économie circulaire",
    "mobilite": "Mobilité",
    "habitat-logement": "Habitat et logement",
    "culture": "Culture",
    "sport-loisirs": "Sport et loisirs",
    "numerique": "Numérique",
    "services-proximite": "Services de proximité",
    "finance-accompagnement": "Finance et accompagnement",
    "autre": "Autre",
}

TYPES_ACTEUR = {
    "structure": "Structure de l'ESS",
    "ptce": "Pôle territorial de coopération économique (PTCE)",
    "incubateur": "Incubateur",
    "accompagnement": "Réseau d'accompagnement, tête de réseau",
    "financeur": "Financeur",
    "collectivite": "Collectivité",
    "recherche": "Recherche",
}

FORMES_JURIDIQUES = {
    "association": "Association",
    "scop": "SCOP",
    "scic": "SCIC",
    "cae": "Coopérative d'activité et d'emploi (CAE)",
    "cooperative": "Autre coopérative",
    "mutuelle": "Mutuelle",
    "fondation": "Fondation",
    "societe-esus": "Société agréée ESUS",
    "societe": "Société commerciale",
    "public": "Établissement ou organisme public",
    "autre": "Autre",
}

STATUTS_PROJET = {
    "emergence": "Émergence",
    "incubation": "Incubation",
    "lancement": "Lancement",
    "developpement": "Développement",
    "essaimage": "Essaimage",
    "arrete": "Arrêté",
}

DISPOSITIFS = {
    "alter-incub": "Alter'Incub (incubateur de l'URSCOP)",
    "1d-cube": "1D CUBE",
    "fiso": "FISO – Fonds d'innovation sociale",
    "ptce": "Pôle territorial de coopération économique",
    "ronalpia": "Ronalpia",
    "france-active": "France Active",
    "feder": "FEDER (fonds européen de développement régional)",
    "fse": "FSE+ (fonds social européen)",
    "interreg": "Interreg (coopération européenne)",
    "start-up-de-territoire": "Start-up de territoire",
    "territoires-innovation": "Territoires d'innovation (PIA)",
    "premices": "Prémices (URSCOP)",
    "prix-ess": "Prix de l'ESS (CRESS)",
    "autre": "Autre",
}

# The families the ESS is counted by (CRESS, ESS France, INSEE), derived from the legal form.
# Every other form, or none, is "hors familles de l'ESS": shown as such, never hidden.
FAMILLES = {
    "associations": "Associations",
    "cooperatives": "Coopératives",
    "mutuelles": "Mutuelles",
    "fondations": "Fondations",
    "societes-ess": "Sociétés commerciales de l'ESS",
}
HORS_FAMILLES = "hors-familles"
FAMILLES_ET_HORS = {**FAMILLES, HORS_FAMILLES: "Hors familles de l'ESS"}
FAMILLE_DE_FORME = {
    "association": "associations",
    "scop": "cooperatives",
    "scic": "cooperatives",
    "cae": "cooperatives",
    "cooperative": "cooperatives",
    "mutuelle": "mutuelles",
    "fondation": "fondations",
    "societe-esus": "societes-ess",
}


NOMENCLATURES = {
    "secteur": SECTEURS,
    "type_acteur": TYPES_ACTEUR,
    "forme_juridique": FORMES_JURIDIQUES,
    "statut": STATUTS_PROJET,
    "dispositifs": DISPOSITIFS,
    "dispositif": DISPOSITIFS,
    "famille": FAMILLES_ET_HORS,
}

DISPOSITIFS_SEPARATOR = "|"

# --- Columns -----------------------------------------------------------------------------

ACTEURS_COLUMNS = [
    "id",
    "nom",
    "type_acteur",
    "forme_juridique",
    "secteur",
    "code_commune",
    "latitude",
    "longitude",
    "emplois",
    "annee_creation",
    "annee_fermeture",
    "dispositifs",
    "siret",
    "site_web",
    "source",
]

PROJETS_COLUMNS = [
    "id",
    "titre",
    "porteur_id",
    "secteur",
    "code_commune",
    "annee_debut",
    "statut",
    "dispositif",
    "montant_aide_eur",
    "emplois_crees",
    "description",
    "source",
]

COLUMNS = {"acteurs": ACTEURS_COLUMNS, "projets": PROJETS_COLUMNS}
# Columns added after the first files and databases were written: a canonical file or a stored
# version without them is read with the column empty (an actor without a closure year is open).
ADDED_COLUMNS = {"annee_fermeture"}

# Value of `source` on every generated (invented) row
# Plausible years: creation of an actor (some mutuals and foundations are that old), start of a
# project (announced up to a few years ahead). Imports, the year filter and links all use these.
FIRST_CREATION_YEAR = 1800
FIRST_PROJECT_YEAR = 1945
PROJECT_YEARS_AHEAD = 5


def current_year() -> int:
    """This year, read once per call so tests can reason about ranges."""
    return dt.date.today().year


def year_range(column: str) -> tuple[int, int]:
    """Plausible (first, last) year for a year column."""
    if column in ("annee_creation", "annee_fermeture"):
        return FIRST_CREATION_YEAR, current_year()
    return FIRST_PROJECT_YEAR, current_year() + PROJECT_YEARS_AHEAD


def filter_year_range() -> tuple[int, int]:
    """The years the year filter spans: every plausible creation or start year."""
    return FIRST_CREATION_YEAR, current_year() + PROJECT_YEARS_AHEAD


DEMO_SOURCE = "démonstration"
