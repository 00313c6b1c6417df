"""The import history as the Données et méthode page shows it (upload.history)."""

import pandas as pd

from observatoire import storage, upload


def test_history_table_lists_the_latest_import_first_with_french_headers():
    entries = [
        {"date": "2026-01-02T10:00:00", "file": "a.csv", "type": "acteurs", "rows_read": 10,
         "rows_accepted": 9, "rows_rejected": 1, "rows_unlocated": 0, "backup": None},
        {"date": "2026-02-03T11:00:00", "file": "b.xlsx", "type": "projets", "rows_read": 5},
    ]
    table = upload.history_table(entries)
    assert table["Fichier"].tolist() == ["b.xlsx", "a.csv"]
    assert "Lignes acceptées" in table.columns
    assert pd.isna(table.loc[0, "Lignes acceptées"]) and table.loc[1, "Lignes acceptées"] == 9


def test_history_table_of_no_import_is_empty_with_its_headers():
    table = upload.history_table([])
    assert table.empty and list(table.columns) == list(upload.HISTORY_COLUMNS.values())


def test_the_page_history_reads_the_folder_history_with_merges_and_restorations(tmp_path):
    storage.append_history(tmp_path, {
        "date": "2026-03-01T09:00:00", "file": "rna.csv", "type": "acteurs", "format": "rna",
        "mode": "fusionner", "rows_read": 5, "rows_accepted": 4, "rows_rejected": 1,
        "rows_unlocated": 1, "rows_added": 3, "rows_updated": 1,
        "backup": str(tmp_path / "historique" / "acteurs-20260301-090000-000000.csv"),
    })
    storage.append_history(tmp_path, {
        "date": "2026-03-02T09:00:00", "file": "restauration de acteurs-1.csv", "type": "acteurs",
        "action": "restauration", "rows_accepted": 2033,
    })
    table = upload.history(tmp_path)
    assert table["Format"].tolist() == ["restauration", "rna"]
    assert table["Type"].tolist() == ["Acteurs", "Acteurs"]
    merge = table.iloc[1]
    assert (merge["Mode"], merge["Lignes ajoutées"], merge["Lignes mises à jour"]) == ("fusionner", 3, 1)
    assert merge["Lignes non localisées"] == 1
    # the page names the folder: the table keeps the file name, not a path of this machine
    assert merge["Version précédente gardée"] == "acteurs-20260301-090000-000000.csv"
