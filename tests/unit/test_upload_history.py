"""The history of versions as the Données et méthode page shows it (upload.history): one
builder, fed by the store itself."""

import pandas as pd

from observatoire import storage, upload
from observatoire.importers import import_file
from tests import registers


def test_history_table_lists_the_latest_version_first_with_french_headers():
    entries = [
        {"id": 1, "created_at": "2026-01-02T10:00:00", "author": "poste local", "action": "import",
         "file_name": "a.csv", "kind": "acteurs", "rows_read": 10, "rows_accepted": 9,
         "rows_rejected": 1},
        {"id": 2, "created_at": "2026-02-03T11:00:00", "author": "a@region.fr", "action": "import",
         "file_name": "b.xlsx", "kind": "projets", "rows_read": 5},
    ]
    table = upload.history_table(entries)
    assert table["Fichier"].tolist() == ["b.xlsx", "a.csv"]
    assert table["Par"].tolist() == ["a@region.fr", "poste local"]
    assert "Lignes acceptées" in table.columns
    assert pd.isna(table.loc[0, "Lignes acceptées"]) and table.loc[1, "Lignes acceptées"] == 9


def test_history_table_of_no_version_is_empty_with_its_headers():
    table = upload.history_table([])
    assert table.empty and list(table.columns) == list(upload.HISTORY_COLUMNS.values())


def test_the_page_history_reads_the_store_with_merges_and_restorations(tmp_path):
    data_dir = tmp_path / "donnees"
    first = import_file(registers.rna_file(tmp_path), "acteurs", data_dir, fmt="rna")
    merged = import_file(registers.rna_file(tmp_path), "acteurs", data_dir, fmt="rna",
                         mode="fusionner")
    storage.restore_previous(data_dir, "acteurs")
    table = upload.history(data_dir)
    assert table["Version"].tolist() == sorted(table["Version"].tolist(), reverse=True)
    assert table.iloc[0]["Action"].startswith("restauration de la version")
    merge = table.iloc[1]
    assert merge["Mode"] == "fusionner" and merge["Format"] == "rna"
    assert (merge["Lignes lues"], merge["Lignes acceptées"], merge["Lignes rejetées"]) == (
        merged.rows_read, merged.rows_accepted, merged.rows_rejected)
    assert merge["Lignes ajoutées"] == merged.rows_added
    assert table.iloc[2]["Acteurs de la version"] == first.rows_total
    # the import engine called directly names the command line's account; the restoration the
    # local user (upload.restore's default)
    assert table.iloc[0]["Par"] == storage.LOCAL_AUTHOR
    assert all(by.startswith("ligne de commande") for by in table["Par"].iloc[1:])
