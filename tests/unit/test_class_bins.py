"""The map's classes are mapclassify's, bin for bin, without importing it in the server."""

import subprocess
import sys
import warnings

import numpy as np
import pytest

from observatoire.indicators import classify, fisher_jenks_bins, quantile_bins

mapclassify = pytest.importorskip("mapclassify")  # requirements-dev.txt

RNG = np.random.default_rng(13)
SAMPLES = {
    "rates": RNG.exponential(3, 240),
    "counts": RNG.integers(1, 20, 300).astype(float),
    "rounded": np.round(RNG.lognormal(1, 1, 120), 2),
    "uniform": RNG.random(80) * 100,
    "few": np.array([1.0, 1.0, 2.0, 3.0, 3.0, 8.0]),
}


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("k", [2, 3, 5])
def test_quantile_bins_are_mapclassify_quantiles(name, k):
    values = SAMPLES[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = mapclassify.Quantiles(values, k=k).bins
    assert np.array_equal(quantile_bins(values, k), expected)


# mapclassify refuses fewer distinct values than classes: those pairs are not compared
@pytest.mark.parametrize(("name", "k"), [(name, k) for name in SAMPLES for k in (2, 3, 5)
                                         if len(np.unique(SAMPLES[name])) >= k])
def test_fisher_jenks_bins_are_mapclassify_fisher_jenks(name, k):
    values = SAMPLES[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = mapclassify.FisherJenks(values, k=k).bins
    assert np.array_equal(fisher_jenks_bins(values, k), expected)


def test_classifying_for_a_map_imports_neither_mapclassify_nor_scipy():
    code = (
        "import sys\n"
        "from observatoire.indicators import classify\n"
        "classify([0, 1, 2, 3, 5, 8, 13, 21], k=3, method='jenks')\n"
        "classify([0, 1, 2, 3, 5, 8, 13, 21], k=3, method='quantiles')\n"
        "print(sorted(m for m in ('mapclassify', 'scipy', 'sklearn') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_classes_still_separate_groups_with_the_numpy_bins():
    values = [1, 2, 3, 50, 51, 52, 100, 101]
    bins, labels = classify(values, k=3, method="jenks")
    assert bins == [3.0, 52.0, 101.0]
    assert labels.nunique() == 3
