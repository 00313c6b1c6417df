"""The methods of issue 10's indicators, in French, for the "Données et méthode" page."""

from observatoire import coverage, indicators
from observatoire.formatting import fmt_int

METHODS = f"""
**Familles de l'ESS.** Déduites de la forme juridique : association → associations ; SCOP,
SCIC, CAE et autres coopératives → coopératives ; mutuelle → mutuelles ; fondation →
fondations ; société agréée ESUS → sociétés commerciales de l'ESS. Toute autre forme (société
commerciale non agréée, organisme public, autre) ou une forme non renseignée est comptée « hors
familles de l'ESS ». Les imports SIRENE et RNA remplissent la forme juridique, donc la famille.

**Évolution.** Un acteur compte parmi les acteurs en activité au 31 décembre d'une année s'il a
été créé cette année-là ou avant, et s'il n'a pas fermé cette année-là ou avant (colonne
`annee_fermeture` : l'import SIRENE la tire de `dateDebut` pour un établissement fermé, l'import
RNA de `date_disso` pour une association dissoute ; un établissement fermé sans date n'est pas
importé). Un acteur fermé ne compte plus dans les chiffres du jour (cartes, tableaux, portraits,
exports) ; il compte dans l'Évolution, la comparaison et les années passées de la Carte. Les
acteurs sans année de création ne peuvent pas être placés dans le temps : ils sont comptés à
part. L'indice base 100 divise chaque année par l'année de départ.

**Taux fiables.** Un taux pour 10 000 habitants calculé sur moins de
{fmt_int(indicators.SMALL_POPULATION)} habitants varie fortement pour un acteur de plus ou de
moins : il est signalé « effectif faible » dans les tableaux, les infobulles et les exports, et
laissé hors du calcul des classes de la carte (gris). Une intercommunalité dont une partie est
hors de la région ne compte que sa partie en Auvergne-Rhône-Alpes (population et acteurs) :
elle porte la remarque « partie AURA seulement ». Les classes se lisent « de a à moins de b » :
chaque borne appartient à une seule classe. « Même nombre de territoires » : chaque classe
regroupe autant de territoires (quantiles) ; « plus grands écarts » : les coupures tombent là où
les valeurs s'écartent le plus (seuils naturels de Jenks).

**Taux lissé (bayésien empirique).** Pour une commune ou une intercommunalité *i* de population
*nᵢ* comptant *xᵢ* acteurs, dans son département : taux brut *rᵢ = xᵢ / nᵢ* ; taux du
département *m = Σx / Σn* ; variance pondérée *s² = Σ nᵢ (rᵢ − m)² / Σ n* ; variance entre
territoires *A = max(s² − m / n̄, 0)* (*n̄* : population moyenne) ; taux lissé
*m + A / (A + m / nᵢ) × (rᵢ − m)*, × 10 000. Un petit territoire est ramené près du taux de son
département, un grand garde le sien ; le département est celui de la commune, ou le premier
département de l'intercommunalité (calcul sur les territoires affichés). Ce taux n'est pas
signalé « effectif faible ».

**Zones blanches de l'accompagnement.** Pour chaque commune, distance à vol d'oiseau (en
Lambert-93) entre un point situé dans la commune et la structure d'accompagnement localisée la
plus proche (types au choix : incubateur, réseau d'accompagnement, PTCE) ; 0 km quand une
structure est située dans la commune. La part des habitants éloignés additionne la population
des communes au-delà du seuil ({coverage.DEFAULT_THRESHOLD_KM} km par défaut). C'est une
distance, pas un temps de trajet : relief et routes ne sont pas pris en compte.
"""
