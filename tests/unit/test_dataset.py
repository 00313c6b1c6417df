"""The dataset the dashboard reads: a folder may hold only one of the two files."""

import shutil

from observatoire import storage, dataset, validation
from observatoire import DEMO_DATA_DIR


def test_a_missing_file_reads_as_an_empty_table_with_the_canonical_dtypes(tmp_path):
    shutil.copy(DEMO_DATA_DIR / "acteurs.csv", tmp_path / "acteurs.csv")
    location = storage.DataLocation(tmp_path, "explicit", "dossier de test")
    projets = dataset.read_kind(location, "projets")
    demo = validation.load_dataset(DEMO_DATA_DIR / "projets.csv", "projets")
    assert len(projets) == 0
    assert list(projets.columns) == list(demo.columns)
    assert (projets.dtypes == demo.dtypes).all()
    loaded = dataset.load(location)
    assert len(loaded.acteurs) == len(validation.load_dataset(tmp_path / "acteurs.csv", "acteurs"))
    assert len(loaded.projets) == 0 and "code_departement" in loaded.projets.columns
