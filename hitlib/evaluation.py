"""Honest evaluation: cross-validation that keeps each artist on one side, and one tidy results table.

Introduced in chapter 2, Baselines.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.model_selection import StratifiedGroupKFold

from hitlib.audit import main_artist


def artist_groups(tracks: pd.DataFrame) -> pd.Series:
    """One group label per row: the main artist (credit without "Featuring …"), see chapter 1."""
    return main_artist(tracks["artist"]).rename("artist_group")


def grouped_cv(n_splits: int = 5, seed: int = 0) -> StratifiedGroupKFold:
    """The book's honest protocol: k folds, no artist in two folds, each fold about half hits.

    Pass ``groups=artist_groups(tracks)`` to ``cross_validate`` or ``split``.
    """
    return StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)


def results_table(results: Mapping[tuple[str, str], Mapping[str, object]]) -> pd.DataFrame:
    """Summarise ``cross_validate`` outputs as mean and standard deviation per metric.

    ``results`` maps (model, protocol) to what ``sklearn.model_selection.cross_validate`` returned.
    The table has one row per (model, protocol) and, for every ``test_<metric>`` score, the columns
    ``<metric> mean`` and ``<metric> std`` (the spread over folds, ddof=1), plus ``folds``.
    """
    if not results:
        raise ValueError("results is empty: pass {(model, protocol): cross_validate(...)}")
    rows = {}
    for key, scores in results.items():
        metrics = {
            name.removeprefix("test_"): pd.Series(values, dtype=float)
            for name, values in scores.items()
            if name.startswith("test_")
        }
        if not metrics:
            raise ValueError(f"{key}: no test_* scores; is this the output of cross_validate?")
        row = {}
        for metric, values in metrics.items():
            row[f"{metric} mean"] = values.mean()
            row[f"{metric} std"] = values.std(ddof=1)
        row["folds"] = len(next(iter(metrics.values())))
        rows[key] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index = pd.MultiIndex.from_tuples(table.index, names=["model", "protocol"])
    return table


def paired_difference(scores_a, scores_b, test_train_ratio: float, confidence: float = 0.95) -> dict[str, float]:
    """How much model A beats model B, from their scores on the same cross-validation folds.

    Uses the corrected resampled t-test of Nadeau & Bengio (2003): folds share most of their training
    rows, so their scores are correlated and the plain standard error is too small. The variance of the
    mean difference is inflated from ``s²/J`` to ``(1/J + test_train_ratio) · s²`` for ``J`` folds (all
    repeats together); ``test_train_ratio`` is test rows over training rows, ``1/(k-1)`` for k folds.
    Returns the mean difference, the ends of its confidence interval and the two-sided p-value.

    Introduced in chapter 4, The neural network.
    """
    scores_a, scores_b = np.asarray(scores_a, dtype=float), np.asarray(scores_b, dtype=float)
    if scores_a.ndim != 1 or scores_a.shape != scores_b.shape or len(scores_a) < 2:
        raise ValueError(
            f"need the two models' scores on the same 2 or more folds, got {scores_a.size} and {scores_b.size} scores"
        )
    differences = scores_a - scores_b
    if test_train_ratio <= 0:
        raise ValueError(f"test_train_ratio must be positive (1/(k-1) for k folds), got {test_train_ratio}")
    n = len(differences)
    mean = differences.mean()
    standard_error = np.sqrt((1 / n + test_train_ratio) * differences.var(ddof=1))
    half_width = stats.t.ppf(0.5 + confidence / 2, df=n - 1) * standard_error
    if standard_error > 0:
        p_value = 2 * stats.t.sf(abs(mean) / standard_error, df=n - 1)
    else:  # identical differences on every fold
        p_value = 1.0 if mean == 0 else 0.0
    return {
        "difference": float(mean),
        "low": float(mean - half_width),
        "high": float(mean + half_width),
        "p": float(p_value),
    }


def holm(p_values: pd.Series) -> pd.Series:
    """Holm's step-down adjustment of p-values, for many comparisons made at once.

    Compare each adjusted p-value with the usual level (0.05): the chance of any false discovery
    among all the comparisons then stays below that level.

    Introduced in chapter 4, The neural network.
    """
    p_values = pd.Series(p_values, dtype=float)
    if p_values.isna().any() or not p_values.between(0, 1).all():
        raise ValueError("p-values must be numbers between 0 and 1")
    order = p_values.sort_values().index
    m = len(p_values)
    adjusted = (p_values[order] * np.arange(m, 0, -1)).cummax().clip(upper=1)
    return adjusted.reindex(p_values.index)
