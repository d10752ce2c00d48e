"""Honest evaluation: cross-validation that keeps each artist on one side, and one tidy results table.

Introduced in chapter 2, Baselines.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
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
        metrics = {name.removeprefix("test_"): pd.Series(values, dtype=float)
                   for name, values in scores.items() if name.startswith("test_")}
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
