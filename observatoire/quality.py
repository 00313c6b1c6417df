"""Data-quality figures of the dataset shown, as a French table."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from observatoire.schema import DEMO_SOURCE

# English keys for code and tests, French labels for people, in display order
CHECKS = {
    "lignes": "Lignes",
    "demonstration": "Lignes de démonstration (source « démonstration »)",
    "reelles": "Lignes d'autres sources (données réelles)",
    "sans_commune": "Sans code commune (non localisées)",
    "commune_inconnue": "Code commune absent des communes actuelles (COG 2026)",
    "sans_coordonnees": "Sans coordonnées (latitude, longitude)",
    "porteur_vide": "Projets sans porteur renseigné",
    "porteur_absent": "Projets dont le porteur est absent du fichier des acteurs",
}

def _blank(series: pd.Series) -> pd.Series:
    text = series.astype("string").str.strip()
    return (text.isna() | (text == "")).astype(bool)


def _frame_figures(frame: pd.DataFrame, commune_codes: set[str]) -> dict[str, int]:
    no_code = _blank(frame["code_commune"])
    unknown = ~no_code & ~frame["code_commune"].astype("string").isin(commune_codes).fillna(False)
    demo = (frame["source"].astype("string") == DEMO_SOURCE).fillna(False).astype(bool)
    figures = {
        "lignes": len(frame),
        "demonstration": int(demo.sum()),
        "reelles": int((~demo).sum()),
        "sans_commune": int(no_code.sum()),
        "commune_inconnue": int(unknown.sum()),
    }
    if "position" in frame.columns:
        # an actor placed at its commune's point still came without coordinates of its own
        figures["sans_coordonnees"] = int((frame["position"] != "adresse").sum())
    elif "latitude" in frame.columns:
        figures["sans_coordonnees"] = int(
            (frame["latitude"].isna() | frame["longitude"].isna()).sum()
        )
    return figures


def quality_figures(
    acteurs: pd.DataFrame, projets: pd.DataFrame, commune_codes: Iterable[str]
) -> dict[str, dict[str, int]]:
    """Counts per check for 'acteurs' and 'projets' (checks that do not apply are absent)."""
    codes = {str(c) for c in commune_codes}
    projects = _frame_figures(projets, codes)
    no_carrier = _blank(projets["porteur_id"])
    known = set(acteurs["id"].astype(str))
    missing = ~no_carrier & ~projets["porteur_id"].astype(str).isin(known)
    projects["porteur_vide"] = int(no_carrier.sum())
    projects["porteur_absent"] = int(missing.sum())
    return {"acteurs": _frame_figures(acteurs, codes), "projets": projects}


def quality_table(figures: dict[str, dict[str, int]]) -> pd.DataFrame:
    """One row per check, 'Acteurs' and 'Projets' columns (empty where it does not apply)."""
    return pd.DataFrame(
        {
            "Contrôle": list(CHECKS.values()),
            "Acteurs": pd.array([figures["acteurs"].get(k) for k in CHECKS], dtype="Int64"),
            "Projets": pd.array([figures["projets"].get(k) for k in CHECKS], dtype="Int64"),
        }
    )


def styled(table: pd.DataFrame):
    """The quality table with French numbers and '–' where a check does not apply."""
    from observatoire.formatting import MISSING, fmt_int

    # Streamlit shows a missing cell as "None" whatever the Styler says: format beforehand
    shown = table.assign(
        **{column: table[column].map(lambda v: MISSING if pd.isna(v) else fmt_int(v))
           for column in ("Acteurs", "Projets")}
    )
    return shown.style.set_properties(subset=["Acteurs", "Projets"], **{"text-align": "right"})
