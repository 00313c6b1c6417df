"""The import preview speaks French: headers, empty cells, unknown codes, every automatic
correction with its line; server paths only for the people who manage the data."""

from __future__ import annotations

from tests.app.test_upload import data_dir, data_page, server_address, upload  # noqa: F401

TEMPLATE = (
    "id;nom;code_commune;secteur\n"
    "A1;Recyclerie du Bugey;1001;\n"       # line 2: Excel dropped the zero of Ain
    "A2;Épicerie des Canuts;69381;sante\n"  # line 3: Lyon 1er arrondissement
    "A3;Atelier de l'Ain;01003;\n"          # line 4: former code (now 01165)
    "A4;Ailleurs;99999;\n"                  # line 5: no commune at all
).encode("utf-8")


def frames(at):
    return [df.value for df in at.dataframe]


def test_the_preview_has_french_headers_and_no_none(data_dir):  # noqa: F811
    at = upload(data_page(), "acteurs.csv", TEMPLATE)
    preview = next(f for f in frames(at) if "Nom" in f.columns)
    assert {"Identifiant", "Nom", "Code commune", "Secteur"} <= set(preview.columns)
    assert "code_commune" not in preview.columns
    cells = preview.astype(str).to_numpy().ravel().tolist()
    assert "None" not in cells and "nan" not in cells and "<NA>" not in cells
    # codes are shown as their labels
    assert "Santé" in preview["Secteur"].tolist()


def test_every_correction_and_the_unknown_code_are_said_with_their_line(data_dir):  # noqa: F811
    at = upload(data_page(), "acteurs.csv", TEMPLATE)
    issues = [f for f in frames(at) if "Raison" in f.columns and "Ligne" in f.columns]
    said = {(int(row["Ligne"]), row["Raison"]) for f in issues for _, row in f.iterrows()}
    reasons = dict(said)
    assert "01001" in reasons[2] and "1001" in reasons[2]
    assert "69381" in reasons[3] and "69123" in reasons[3]
    assert "01003" in reasons[4] and "01165" in reasons[4]
    assert reasons[5] == "code commune inconnu : 99999 (aucune commune de France)"
    assert all("hors de la région" not in r for r in reasons.values())


def test_server_paths_are_shown_only_to_data_managers(data_dir):  # noqa: F811
    from streamlit import config

    # served on loopback (make run): the local user manages the data and sees where it lives
    shown = " ".join(c.value for c in data_page().caption)
    assert str(data_dir) in shown
    # served to the network without sign-in: nobody manages from the browser, no path shown
    config.set_option("server.address", "0.0.0.0")
    shown = " ".join(c.value for c in data_page().caption)
    assert str(data_dir) not in shown
