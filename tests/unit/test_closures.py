"""Closed actors: read from any file with a closure year, from SIRENE and the RNA; counted only
in the years they were open (Évolution, past years of the Carte), never in today's figures."""

from __future__ import annotations

import pandas as pd

from observatoire import dataset, evolution, schema, storage
from observatoire.importers import import_file
from tests import registers

THIS_YEAR = schema.current_year()


def _import(tmp_path, text: str, **kwargs):
    path = tmp_path / "acteurs.csv"
    path.write_text(text, encoding="utf-8")
    return import_file(path, "acteurs", tmp_path / "donnees", **kwargs)


def test_a_closure_year_is_read_from_a_year_or_a_date_and_checked(tmp_path):
    report = _import(tmp_path, (
        "nom;code_commune;annee_creation;date_de_fermeture\n"
        "Ouverte;01053;2001;\n"
        "Fermée en 2015;01053;2001;31/03/2015\n"
        "Fermée avant d'exister;01053;2010;2005\n"
        f"Fermée dans le futur;01053;2001;{THIS_YEAR + 1}\n"
    ), dry_run=True)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (4, 2, 2)
    reasons = {e.line: e.reason for e in report.errors}
    assert reasons[4] == "année de fermeture (2005) antérieure à l'année de création (2010)"
    assert "année de fermeture hors de la plage plausible" in reasons[5]
    assert {e.column for e in report.errors} == {"date_de_fermeture"}
    kept = report.frame.set_index("nom")["annee_fermeture"]
    assert pd.isna(kept["Ouverte"]) and kept["Fermée en 2015"] == 2015


def test_the_dataset_counts_closed_actors_apart_and_keeps_them_for_history(tmp_path):
    _import(tmp_path, (
        "id,nom,code_commune,annee_creation,annee_fermeture\n"
        "A1,Ouverte,01053,2001,\n"
        "A2,Fermée en 2015,01053,2001,2015\n"
        f"A3,Fermée cette année,01053,2001,{THIS_YEAR}\n"
    ))
    data = dataset.load(storage.DataLocation(tmp_path / "donnees", "explicit", "test"))
    assert data.acteurs["id"].tolist() == ["A1"]
    assert sorted(data.fermes["id"]) == ["A2", "A3"]
    assert sorted(data.history()["id"]) == ["A1", "A2", "A3"]
    # the closed ones are joined to their territories like the others
    assert set(data.fermes["code_departement"]) == {"01"}
    stock = evolution.yearly(data.history(), None, 2014, THIS_YEAR).set_index("annee")["stock"]
    assert (stock[2014], stock[2015], stock[THIS_YEAR - 1], stock[THIS_YEAR]) == (3, 2, 2, 1)
    past, _, _ = evolution.at_year(data.history(), data.projets, 2014)
    assert sorted(past["id"]) == ["A1", "A2", "A3"]


def test_without_closures_the_dataset_shares_one_table(tmp_path):
    _import(tmp_path, "id,nom,code_commune\nA1,Ouverte,01053\n")
    data = dataset.load(storage.DataLocation(tmp_path / "donnees", "explicit", "test"))
    assert data.fermes is None and data.history() is data.acteurs


def test_a_closed_sirene_establishment_leaves_today_and_stays_in_its_open_years(tmp_path):
    etab, units = registers.sirene_pair(tmp_path)
    import_file(etab, "acteurs", tmp_path / "donnees", fmt="sirene", unites_legales=units)
    data = dataset.load(storage.DataLocation(tmp_path / "donnees", "explicit", "test"))
    closed = "siret-40234567800028"  # etat F, dateDebut 2019-01-01 (tests/registers.py)
    assert closed not in set(data.acteurs["id"])
    assert data.fermes.set_index("id").loc[closed, "annee_fermeture"] == 2019
    on_2018, _, _ = evolution.at_year(data.history(), data.projets, 2018)
    on_2019, _, _ = evolution.at_year(data.history(), data.projets, 2019)
    assert closed in set(on_2018["id"]) and closed not in set(on_2019["id"])


def test_a_dissolved_association_with_its_date_is_kept_closed(tmp_path):
    report = import_file(registers.rna_file(tmp_path), "acteurs", tmp_path / "d", fmt="rna",
                         dry_run=True)
    frame = report.frame.set_index("id")
    assert frame.loc["rna-W691000003", "annee_fermeture"] == 2015
    assert "rna-W691000007" not in frame.index  # position D, no date: out of scope, counted
    assert sum(report.out_of_scope.values()) == 1
