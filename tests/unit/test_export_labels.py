"""Exports carry the label shown on screen beside each code, the code kept in its own column."""

import pandas as pd

from observatoire import export, export_labels, schema
from tests.conftest import ROOT


def test_each_code_is_followed_by_its_label_and_kept():
    acteurs = pd.read_csv(ROOT / "data" / "acteurs.csv", dtype=str)
    out = export_labels.with_labels(acteurs)
    cols = list(out.columns)
    for column, nomenclature in (("secteur", schema.SECTEURS),
                                 ("type_acteur", schema.TYPES_ACTEUR),
                                 ("forme_juridique", schema.FORMES_JURIDIQUES)):
        assert cols[cols.index(column) + 1] == f"{column}_libelle"
        assert out[column].equals(acteurs[column])  # the code, unchanged
        expected = acteurs[column].map(nomenclature)
        assert out[f"{column}_libelle"].dropna().tolist() == expected.dropna().tolist()
    assert len(out) == len(acteurs)


def test_several_dispositifs_are_written_as_their_labels():
    frame = pd.DataFrame({"dispositifs": ["|".join(list(schema.DISPOSITIFS)[:2])]})
    label = export_labels.with_labels(frame)["dispositifs_libelle"].iloc[0]
    assert label == ", ".join(list(schema.DISPOSITIFS.values())[:2])


def test_the_csv_export_reads_back_with_codes_and_labels():
    frame = pd.DataFrame({"id": ["A1"], "secteur": ["sante"]})
    prov = export.provenance("Aucun filtre", "test", "2026-01-01", "test")
    back, _ = export.read_export_csv(export.to_csv_bytes(export_labels.with_labels(frame), prov))
    assert back.loc[0, "secteur"] == "sante" and back.loc[0, "secteur_libelle"] == "Santé"


def test_a_table_without_codes_is_left_as_it_is():
    twin = pd.DataFrame({"Territoire": ["Ain"], "Code": ["01"]})
    assert export_labels.with_labels(twin) is twin
