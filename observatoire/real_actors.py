"""Real actors and projects, transcribed from /work/shared/reference/acteurs_reels.md.

Only facts marked ✔ in the reference are kept; a value marked ⚠, "à vérifier" or "—" is left empty
(the row then shows as "non localisé" or "non renseigné"). Each row keeps the reference line it
comes from (`reference`) and the URLs given there; `source` is built from both.
Projects carried by a structure absent from tables A1/A2 get a carrier actor `R-S-Pxx` built from
the same project line, because `porteur_id` must name an actor and a supporting programme
(Ronalpia, Alter'Incub...) is not the carrier.
A project must be located (observatoire.validation rejects an empty project commune), so the
projects whose commune the reference leaves unconfirmed are kept here as data but left out of
projets.csv; their carrier actor is still written, "non localisé".
"""

from __future__ import annotations

import pandas as pd

from observatoire.schema import ACTEURS_COLUMNS, DISPOSITIFS_SEPARATOR, PROJETS_COLUMNS

REFERENCE_FILE = "acteurs_reels.md"

# Where a URL list is long, all URLs of the A1 (identity) and A2 (activity) lines are kept, in order.
REAL_ACTORS: list[dict] = [
    {
        "id": "R-S01",
        "reference": "S01",
        "nom": "Domb'Innov",
        "type_acteur": "ptce",
        "forme_juridique": "",
        "secteur": "emploi-insertion",
        # Trévoux is the commune of the carrying association Val Horizon (code ✔); the pole's own
        # address was not found, so this locates the pole at its carrier.
        "code_commune": "01427",
        "annee_creation": 2009,
        "emplois": None,  # "> 550 salariés" counts the 14 member structures, not the pole
        "dispositifs": ["ptce"],
        "urls": [
            "http://socioeco.org./bdf_fiche-document-4388_fr.html",
            "http://citego.org/bdf_fiche-document-321_fr.html",
            "https://medcoop.fr/linnovation-sociale-en-aura/",
            "https://urbanalternatives.org/map/grenoble/dombinnov-1/details/",
        ],
    },
    {
        "id": "R-S02",
        "reference": "S02",
        "nom": "Val Horizon",
        "type_acteur": "structure",
        "forme_juridique": "association",
        "secteur": "emploi-insertion",
        "code_commune": "01427",
        "annee_creation": 1989,
        "emplois": None,
        "dispositifs": ["ptce"],
        "urls": [
            "http://citego.org/bdf_fiche-document-321_fr.html",
            "http://socioeco.org./bdf_fiche-document-4388_fr.html",
            "http://messimysursaone.fr/index.php/votre-commune/social-environnement/la-recyclerie",
        ],
    },
    {
        "id": "R-S03",
        "reference": "S03",
        "nom": "Groupe Archer",
        "type_acteur": "structure",
        "forme_juridique": "societe",  # SAS « Groupe Archer »
        "secteur": "emploi-insertion",
        "code_commune": "26281",
        "annee_creation": 2007,  # the SAS; the association Archer dates from 1987
        "emplois": None,  # headcounts disagree (500 ETP to 2,200 salariés) depending on year
        "dispositifs": ["ptce", "start-up-de-territoire", "territoires-innovation"],
        "urls": [
            "https://www.archer.fr/le-groupe/histoire",
            "https://www.ecoreseau.fr/entreprendre/en-immersion/le-groupe-archer-entreprise-de-territoire-2015-10-30-4852",
            "https://www.cjd.net/dirigeant/groupe-archer-un-modele-de-proximite-valide-en-temps-de-crise/",
            "https://archive.fse.gouv.fr/fse-mag/avec-start-de-territoire-creons-les-emplois-de-demain?qt-main_menu_last_item=1",
        ],
    },
    {
        "id": "R-S03b",
        "reference": "S03",
        "nom": "Pôle Sud (PTCE du Groupe Archer)",
        "type_acteur": "ptce",
        "forme_juridique": "",
        "secteur": "emploi-insertion",
        "code_commune": "26281",
        "annee_creation": None,  # premises 2007, PTCE label 2013: no single creation year
        "emplois": None,
        "dispositifs": ["ptce"],
        "urls": [
            "https://www.archer.fr/le-groupe/histoire",
            "https://studylibfr.com/doc/6853757/in-it-iat-iv-es",
            "https://medcoop.fr/linnovation-sociale-en-aura/",
        ],
    },
    {
        "id": "R-S04",
        "reference": "S04",
        "nom": "InnoVales",
        "type_acteur": "ptce",
        "forme_juridique": "",
        "secteur": "environnement-energie",
        "code_commune": "",  # head office not found (Haute-Savoie)
        "annee_creation": 2015,
        "emplois": 18,  # 18 ETP in 2024
        "dispositifs": ["ptce"],
        "urls": ["https://groupe-ecomedia.com/innovales-dix-ans-de-cooperation/"],
    },
    {
        "id": "R-S04b",
        "reference": "S04",
        "nom": "1D CUBE (incubateur cité par le livret MEDCOOP)",
        "type_acteur": "incubateur",
        "forme_juridique": "",
        "secteur": "finance-accompagnement",
        "code_commune": "",
        "annee_creation": None,
        "emplois": None,
        "dispositifs": ["1d-cube"],
        "urls": ["https://medcoop.fr/linnovation-sociale-en-aura/"],
        "note": "cité seulement par le livret MEDCOOP comme porté par InnoVales ; "
        "existence et implantation non confirmées (acteurs_reels.md § 4.1)",
    },
    {
        "id": "R-S05",
        "reference": "S05",
        "nom": "FISO – Fonds d'innovation sociale",
        "type_acteur": "financeur",
        "forme_juridique": "public",  # public scheme run by Bpifrance with the regions
        "secteur": "finance-accompagnement",
        "code_commune": "",
        "annee_creation": 2015,  # launched in Rhône-Alpes on 10 Sept. 2015
        "emplois": None,
        "dispositifs": ["fiso"],
        "urls": [
            "https://cyrilkretzschmar.eelv.fr/le-fiso-fonds-dinnovation-sociale-pour-le-changement-dechelle-de-less-en-rhone-alpes",
            "https://banquedesterritoires.fr/le-fonds-dinnovation-sociale-demarre-dans-les-neuf-regions-experimentatrices",
            "https://lagazettefrance.fr/article/le-gouvernement-investit-un-peu-dans-l-e2-80-99innovation-sociale",
            "https://jo.toutelaloi.fr/JORFTEXT000039207634",
        ],
    },
    {
        "id": "R-S06",
        "reference": "S06",
        "nom": "FIRA – Fonds d'innovation Rhône-Alpes",
        "type_acteur": "financeur",
        "forme_juridique": "public",  # regional fund (Région + Bpifrance + FEDER)
        "secteur": "finance-accompagnement",
        "code_commune": "",
        "annee_creation": 2015,
        "emplois": None,
        "dispositifs": ["feder"],
        "urls": [
            "http://www.lyon-entreprises.com/News/L-article-du-jour/Lancement-du-Fonds-d-innovation-Rhone-Alpes-dote-de-68-8-millions-d-euros-i69577.html",
            "http://lejournaldeleco.fr/un-fonds-dinnovation-rhone-alpes-dedie-aux-pme-et-cofinance-par-lunion-europeenne/",
        ],
    },
    {
        "id": "R-S07",
        "reference": "S07",
        "nom": "CRESS Auvergne-Rhône-Alpes",
        "type_acteur": "accompagnement",
        "forme_juridique": "",
        "secteur": "finance-accompagnement",
        "code_commune": "",
        "annee_creation": None,  # 2017 rests on a truncated sentence (⚠)
        "emplois": None,
        "dispositifs": ["prix-ess"],
        "urls": [
            "https://www.cress-aura.org/historique",
            "https://les-aides.fr/actualites/cW8/prix-de-l-ess-synthese.html",
        ],
    },
    {
        "id": "R-S08",
        "reference": "S08",
        "nom": "Aract Auvergne-Rhône-Alpes",
        "type_acteur": "accompagnement",
        "forme_juridique": "association",  # "association paritaire, réseau Anact"
        "secteur": "finance-accompagnement",
        "code_commune": "",
        "annee_creation": None,  # ≈ 1990 is deduced from a 20th anniversary (⚠)
        "emplois": None,
        "dispositifs": [],
        "urls": [
            "http://auvergnerhonealpes.aract.fr/appui-conseil-linnovation-sociale",
            "https://www.info-socialrh.fr/bibliotheque-numerique/entreprise-et-carrieres/997/les-pratiques/le-laboratoire-rhonalpin-de-linnovation-sociale-fete-ses-20-ans-468442.php",
            "https://auvergnerhonealpes.aract.fr/innovation-sociale",
        ],
    },
    {
        "id": "R-S09",
        "reference": "S09",
        "nom": "Union régionale des Scop et Scic Auvergne-Rhône-Alpes (URSCOP AURA)",
        "type_acteur": "accompagnement",
        "forme_juridique": "",
        "secteur": "finance-accompagnement",
        "code_commune": "",  # head office not found; Vaulx-en-Velin and Grenoble are agencies
        "annee_creation": 2017,  # merger voted on 1 June 2017
        "emplois": None,
        "dispositifs": ["alter-incub", "premices"],
        "urls": [
            "https://blogs.mediapart.fr/jean-paul-biolluz/blog/070617/scop-auvergne-rhone-alpes-la-grande-fusion",
            "https://123dok.net/document/qo57jo9j-union-r%C3%A9gionale-des-scop-auvergne-rh%C3%B4ne-alpes.html",
            "https://terre-humanisme.org/expertise-de-terre-humanisme-aux-laureats-du-concours-premices/",
        ],
    },
    {
        "id": "R-S10",
        "reference": "S10",
        "nom": "Alter'Incub Auvergne-Rhône-Alpes",
        "type_acteur": "incubateur",
        "forme_juridique": "",
        "secteur": "finance-accompagnement",
        "code_commune": "",  # hosted by the URSCOP, whose head office is unknown
        "annee_creation": 2011,  # Rhône-Alpes branch, end of 2011
        "emplois": None,
        "dispositifs": ["alter-incub"],
        "urls": [
            "https://slideum.com/doc/4610460/tout-lyon-affiches",
            "https://objectif-languedoc-roussillon.latribune.fr/economie/economie-sociale-et-solidaire/2017-12-04/l-incubateur-alter-incub-fete-ses-10-ans-760361.html",
            "http://lebercailpaysan.fr/2019/12/nous-sommes-entres-en-preincubation",
        ],
    },
    {
        "id": "R-S11",
        "reference": "S11",
        "nom": "Ronalpia",
        "type_acteur": "incubateur",
        "forme_juridique": "association",
        "secteur": "finance-accompagnement",
        "code_commune": "69123",  # Lyon ✔ (place of creation); current address not checked
        "annee_creation": 2013,
        "emplois": None,
        "dispositifs": ["ronalpia"],
        "urls": [
            "https://ronalpia.fr/?p=21061",
            "https://leshorizons.net/ronalpia-incubateur-innovation-sociale/",
            "https://ess2024.org/?p=9026",
        ],
    },
    {
        "id": "R-S12",
        "reference": "S12",
        "nom": "France Active Auvergne-Rhône-Alpes (réseau des associations territoriales)",
        "type_acteur": "financeur",
        "forme_juridique": "association",
        "secteur": "finance-accompagnement",
        "code_commune": "",
        "annee_creation": None,  # 1988 is the national network, not the regional associations
        "emplois": None,
        "dispositifs": ["france-active"],
        "urls": [
            "https://franceactive-ara.org/stories/",
            "https://groupe-ecomedia.com/france-active-locomotive-pour-createurs-precaires-et-engages/",
            "https://leconnecteur.org/france-active-auvergne-bilan-2023-pour-lentrepreneuriat-engage",
        ],
    },
    {
        "id": "R-S13",
        "reference": "S13",
        "nom": "Amesud (Association Montagne Emploi Sud)",
        "type_acteur": "accompagnement",
        "forme_juridique": "association",
        "secteur": "emploi-insertion",
        "code_commune": "07199",
        "annee_creation": 1988,
        "emplois": None,
        "dispositifs": [],
        "urls": [
            "https://www.mabastide.fr/articles/societe-environnement/amesud/",
            "https://avise.org/actualites/en-ardeche-un-programme-daccompagnement-ess-en-milieu-rural",
        ],
    },
    {
        "id": "R-S14",
        "reference": "S14",
        "nom": "Biovallée (association)",
        "type_acteur": "accompagnement",
        "forme_juridique": "association",
        "secteur": "environnement-energie",
        "code_commune": "",  # Eurre hosts the campus; the association's seat is not confirmed
        "annee_creation": None,  # ≈ 2012 is deduced (⚠)
        "emplois": None,
        "dispositifs": ["territoires-innovation"],
        "urls": [
            "https://www.villagemagazine.fr/biovallee-leco-territoire-de-marque",
            "https://www.le-crestois.fr/index.php/journal-le-crestois/actus/5799-biovallee-10-ans-apres",
            "https://biovallee.net/territoires-innovation/",
        ],
    },
    {
        "id": "R-S15",
        "reference": "S15",
        "nom": "Fab-T – Valence-Romans capitale des start-up de territoire",
        "type_acteur": "collectivite",
        "forme_juridique": "public",  # "établissement public local"
        "secteur": "finance-accompagnement",
        "code_commune": "",  # Valence or Romans: the Fab-T's seat was not found
        "annee_creation": None,  # laureate on 13 Sept. 2019; the Fab-T's own creation year unknown
        "emplois": None,
        "dispositifs": ["territoires-innovation", "start-up-de-territoire"],
        "urls": [
            "https://objectifmetropolesdefrance.fr/valence-agglo-capitale-start-up/",
            "http://www.lagazettedescommunes.com/577697/valence-romans-agglo-fait-feu-de-tout-bois",
        ],
    },
    # Carriers of the projects of table B that are not structures of tables A1/A2
    {
        "id": "R-S-P04",
        "reference": "P04",
        "nom": "Locaverre (Ma Bouteille s'appelle Reviens)",
        "type_acteur": "structure",
        "forme_juridique": "association",
        "secteur": "economie-circulaire",
        "code_commune": "26064",
        "annee_creation": 2017,  # November 2017
        "emplois": None,
        "dispositifs": ["start-up-de-territoire"],
        "urls": [
            "https://www.francebleu.fr/infos/climat-environnement/la-consigne-de-bouteilles-et-pots-en-verre-fait-son-retour-en-drome-ardeche-1552590828",
            "https://www.reussir.fr/agriculture-massif-central/ma-bouteille-sappelle-reviens",
        ],
    },
    {
        "id": "R-S-P05",
        "reference": "P05",
        "nom": "Recyclerie Trésor – Aire",
        "type_acteur": "structure",
        "forme_juridique": "association",  # "l'association Recyclerie Trésor Aire" (Biovallée page)
        "secteur": "economie-circulaire",
        "code_commune": "26113",
        "annee_creation": 1997,
        "emplois": None,
        "dispositifs": ["territoires-innovation"],
        "urls": [
            "https://biovallee.net/lassociation-recyclerie-tresor-aire-lance-son-projet-de-valorisation-plastique-et-textile-dans-le-cadre-de-territoires-dinnovation-biovallee",
        ],
    },
    {
        "id": "R-S-P06",
        "reference": "P06",
        "nom": "Tero Loko",
        "type_acteur": "structure",
        "forme_juridique": "association",
        "secteur": "emploi-insertion",
        "code_commune": "38278",
        "annee_creation": None,  # "≈ 2017"
        "emplois": None,
        "dispositifs": ["alter-incub"],
        "urls": [
            "https://www.teroloko.com/presentation-2/",
            "http://lebercailpaysan.fr/2019/12/nous-sommes-entres-en-preincubation",
        ],
    },
    {
        "id": "R-S-P07",
        "reference": "P07",
        "nom": "Le Bercail paysan",
        "type_acteur": "structure",
        "forme_juridique": "",
        "secteur": "action-sociale",
        "code_commune": "",  # Isère, commune not found
        "annee_creation": None,
        "emplois": None,
        "dispositifs": ["alter-incub"],
        "urls": ["http://lebercailpaysan.fr/2019/12/nous-sommes-entres-en-preincubation"],
    },
    {
        "id": "R-S-P08",
        "reference": "P08",
        "nom": "Manolia",
        "type_acteur": "structure",
        "forme_juridique": "",
        "secteur": "action-sociale",
        "code_commune": "69266",
        "annee_creation": None,
        "emplois": None,
        "dispositifs": [],  # Alter'Incub only plausible (⚠)
        "urls": [
            "https://mlyon.fr/news/locales/137903/une-creche-bilingue-francais-langue-des-signes-va-bientot-voir-le-jour-a-villeurbanne",
        ],
    },
    {
        "id": "R-S-P09",
        "reference": "P09",
        "nom": "Cœur de Producteurs",
        "type_acteur": "structure",
        "forme_juridique": "cooperative",  # "coopérative agricole"
        "secteur": "alimentation-agriculture",
        "code_commune": "",  # Bièvre area, seat not found
        "annee_creation": None,
        "emplois": None,
        "dispositifs": ["premices"],
        "urls": ["https://terre-humanisme.org/expertise-de-terre-humanisme-aux-laureats-du-concours-premices/"],
    },
    {
        "id": "R-S-P10",
        "reference": "P10",
        "nom": "Chantiers Passerelles",
        "type_acteur": "structure",
        "forme_juridique": "",
        "secteur": "emploi-insertion",
        "code_commune": "69123",
        "annee_creation": None,
        "emplois": None,
        "dispositifs": ["ronalpia"],
        "urls": [
            "https://www.lejournaldesentreprises.com/auvergne-rhone-alpes/article/ronalpia-en-faveur-des-plus-fragiles-145911",
        ],
    },
    {
        "id": "R-S-P11",
        "reference": "P11",
        "nom": "Comme les Autres",
        "type_acteur": "structure",
        "forme_juridique": "",
        "secteur": "action-sociale",
        "code_commune": "69123",
        "annee_creation": None,
        "emplois": None,
        "dispositifs": ["ronalpia"],
        "urls": [
            "https://www.lejournaldesentreprises.com/auvergne-rhone-alpes/article/ronalpia-en-faveur-des-plus-fragiles-145911",
        ],
    },
    {
        "id": "R-S-P12",
        "reference": "P12",
        "nom": "Okemed",
        "type_acteur": "structure",
        "forme_juridique": "",
        "secteur": "action-sociale",
        "code_commune": "",  # 42218 is marked ⚠ (Saint-Victor-sur-Loire, attached to Saint-Étienne)
        "annee_creation": None,
        "emplois": None,
        "dispositifs": ["ronalpia"],
        "urls": [
            "https://www.lejournaldesentreprises.com/auvergne-rhone-alpes/article/ronalpia-en-faveur-des-plus-fragiles-145911",
        ],
    },
    {
        "id": "R-S-P13",
        "reference": "P13",
        "nom": "L'Usie01",
        "type_acteur": "structure",
        "forme_juridique": "",
        "secteur": "mobilite",
        "code_commune": "01053",
        "annee_creation": None,
        "emplois": None,
        "dispositifs": ["ronalpia"],
        "urls": [
            "https://www.lejournaldesentreprises.com/auvergne-rhone-alpes/article/ronalpia-en-faveur-des-plus-fragiles-145911",
        ],
    },
    {
        "id": "R-S-P14",
        "reference": "P14",
        "nom": "Va,Vis,Dv",
        "type_acteur": "structure",
        "forme_juridique": "",
        "secteur": "action-sociale",
        "code_commune": "",  # Pays Voironnais, commune not given
        "annee_creation": None,
        "emplois": None,
        "dispositifs": ["ronalpia"],
        "urls": ["https://ronalpia.fr/?p=8210"],
    },
    {
        "id": "R-S-P15",
        "reference": "P15",
        "nom": "Nok Boards",
        "type_acteur": "structure",
        "forme_juridique": "",
        "secteur": "",  # not given by the source
        "code_commune": "",
        "annee_creation": None,
        "emplois": None,
        "dispositifs": ["ronalpia"],
        "urls": ["https://ronalpia.fr/?p=21061"],
    },
    {
        "id": "R-S-P16",
        "reference": "P16",
        "nom": "Alt.urbaine",
        "type_acteur": "structure",
        "forme_juridique": "",
        "secteur": "",  # not given by the source
        "code_commune": "",
        "annee_creation": None,
        "emplois": None,
        "dispositifs": ["ronalpia"],
        "urls": ["https://ronalpia.fr/?p=21061"],
    },
    {
        "id": "R-S-P17",
        "reference": "P17",
        "nom": "Villages Vivants",
        "type_acteur": "structure",
        "forme_juridique": "scic",
        "secteur": "habitat-logement",
        "code_commune": "26108",
        "annee_creation": 2017,  # association in March 2017, then Scic (2018, or 2017 per one source)
        "emplois": None,  # the 190 jobs are in the places it opened, counted on the project
        "dispositifs": ["prix-ess"],
        "urls": [
            "https://les-aides.fr/actualites/cW8/prix-de-l-ess-synthese.html",
            "https://greendrome.fr/fiche/villages-vivants-443",
            "https://www.reseaurural.fr/centre-de-ressources/actualites/villages-vivants-redynamise-les-campagnes",
        ],
    },
    {
        "id": "R-S-P18",
        "reference": "P18",
        "nom": "CAAP – Coopérative Auvergnate de l'Alimentation de Proximité",
        "type_acteur": "structure",
        "forme_juridique": "scic",  # Scic that also works as a CAE
        "secteur": "alimentation-agriculture",
        "code_commune": "63113",
        "annee_creation": 2021,
        "emplois": 3,  # December 2024
        # "Graines de l'innovation sociale" is a CRESS prize but not the "Prix de l'ESS"
        "dispositifs": ["autre"],
        "urls": [
            "https://leconnecteur.org/les-jeunes-pousses-de-linnovation-sociale/",
            "https://www.cycl-op.org/initiative/e/la-caap-cooperative-auvergnate-de-l-alimentation-de-proximite.html",
            "https://mediacoop.fr/04/12/2024/la-caap-cooperative-alimentaire/",
        ],
    },
    {
        "id": "R-S-P19",
        "reference": "P19",
        "nom": "ADMR Les Collines du Vivarais",
        "type_acteur": "structure",
        "forme_juridique": "",
        "secteur": "action-sociale",
        "code_commune": "07019",
        "annee_creation": None,
        "emplois": None,
        "dispositifs": ["france-active"],
        "urls": ["https://franceactive-ara.org/stories/"],
    },
]

# Status (statut) is left empty on every real project: the sources date from 2014–2025 and none
# states the project's current stage.
REAL_PROJECTS: list[dict] = [
    {
        "id": "R-P01",
        "reference": "P01",
        "titre": "Recyclerie Dombes Val de Saône",
        "porteur_id": "R-S02",
        "secteur": "economie-circulaire",
        "code_commune": "01427",
        "annee_debut": 2011,
        "dispositif": "ptce",  # cited as an example by the PTCE Domb'Innov
        "emplois_crees": 32,  # 32 salariés dont 25 en insertion
        "description": "Atelier-chantier d'insertion de réemploi créé avec le SMICTOM : collecte, "
        "tri et revente d'objets, collecte de papier et carton auprès d'entreprises.",
        "urls": [
            "http://messimysursaone.fr/index.php/votre-commune/social-environnement/la-recyclerie",
            "https://urbanalternatives.org/map/grenoble/dombinnov-1/details/",
            "https://www.airzen.fr/ain-la-recyclerie-de-trevoux-reduit-les-dechets-et-cree-des-emplois/",
        ],
    },
    {
        "id": "R-P02",
        "reference": "P02",
        "titre": "Made in Romans",
        "porteur_id": "R-S03",
        "secteur": "autre",  # shoe industry, relocation: no closer sector in the nomenclature
        "code_commune": "26281",
        "annee_debut": 2010,
        "dispositif": "",
        "emplois_crees": None,  # "atelier de 10 personnes" is undated (⚠)
        "description": "Atelier et marque de chaussures fabriquées à Romans, pour relocaliser "
        "une partie de la filière.",
        "urls": [
            "https://www.francebleu.fr/infos/economie-social/une-cite-du-cuir-et-de-la-chaussure-va-voir-le-jour-a-romans-sur-isere-1527710389",
            "http://wikiresilience.developpement-durable.gouv.fr/index.php/Le_groupe_Archer_%C3%A0_Romans_sur_Is%C3%A8re",
            "https://www.lyceumfrance.org/made-in-romans-une-affaire-qui/",
        ],
    },
    {
        "id": "R-P03",
        "reference": "P03",
        "titre": "Cité de la Chaussure",
        "porteur_id": "R-S03",
        "secteur": "autre",
        "code_commune": "26281",
        "annee_debut": 2019,  # opened to the public on 9 May 2019 (one interview says 2018)
        "dispositif": "start-up-de-territoire",
        "emplois_crees": 25,  # ≈ 25 emplois (2020)
        "description": "Lieu consacré à la chaussure : ateliers de fabrication, boutique de "
        "marques locales et visites ouvertes au public.",
        "urls": [
            "https://www.francebleu.fr/infos/economie-social/videos-visite-en-avant-premiere-de-la-cite-de-la-chaussure-a-romans-sur-isere-1556879643",
            "https://www.rtl.be/info/monde/economie/la-chaussure-a-desormais-sa-vitrine-a-romans-1122470.aspx",
            "https://www.cjd.net/dirigeant/groupe-archer-un-modele-de-proximite-valide-en-temps-de-crise/",
            "https://conseilnationalducuir.org/la-vie-de-la-filiere/la-cite-de-la-chaussure-ancre-a-romans",
        ],
    },
    {
        "id": "R-P04",
        "reference": "P04",
        "titre": "Ma Bouteille s'appelle Reviens",
        "porteur_id": "R-S-P04",
        "secteur": "economie-circulaire",
        "code_commune": "26064",
        "annee_debut": 2016,  # idea born at a Start-up de territoire evening in 2016
        "dispositif": "start-up-de-territoire",
        "emplois_crees": None,
        "description": "Consigne et lavage de bouteilles et pots en verre pour les producteurs "
        "et magasins de Drôme et d'Ardèche.",
        "urls": [
            "https://www.francebleu.fr/infos/climat-environnement/la-consigne-de-bouteilles-et-pots-en-verre-fait-son-retour-en-drome-ardeche-1552590828",
            "https://www.reussir.fr/agriculture-massif-central/ma-bouteille-sappelle-reviens",
            "http://www.le-crestois.fr/index.php/journal-le-crestois/actus/4701-ma-bouteille-s-appelle-reviens",
        ],
    },
    {
        "id": "R-P05",
        "reference": "P05",
        "titre": "Recyclerie Trésor – Aire",
        "porteur_id": "R-S-P05",
        "secteur": "economie-circulaire",
        "code_commune": "26113",
        "annee_debut": 1997,  # the recyclerie; the TI-B agreement is undated
        "dispositif": "territoires-innovation",
        "emplois_crees": None,
        "description": "Atelier-chantier d'insertion de réemploi avec matériauthèque, qui "
        "valorise plastique et textile dans le cadre de Territoires d'innovation Biovallée.",
        "urls": [
            "https://biovallee.net/lassociation-recyclerie-tresor-aire-lance-son-projet-de-valorisation-plastique-et-textile-dans-le-cadre-de-territoires-dinnovation-biovallee",
            "https://www.archer.fr/le-groupe/histoire",
        ],
    },
    {
        "id": "R-P06",
        "reference": "P06",
        "titre": "Tero Loko",
        "porteur_id": "R-S-P06",
        "secteur": "emploi-insertion",
        "code_commune": "38278",
        "annee_debut": 2018,  # hosted by the commune since March 2018
        "dispositif": "alter-incub",
        "emplois_crees": None,  # 18 jobs are a target, not an outcome
        "description": "Accueil et insertion de personnes réfugiées et d'habitants par le "
        "maraîchage biologique et la boulangerie, avec des logements partagés.",
        "urls": [
            "https://www.teroloko.com/presentation-2/",
            "https://www.francebleu.fr/infos/societe/projet-tero-loko-a-notre-dame-de-l-osier-en-isere-pour-conjuguer-insertion-et-dynamisation-des-zones-1552932403",
            "http://www.reseaucocagne.asso.fr/tero-loko-une-reponse-globale-daccueil-et-dinsertion/",
            "http://lebercailpaysan.fr/2019/12/nous-sommes-entres-en-preincubation",
            "https://fondationdefrance.org/fr/cat-solidarite-migrants/tero-loko-quand-l-accueil-des-exiles-fait-revivre-un-village",
        ],
    },
    {
        "id": "R-P07",
        "reference": "P07",
        "titre": "Le Bercail paysan",
        "porteur_id": "R-S-P07",
        "secteur": "action-sociale",
        "code_commune": "",
        "annee_debut": 2019,  # pre-incubation from October 2019
        "dispositif": "alter-incub",
        "emplois_crees": None,
        "description": "Accueil à la ferme d'adultes en situation de handicap.",
        "urls": [
            "http://lebercailpaysan.fr/2019/12/nous-sommes-entres-en-preincubation",
            "https://pdfslide.fr/documents/des-nouvelles-du-bercail-p-le-diapo-ama-doit-nous-pemette-daexpime-o-on-en-est.html",
        ],
    },
    {
        "id": "R-P08",
        "reference": "P08",
        "titre": "Manolia, micro-crèche bilingue français – langue des signes",
        "porteur_id": "R-S-P08",
        "secteur": "action-sociale",
        "code_commune": "69266",
        "annee_debut": 2016,  # opening planned for the 2016 school year
        "dispositif": "",
        "emplois_crees": None,
        "description": "Micro-crèche bilingue français – langue des signes française, prévue "
        "pour dix enfants.",
        "urls": [
            "https://mlyon.fr/news/locales/137903/une-creche-bilingue-francais-langue-des-signes-va-bientot-voir-le-jour-a-villeurbanne",
            "https://lyonmag.com/article/75602/une-creche-bilingue-francais-langue-des-signes-va-bientot-voir-le-jour-a-villeurbanne",
        ],
    },
    {
        "id": "R-P09",
        "reference": "P09",
        "titre": "Cœur de Producteurs",
        "porteur_id": "R-S-P09",
        "secteur": "alimentation-agriculture",
        "code_commune": "",
        "annee_debut": None,  # "≈ 2021" (⚠)
        "dispositif": "premices",
        "emplois_crees": None,
        "description": "Coopérative d'une vingtaine de producteurs pour la vente en circuit "
        "court sur le territoire de la Bièvre.",
        "urls": ["https://terre-humanisme.org/expertise-de-terre-humanisme-aux-laureats-du-concours-premices/"],
    },
    {
        "id": "R-P10",
        "reference": "P10",
        "titre": "Chantiers Passerelles",
        "porteur_id": "R-S-P10",
        "secteur": "emploi-insertion",
        "code_commune": "69123",
        "annee_debut": None,
        "dispositif": "ronalpia",
        "emplois_crees": None,
        "description": "Réinsertion professionnelle de personnes sortant de prison.",
        "urls": [
            "https://www.lejournaldesentreprises.com/auvergne-rhone-alpes/article/ronalpia-en-faveur-des-plus-fragiles-145911",
        ],
    },
    {
        "id": "R-P11",
        "reference": "P11",
        "titre": "Comme les Autres",
        "porteur_id": "R-S-P11",
        "secteur": "action-sociale",
        "code_commune": "69123",
        "annee_debut": None,
        "dispositif": "ronalpia",
        "emplois_crees": None,
        "description": "Accompagnement de personnes devenues handicapées à la suite d'un accident.",
        "urls": [
            "https://www.lejournaldesentreprises.com/auvergne-rhone-alpes/article/ronalpia-en-faveur-des-plus-fragiles-145911",
        ],
    },
    {
        "id": "R-P12",
        "reference": "P12",
        "titre": "Okemed",
        "porteur_id": "R-S-P12",
        "secteur": "action-sociale",
        "code_commune": "",
        "annee_debut": None,
        "dispositif": "ronalpia",
        "emplois_crees": None,
        "description": "Services pour le maintien à domicile des personnes âgées.",
        "urls": [
            "https://www.lejournaldesentreprises.com/auvergne-rhone-alpes/article/ronalpia-en-faveur-des-plus-fragiles-145911",
        ],
    },
    {
        "id": "R-P13",
        "reference": "P13",
        "titre": "L'Usie01",
        "porteur_id": "R-S-P13",
        "secteur": "mobilite",
        "code_commune": "01053",
        "annee_debut": None,
        "dispositif": "ronalpia",
        "emplois_crees": None,
        "description": "Solutions d'emploi et de mobilité pour les habitants des zones rurales.",
        "urls": [
            "https://www.lejournaldesentreprises.com/auvergne-rhone-alpes/article/ronalpia-en-faveur-des-plus-fragiles-145911",
        ],
    },
    {
        "id": "R-P14",
        "reference": "P14",
        "titre": "Va,Vis,Dv",
        "porteur_id": "R-S-P14",
        "secteur": "action-sociale",
        "code_commune": "",
        "annee_debut": 2020,  # 2020 class of the Pays Voironnais incubator
        "dispositif": "ronalpia",
        "emplois_crees": None,
        "description": "Services d'aide aux personnes déficientes visuelles.",
        "urls": ["https://ronalpia.fr/?p=8210"],
    },
    {
        "id": "R-P15",
        "reference": "P15",
        "titre": "Nok Boards",
        "porteur_id": "R-S-P15",
        "secteur": "",
        "code_commune": "",
        "annee_debut": 2017,  # first Grenoble incubation class, 2017
        "dispositif": "ronalpia",
        "emplois_crees": None,
        "description": "Projet de la première promotion d'incubation de Ronalpia à Grenoble.",
        "urls": ["https://ronalpia.fr/?p=21061"],
    },
    {
        "id": "R-P16",
        "reference": "P16",
        "titre": "Alt.urbaine",
        "porteur_id": "R-S-P16",
        "secteur": "",
        "code_commune": "",
        "annee_debut": 2017,
        "dispositif": "ronalpia",
        "emplois_crees": None,
        "description": "Projet de la première promotion d'incubation de Ronalpia à Grenoble.",
        "urls": ["https://ronalpia.fr/?p=21061"],
    },
    {
        "id": "R-P17",
        "reference": "P17",
        "titre": "Villages Vivants",
        "porteur_id": "R-S-P17",
        "secteur": "habitat-logement",
        "code_commune": "26108",
        "annee_debut": 2017,
        "dispositif": "prix-ess",  # regional "Utilité sociale" prize, Prix de l'ESS 2021
        "emplois_crees": 190,
        "description": "Achat, rénovation et location de locaux en centre-bourg pour des "
        "commerces et des lieux de l'ESS, par une Scic et sa foncière solidaire.",
        "urls": [
            "https://les-aides.fr/actualites/cW8/prix-de-l-ess-synthese.html",
            "https://greendrome.fr/fiche/villages-vivants-443",
            "https://www.reseaurural.fr/centre-de-ressources/actualites/villages-vivants-redynamise-les-campagnes",
            "https://www.lejournaldesentreprises.com/article/villages-vivants-lance-une-campagne-participative-pour-lever-15-million-deuros-2128738",
        ],
    },
    {
        "id": "R-P18",
        "reference": "P18",
        "titre": "CAAP – Coopérative Auvergnate de l'Alimentation de Proximité",
        "porteur_id": "R-S-P18",
        "secteur": "alimentation-agriculture",
        "code_commune": "63113",
        "annee_debut": 2021,
        "dispositif": "autre",  # CRESS "Graines de l'innovation sociale" prize
        "emplois_crees": 3,
        "description": "Coopérative qui accompagne des épiceries, boulangeries et ateliers de "
        "transformation alimentaire de proximité.",
        "urls": [
            "https://leconnecteur.org/les-jeunes-pousses-de-linnovation-sociale/",
            "https://www.cycl-op.org/initiative/e/la-caap-cooperative-auvergnate-de-l-alimentation-de-proximite.html",
            "https://mediacoop.fr/04/12/2024/la-caap-cooperative-alimentaire/",
        ],
    },
    {
        "id": "R-P19",
        "reference": "P19",
        "titre": "ADMR Les Collines du Vivarais",
        "porteur_id": "R-S-P19",
        "secteur": "action-sociale",
        "code_commune": "07019",
        "annee_debut": None,
        "dispositif": "france-active",
        "emplois_crees": None,
        "description": "Aide à domicile en milieu rural pour les personnes âgées et les familles, "
        "sur une quarantaine de communes.",
        "urls": ["https://franceactive-ara.org/stories/"],
    },
]


def unlocated_project_ids() -> list[str]:
    """Real projects whose commune is not confirmed: written "non localisé" (no commune)."""
    return [p["id"] for p in REAL_PROJECTS if not p["code_commune"]]


def source_text(row: dict) -> str:
    """French provenance text of a real row: its URLs, then the reference line."""
    parts = list(row["urls"])
    if row.get("note"):
        parts.append(row["note"])
    parts.append(f"référence : {REFERENCE_FILE} {row['reference']}")
    return DISPOSITIFS_SEPARATOR.join(parts)


def real_frames(points: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Real actors and projects as frames; `points` maps code -> longitude, latitude."""
    acteurs = pd.DataFrame(REAL_ACTORS)
    acteurs["dispositifs"] = acteurs["dispositifs"].map(DISPOSITIFS_SEPARATOR.join)
    acteurs["source"] = [source_text(r) for r in REAL_ACTORS]
    acteurs["siret"] = ""
    acteurs["site_web"] = ""
    located = points.reindex(acteurs["code_commune"])
    # a real row sits on its commune's representative point: no jitter, nothing invented
    acteurs["longitude"] = located["longitude"].to_numpy()
    acteurs["latitude"] = located["latitude"].to_numpy()
    for column in ("emplois", "annee_creation"):
        acteurs[column] = pd.array(acteurs[column].tolist(), dtype="Int64")

    projets = pd.DataFrame(REAL_PROJECTS)
    projets["code_commune"] = projets["code_commune"].map(lambda c: c or None)
    projets["source"] = [source_text(r) for r in REAL_PROJECTS]
    projets["statut"] = ""
    projets["montant_aide_eur"] = pd.array([None] * len(projets), dtype="Int64")
    for column in ("emplois_crees", "annee_debut"):
        projets[column] = pd.array(projets[column].tolist(), dtype="Int64")
    return acteurs[ACTEURS_COLUMNS], projets[PROJETS_COLUMNS]
