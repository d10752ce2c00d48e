"""hitlib.decades: Cohen's d and its bootstrap over rows or over whole artists."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hitlib.decades import bootstrap_cohens_d, cohens_d


def test_cohens_d_of_a_worked_example():
    # means 2 and 1, both variances 1 (ddof=1), so the pooled standard deviation is 1
    assert cohens_d([1, 2, 3], [0, 1, 2]) == pytest.approx(1.0)
    assert cohens_d([0, 1, 2], [1, 2, 3]) == pytest.approx(-1.0)


def test_cohens_d_pools_the_variances_by_degrees_of_freedom():
    hits, flops = np.array([0.0, 2.0]), np.array([0.0, 0.0, 3.0, 3.0])  # variances 2 and 3
    pooled = (1 * 2 + 3 * 3) / 4
    assert cohens_d(hits, flops) == pytest.approx((1.0 - 1.5) / np.sqrt(pooled))


def test_cohens_d_gives_one_value_per_column():
    hits = np.array([[1, 10], [2, 30], [3, 20]])
    flops = np.array([[0, 20], [1, 40], [2, 30]])
    d = cohens_d(hits, flops)
    assert d.shape == (2,)
    assert d == pytest.approx([1.0, -1.0])


@pytest.mark.parametrize(("hits", "flops"), [([1.0], [0.0, 1.0]), ([0.0, 1.0], [])])
def test_cohens_d_needs_two_rows_per_class(hits, flops):
    with pytest.raises(ValueError, match="at least two"):
        cohens_d(hits, flops)


samples = st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=3, max_size=30)


@given(samples, samples, st.floats(-100, 100), st.floats(0.01, 100))
def test_cohens_d_ignores_units_and_flips_with_the_classes(hits, flops, shift, scale):
    hits, flops = np.array(hits), np.array(flops)
    if np.var(np.concatenate([hits - hits.mean(), flops - flops.mean()])) < 1e-3:
        return  # no spread within the classes: d is undefined
    d = cohens_d(hits, flops)
    assert cohens_d(hits * scale + shift, flops * scale + shift) == pytest.approx(d, rel=1e-6, abs=1e-6)
    assert cohens_d(flops, hits) == pytest.approx(-d, rel=1e-9, abs=1e-9)


def example(n: int = 400, seed: int = 1) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    is_hit = np.arange(n) % 2 == 0
    values = pd.DataFrame({"a": rng.normal(is_hit * 0.5, 1.0), "b": rng.normal(is_hit * -0.2, 2.0)})
    return values, is_hit


def test_bootstrap_is_reproducible_and_centred_on_the_observed_d():
    values, is_hit = example()
    first = bootstrap_cohens_d(values, is_hit, n_resamples=300, seed=3)
    assert list(first.columns) == ["a", "b"] and len(first) == 300
    pd.testing.assert_frame_equal(first, bootstrap_cohens_d(values, is_hit, n_resamples=300, seed=3))
    assert not first.equals(bootstrap_cohens_d(values, is_hit, n_resamples=300, seed=4))
    observed = cohens_d(values[is_hit], values[~is_hit])
    low, high = first.quantile(0.025).to_numpy(), first.quantile(0.975).to_numpy()
    assert (low < observed).all() and (observed < high).all()
    assert np.abs(first.mean().to_numpy() - observed).max() < 0.05


def test_whole_clusters_are_resampled_together():
    """Three identical copies of every row form one cluster: resampling clusters must give what
    resampling the original rows gives, while resampling the copies as rows is falsely precise."""
    values, is_hit = example()
    rows = bootstrap_cohens_d(values, is_hit, n_resamples=200, seed=0)
    copies = pd.DataFrame(np.repeat(values.to_numpy(), 3, axis=0), columns=values.columns)
    copies_hit, cluster = np.repeat(is_hit, 3), np.repeat(np.arange(len(values)), 3)
    clustered = bootstrap_cohens_d(copies, copies_hit, cluster, n_resamples=200, seed=0)
    np.testing.assert_allclose(clustered.to_numpy(), rows.to_numpy(), rtol=0.01)
    naive = bootstrap_cohens_d(copies, copies_hit, n_resamples=200, seed=0)
    assert (naive.std() < 0.75 * clustered.std()).all()  # about 1/sqrt(3) as wide


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda v, h, c: (v["a"], h, c), "DataFrame"),
        (lambda v, h, c: (v, h.astype(int), c), "boolean"),
        (lambda v, h, c: (v, h[:-1], c), "differ in length"),
        (lambda v, h, c: (v.assign(a=np.nan), h, c), "NaN"),
        (lambda v, h, c: (v.assign(b=1.0), h, c), "constant"),
        (lambda v, h, c: (v, h, np.where(h, 0, c)), "hits need at least two clusters"),
    ],
)
def test_bad_input_gets_a_clear_error(change, message):
    values, is_hit = example(n=20)
    clusters = np.arange(20)
    values, is_hit, clusters = change(values, is_hit, clusters)
    with pytest.raises((TypeError, ValueError), match=message):
        bootstrap_cohens_d(values, is_hit, clusters, n_resamples=5)


def test_at_least_one_resample():
    values, is_hit = example(n=20)
    with pytest.raises(ValueError, match="at least 1"):
        bootstrap_cohens_d(values, is_hit, n_resamples=0)
