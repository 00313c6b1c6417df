"""The empty import template ("modèle"): an XLSX with the columns and a sheet explaining them."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Alignment, Font

from observatoire.schema import COLUMNS, DISPOSITIFS_SEPARATOR, NOMENCLATURES

SHEET_NAMES = {"acteurs": "Acteurs", "projets": "Projets"}
NOTICE_SHEET = "Notice"
NOTICE_HEADER = ["Colonne", "Obligatoire", "Contenu attendu", "Codes acceptés (code : libellé)"]

# column -> (required, what to write)
DESCRIPTIONS = {
    "id": ("non", "Identifiant unique de la ligne (texte libre). Vide : généré à partir du nom, "
                  "de la commune et du SIRET, identique d'un import à l'autre."),
    "nom": ("oui", "Nom de la structure."),
    "titre": ("oui", "Titre du projet."),
    "type_acteur": ("non", "Type d'acteur : un code ci-contre (ou son libellé)."),
    "forme_juridique": ("non", "Forme juridique : un code ci-contre (ou son libellé)."),
    "secteur": ("non", "Secteur d'activité : un code ci-contre (ou son libellé)."),
    "code_commune": ("oui, ou les coordonnées",
                     "Code INSEE de la commune (5 caractères, 01001), pas le code postal. "
                     "Vide avec des coordonnées vides : ligne gardée « non localisée »."),
    "latitude": ("non", "Latitude en degrés décimaux (45,764 ou 45.764), WGS84."),
    "longitude": ("non", "Longitude en degrés décimaux (4,8357), WGS84."),
    "emplois": ("non", "Nombre d'emplois (entier positif)."),
    "annee_creation": ("non", "Année de création (1800 à l'année en cours) ou une date."),
    "annee_fermeture": ("non", "Année de fermeture ou de dissolution, si la structure a fermé "
                               "(pas avant sa création) ; vide : en activité. Un acteur fermé "
                               "ne compte plus que dans l'Évolution et les années passées."),
    "dispositifs": ("non", f"Dispositifs d'accompagnement, séparés par « {DISPOSITIFS_SEPARATOR} »,"
                           " « ; » ou « , »."),
    "siret": ("non", "SIRET à 14 chiffres (identifie la structure lors d'une fusion)."),
    "site_web": ("non", "Adresse du site internet."),
    "source": ("non", "D'où vient l'information. Vide : « import : nom du fichier »."),
    "porteur_id": ("non", "Identifiant (colonne id) de l'acteur porteur, déjà importé."),
    "annee_debut": ("non", "Année de début (1945 à l'année en cours + 5) ou une date."),
    "statut": ("non", "Étape du projet : un code ci-contre (ou son libellé)."),
    "dispositif": ("non", "Dispositif de soutien : un code ci-contre (ou son libellé)."),
    "montant_aide_eur": ("non", "Montant de l'aide en euros (12 500,50 accepté)."),
    "emplois_crees": ("non", "Nombre d'emplois créés (entier positif)."),
    "description": ("non", "Description libre."),
}


def template_xlsx(kind: str) -> bytes:
    """Empty XLSX template of `kind`: a data sheet with the header, then the notice sheet."""
    if kind not in COLUMNS:
        raise ValueError(f"type inconnu : {kind}")
    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = SHEET_NAMES[kind]
    data.append(COLUMNS[kind])
    for cell in data[1]:
        cell.font = Font(bold=True)
        # codes such as 01001 must stay text when typed in Excel
        data.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    for column in ("code_commune", "siret", "id", "porteur_id"):
        if column in COLUMNS[kind]:
            letter = data.cell(row=1, column=COLUMNS[kind].index(column) + 1).column_letter
            for row in range(2, 1002):
                data[f"{letter}{row}"].number_format = "@"
    data.freeze_panes = "A2"
    notice = workbook.create_sheet(NOTICE_SHEET)
    notice.append(NOTICE_HEADER)
    for cell in notice[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS[kind]:
        required, text = DESCRIPTIONS[column]
        codes = NOMENCLATURES.get(column)
        listed = "\n".join(f"{code} : {label}" for code, label in codes.items()) if codes else ""
        notice.append([column, required, text, listed])
    for letter, width in zip("ABCD", (20, 22, 70, 60)):
        notice.column_dimensions[letter].width = width
    for row in notice.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
