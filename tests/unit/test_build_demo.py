"""The demonstration generator: reproducible, fast, spread like the region's population."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
import shapely

from observatoire.build import demo
from observatoire.build import reference
from observatoire.schema import DEMO_SOURCE, DEPARTEMENTS, SECTEURS


@pytest.fixture(scope="module")
def communes(root):
    path = root / "geo" / "communes.parquet"
    if not path.exists():
        pytest.fail("geo/communes.parquet manque : lancez python -m observatoire build-geo")
    return demo.load_communes(root / "geo")


@pytest.fixture(scope="module")
def generated(communes):
    """The default dataset, generated rows only."""
    actors, projects = demo.generate(communes=communes, include_real=False)
    return actors, projects


@pytest.fixture(scope="module")
def territory_of(communes):
    return communes.set_index("code")["code_departement"]


@pytest.mark.parametrize(
    ("name", "of", "at"),
    [
        ("Lyon", "de Lyon", "à Lyon"),
        ("Annecy", "d'Annecy", "à Annecy"),
        ("Évian-les-Bains", "d'Évian-les-Bains", "à Évian-les-Bains"),
        ("Le Puy-en-Velay", "du Puy-en-Velay", "au Puy-en-Velay"),
        ("Les Vans", "des Vans", "aux Vans"),
        ("La Roche-sur-Foron", "de La Roche-sur-Foron", "à La Roche-sur-Foron"),
        ("L'Isle-d'Abeau", "de L'Isle-d'Abeau", "à L'Isle-d'Abeau"),
    ],
)
def test_commune_names_take_the_right_french_preposition(name, of, at):
    assert demo.of_place(name) == of
    assert demo.at_place(name) == at


def test_two_runs_write_byte_identical_files(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert demo.main(["--out", str(first)]) == 0
    assert demo.main(["--out", str(second)]) == 0
    for name in ("acteurs.csv", "projets.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_committed_files_equal_a_fresh_generation(root, communes):
    actors, projects = demo.generate(communes=communes)
    assert (root / "data" / "acteurs.csv").read_bytes() == demo.to_csv_bytes(actors), (
        "data/acteurs.csv n'est plus à jour : python -m observatoire demo"
    )
    assert (root / "data" / "projets.csv").read_bytes() == demo.to_csv_bytes(projects)


def test_another_seed_gives_other_rows(communes):
    one, _ = demo.generate(200, 50, seed=1, communes=communes, include_real=False)
    two, _ = demo.generate(200, 50, seed=2, communes=communes, include_real=False)
    assert not one["code_commune"].equals(two["code_commune"])


def test_requested_counts_are_generated_on_top_of_the_real_rows(communes):
    actors, projects = demo.generate(300, 120, communes=communes)
    assert (actors["source"] == DEMO_SOURCE).sum() == 300
    assert (projects["source"] == DEMO_SOURCE).sum() == 120
    assert (actors["source"] != DEMO_SOURCE).sum() == len(reference.read("acteurs"))


def test_generating_20000_actors_takes_a_few_seconds(communes):
    started = time.perf_counter()
    actors, projects = demo.generate(20_000, 8_000, communes=communes)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"{elapsed:.1f} s pour 20 000 acteurs"
    assert actors["id"].is_unique and projects["id"].is_unique
    assert actors["id"].iloc[-1] == "A20000"


@pytest.mark.parametrize("territory", list(DEPARTEMENTS))
def test_every_territory_has_generated_actors(generated, territory_of, territory):
    actors, _ = generated
    assert (actors["code_commune"].map(territory_of) == territory).sum() >= 20


@pytest.mark.parametrize("sector", list(SECTEURS))
def test_every_sector_has_generated_actors(generated, sector):
    actors, _ = generated
    assert (actors["secteur"] == sector).sum() >= 5


def test_every_epci_has_at_least_one_generated_actor(generated, communes):
    actors, _ = generated
    covered = set(actors["code_commune"].map(communes.set_index("code")["code_epci"]))
    assert set(communes["code_epci"].dropna()) <= covered


def test_actors_follow_population_metropole_de_lyon_ahead_of_cantal(generated, territory_of):
    counts = generated[0]["code_commune"].map(territory_of).value_counts()
    assert counts["69M"] > 2 * counts["15"]
    assert counts["38"] > counts["43"]


def test_generated_points_lie_inside_their_commune_and_off_its_centre(generated, communes):
    actors, _ = generated
    table = communes.set_index("code")
    polygons = table.geometry.loc[actors["code_commune"]].to_numpy()
    lon, lat = actors["longitude"].to_numpy(float), actors["latitude"].to_numpy(float)
    assert shapely.contains_xy(polygons, lon, lat).all()
    on_centre = np.isclose(lon, table["longitude"].loc[actors["code_commune"]].to_numpy())
    assert on_centre.mean() < 0.05, "le décalage autour du point représentatif a disparu"


def test_jobs_are_skewed_many_small_employers_few_large(generated):
    jobs = generated[0]["emplois"]
    assert jobs.notna().all() and (jobs >= 0).all()
    assert (jobs <= 10).mean() > 0.7
    assert jobs.max() >= 100
    assert jobs.median() <= 5


def test_creation_years_run_from_1901_and_mostly_after_1980(generated):
    years = generated[0]["annee_creation"]
    assert years.between(1901, demo.LAST_YEAR).all()
    assert (years >= 1980).mean() > 0.8
    assert (years < 1950).any()


def test_scic_are_never_older_than_the_2001_law(generated):
    actors = generated[0]
    assert (actors.loc[actors["forme_juridique"] == "scic", "annee_creation"] >= 2002).all()


def test_legal_forms_are_mostly_associations_among_structures(generated):
    structures = generated[0].query("type_acteur == 'structure'")
    shares = structures["forme_juridique"].value_counts(normalize=True)
    assert shares.index[0] == "association"
    assert {"scop", "scic", "societe-esus", "mutuelle", "fondation", "cae"} <= set(shares.index)


def test_dispositifs_are_often_empty_and_listed_in_nomenclature_order(generated):
    codes = generated[0]["dispositifs"]
    assert 0.4 < (codes == "").mean() < 0.7
    order = list(demo.DISPOSITIFS)
    for value in codes[codes.str.contains("|", regex=False)]:
        parts = value.split("|")
        assert parts == sorted(parts, key=order.index) and len(set(parts)) == len(parts)


def test_generated_actors_never_carry_a_siret_or_a_website(generated):
    actors = generated[0]
    assert (actors["siret"] == "").all() and (actors["site_web"] == "").all()
    assert (actors["source"] == DEMO_SOURCE).all()


def test_generated_names_are_unique_and_never_reuse_a_real_name(generated):
    names = generated[0]["nom"]
    assert names.is_unique
    for real_name in reference.read("acteurs")["nom"]:
        core = real_name.split(" (")[0].split(" – ")[0].lower()
        assert not names.str.lower().str.contains(core, regex=False).any(), core


def test_invented_projects_are_carried_by_invented_actors_of_the_same_epci(generated, communes):
    actors, projects = generated
    carrier_commune = projects["porteur_id"].map(actors.set_index("id")["code_commune"])
    assert carrier_commune.notna().all()
    epci = communes.set_index("code")["code_epci"]
    assert (projects["code_commune"].map(epci) == carrier_commune.map(epci)).all()
    assert (projects["code_commune"] == carrier_commune).mean() > 0.6


def test_aid_is_given_exactly_when_a_dispositif_is(generated):
    projects = generated[1]
    with_aid = projects["montant_aide_eur"].notna()
    assert (with_aid == (projects["dispositif"] != "")).all()
    amounts = projects.loc[with_aid, "montant_aide_eur"]
    assert amounts.between(5_000, 500_000).all()
    assert amounts.median() < amounts.mean()  # skewed to the right


def test_project_years_run_from_2010_to_2026_never_before_the_carrier(generated):
    actors, projects = generated
    created = projects["porteur_id"].map(actors.set_index("id")["annee_creation"])
    assert projects["annee_debut"].between(2010, 2026).all()
    assert (projects["annee_debut"] >= created).all()


def test_young_projects_are_never_stopped_or_spreading(generated):
    projects = generated[1]
    young = projects[projects["annee_debut"] >= 2025]
    assert not young["statut"].isin(["arrete", "essaimage"]).any()
    assert set(projects["statut"]) == set(demo.STATUTS_PROJET)


def test_drome_only_programmes_stay_in_the_drome(generated, territory_of):
    actors, projects = generated
    for frame, column in ((actors, "dispositifs"), (projects, "dispositif")):
        local = frame[column].str.contains("start-up-de-territoire|territoires-innovation")
        assert (frame.loc[local, "code_commune"].map(territory_of) == "26").all()


def test_csv_bytes_write_missing_numbers_as_empty_cells():
    frame = pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "b": ["x", ""]})
    assert demo.to_csv_bytes(frame) == b"a,b\n1,x\n,\n"


def test_command_refuses_projects_without_actors(tmp_path):
    with pytest.raises(SystemExit):
        demo.main(["--out", str(tmp_path), "--actors", "0", "--projects", "5"])
