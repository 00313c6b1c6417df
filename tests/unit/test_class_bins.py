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


# mapclassify refuses fewer distinct values than classes for Fisher-Jenks: not compared there
CASES = [(method, name, k) for method in ("quantiles", "jenks") for name in SAMPLES
         for k in (2, 3, 5) if method == "quantiles" or len(np.unique(SAMPLES[name])) >= k]


@pytest.mark.parametrize(("method", "name", "k"), CASES)
def test_our_bins_are_mapclassify_bins(method, name, k):
    values = SAMPLES[name]
    ours, theirs = {"quantiles": (quantile_bins, mapclassify.Quantiles),
                    "jenks": (fisher_jenks_bins, mapclassify.FisherJenks)}[method]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = theirs(values, k=k).bins
    assert np.array_equal(ours(values, k), expected)


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
