"""Hostile text for every text field, and a data folder holding it (canonical CSVs)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

PAYLOADS = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=1</script>",
    "javascript:window.__pwned=1",
    '=HYPERLINK("http://example.invalid","clic")',
    "[x](javascript:window.__pwned=1)",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "-2+3",
    "@SUM(A1)",
]
MARKER = '<img src=x onerror="window.__pwned=1">'  # what a test looks for as text
COMMUNE = "38185"  # Grenoble: the hostile actors are its only actors
CENTRE = (45.1842, 5.7155)


def hostile_frames(n_demo: int = 40) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A small generated dataset whose Grenoble actors and projects carry hostile text everywhere."""
    from observatoire.build import demo

    acteurs, projets = demo.generate(n_demo, n_demo // 2, include_real=False)
    acteurs = acteurs[acteurs["code_commune"] != COMMUNE].reset_index(drop=True)
    projets = projets[projets["code_commune"] != COMMUNE].reset_index(drop=True)
    bad_a, bad_p = [], []
    for i, text in enumerate(PAYLOADS):
        bad_a.append({
            "id": f"h{i}-{text}", "nom": f"{text} acteur {i}", "type_acteur": "structure",
            "forme_juridique": "association", "secteur": "sante", "code_commune": COMMUNE,
            # a 3 x 3 grid over Grenoble, ~2.4 km apart: no clustering at the commune's zoom
            "latitude": CENTRE[0] + 0.022 * (i % 3 - 1), "longitude": CENTRE[1] + 0.03 * (i // 3 - 1),
            "emplois": 1, "annee_creation": 2010, "dispositifs": None, "siret": None,
            "site_web": text if i % 2 else "javascript:window.__pwned=1", "source": text,
        })
        bad_p.append({
            "id": f"hp{i}-{text}", "titre": f"{text} projet {i}", "porteur_id": f"h{i}-{text}",
            "secteur": "sante", "code_commune": COMMUNE, "annee_debut": 2020, "statut": "lancement",
            "dispositif": None, "montant_aide_eur": 1000.0, "emplois_crees": 1,
            "description": text, "source": text,
        })
    acteurs = pd.concat([pd.DataFrame(bad_a), acteurs], ignore_index=True)[acteurs.columns]
    projets = pd.concat([pd.DataFrame(bad_p), projets], ignore_index=True)[projets.columns]
    return acteurs, projets


def write_hostile_data(folder: Path) -> Path:
    """acteurs.csv and projets.csv with hostile text, in `folder`."""
    from observatoire.build import demo

    acteurs, projets = hostile_frames()
    demo.write(acteurs, projets, folder)
    return folder
