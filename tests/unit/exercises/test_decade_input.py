"""hitlib.exercises.decade_input: the self-checks of *What the decade adds, model by model*."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from tests.unit.exercises import assert_correct, assert_hint


def decade_scores():
    """Fold accuracies of three models, audio only and with decade, on three folds."""
    return {
        ("logistic regression", "audio only"): [0.72, 0.73, 0.71],
        ("logistic regression", "with decade"): [0.73, 0.74, 0.72],
        ("gradient boosting", "audio only"): [0.77, 0.78, 0.76],
        ("gradient boosting", "with decade"): [0.80, 0.80, 0.79],
        ("random forest", "audio only"): [0.77, 0.77, 0.76],
        ("random forest", "with decade"): [0.79, 0.795, 0.78],
        ("neural network (early stopping)", "audio only"): [0.75, 0.75, 0.74],
        ("neural network (early stopping)", "with decade"): [0.70, 0.70, 0.70],
    }


def test_decade_input_1_gain_gap(capsys):
    scores = decade_scores()
    boosting, logistic = np.array([0.03, 0.02, 0.03]), np.array([0.01, 0.01, 0.01])
    differences = boosting - logistic
    half = stats.t.ppf(0.975, df=2) * np.sqrt((1 / 3 + 1 / 2) * differences.var(ddof=1))
    right = np.array([differences.mean(), differences.mean() - half, differences.mean() + half])
    assert_correct(capsys, "decade_input.1", right, scores, 3)
    assert_hint(capsys, "not in points", "decade_input.1", 100 * right, scores, 3)
    assert_hint(capsys, "sign is reversed", "decade_input.1", -right[[0, 2, 1]], scores, 3)


def test_decade_input_2_ranked_gains(capsys):
    scores = decade_scores()
    from hitlib.evaluation import holm, paired_difference

    gains = {
        name: np.subtract(scores[(name, "with decade")], scores[(name, "audio only")])
        for name in ("logistic regression", "gradient boosting", "random forest")
    }
    names = list(gains)
    raw = pd.Series(
        {
            (a, b): paired_difference(gains[a], gains[b], test_train_ratio=1 / 2)["p"]
            for i, a in enumerate(names)
            for b in names[i + 1 :]
        }
    )
    right = int((holm(raw) < 0.05).sum())
    assert_correct(capsys, "decade_input.2", right, scores, 3)
    assert_hint(capsys, "below 0.05", "decade_input.2", 7, scores, 3)  # three pairs at most
