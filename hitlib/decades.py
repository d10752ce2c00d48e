"""Effect sizes for hits against flops, and their uncertainty when one artist has many tracks.

Introduced in *Hits across the decades*. A standardized mean difference (Cohen's d) says how far apart the
hits' and the flops' averages are, in units of their pooled standard deviation. Its bootstrap
confidence interval here resamples whole artists, not single tracks, because an artist's tracks are
alike and nearly always share a label (*The data tour*): treating them as independent rows would make the
intervals too narrow.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike


def cohens_d(hits: ArrayLike, flops: ArrayLike) -> float | np.ndarray:
    """Cohen's d of hits against flops: (mean of hits - mean of flops) / pooled standard deviation.

    The pooled variance weights each class's sample variance (ddof=1) by its degrees of freedom.
    Positive d: hits have the larger values. With 2-D inputs (rows are tracks, columns features) the
    result has one d per column. Each class needs at least two rows.
    """
    hits, flops = np.asarray(hits, dtype=float), np.asarray(flops, dtype=float)
    if len(hits) < 2 or len(flops) < 2:
        raise ValueError(f"Cohen's d needs at least two hits and two flops, got {len(hits)} and {len(flops)}")
    if hits.shape[1:] != flops.shape[1:]:
        raise ValueError(f"hits and flops have different features: shapes {hits.shape} and {flops.shape}")
    n1, n0 = len(hits), len(flops)
    pooled = ((n1 - 1) * hits.var(axis=0, ddof=1) + (n0 - 1) * flops.var(axis=0, ddof=1)) / (n1 + n0 - 2)
    d = (hits.mean(axis=0) - flops.mean(axis=0)) / np.sqrt(pooled)
    return float(d) if np.ndim(d) == 0 else d


def _class_sums(values: np.ndarray, clusters: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cluster: number of rows, sum of the values and sum of their squares (one column per feature)."""
    codes, _ = pd.factorize(clusters)
    count = np.bincount(codes).astype(float)
    sums = np.zeros((len(count), values.shape[1]))
    squares = np.zeros_like(sums)
    np.add.at(sums, codes, values)
    np.add.at(squares, codes, values**2)
    return count, sums, squares


def _resampled_moments(
    values: np.ndarray, clusters: np.ndarray, n_resamples: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Size, mean and variance (ddof=1) of ``n_resamples`` cluster bootstrap samples of one class."""
    count, sums, squares = _class_sums(values, clusters)
    k = len(count)
    # How often each cluster is drawn when k clusters are drawn with replacement, for every resample.
    weights = rng.multinomial(k, np.full(k, 1 / k), size=n_resamples).astype(float)
    n = weights @ count
    mean = (weights @ sums) / n[:, None]
    variance = ((weights @ squares) - n[:, None] * mean**2) / (n[:, None] - 1)
    return n, mean, variance


def bootstrap_cohens_d(
    values: pd.DataFrame, is_hit: ArrayLike, clusters: ArrayLike | None = None, *, n_resamples: int = 200, seed: int = 0
) -> pd.DataFrame:
    """Cohen's d of every column of ``values`` in ``n_resamples`` bootstrap samples of the rows.

    Hits and flops are resampled separately, so every sample keeps both classes at their sizes in
    clusters. With ``clusters`` (e.g. ``hitlib.evaluation.artist_groups``) whole clusters are drawn
    with replacement, keeping each artist's tracks together; without, single rows are drawn.
    Returns one row per resample and one column per feature; its 2.5 % and 97.5 % quantiles are a
    95 % percentile interval. The same ``seed`` gives the same samples.
    """
    if not isinstance(values, pd.DataFrame):
        raise TypeError("values must be a DataFrame with one column per feature")
    is_hit = np.asarray(is_hit)
    if is_hit.dtype != bool:
        raise ValueError(f"is_hit must be boolean (e.g. tracks['target'] == 1), got dtype {is_hit.dtype}")
    clusters = np.arange(len(values)) if clusters is None else np.asarray(clusters)
    if not len(is_hit) == len(clusters) == len(values):
        raise ValueError(f"values, is_hit and clusters differ in length: {len(values)}, {len(is_hit)}, {len(clusters)}")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be at least 1, got {n_resamples}")
    data = values.to_numpy(dtype=float)
    if np.isnan(data).any():
        raise ValueError("values contain NaN; drop or fill them first")
    spread = data.std(axis=0)
    if (spread == 0).any():
        raise ValueError(f"constant columns have no effect size: {list(values.columns[spread == 0])}")
    data = (data - data.mean(axis=0)) / spread  # d does not change, and the sums of squares stay small
    for label, mask in (("hits", is_hit), ("flops", ~is_hit)):
        if len(set(clusters[mask])) < 2:
            raise ValueError(f"the {label} need at least two clusters to resample")
    rng = np.random.default_rng(seed)
    n1, mean1, var1 = _resampled_moments(data[is_hit], clusters[is_hit], n_resamples, rng)
    n0, mean0, var0 = _resampled_moments(data[~is_hit], clusters[~is_hit], n_resamples, rng)
    pooled = ((n1 - 1)[:, None] * var1 + (n0 - 1)[:, None] * var0) / (n1 + n0 - 2)[:, None]
    return pd.DataFrame((mean1 - mean0) / np.sqrt(pooled), columns=values.columns)
