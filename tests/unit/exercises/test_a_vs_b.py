"""hitlib.exercises.a_vs_b: the self-checks of *Is A really better than B?*."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from tests.unit.exercises import assert_correct, assert_hint


def test_a_vs_b_1_third_pair(capsys):
    scores = pd.DataFrame(
        {
            "linear SVM": [0.72, 0.74, 0.71, 0.73, 0.75],
            "logistic regression without instrumentalness": [0.69, 0.70, 0.70, 0.69, 0.71],
        }
    )
    differences = scores["linear SVM"] - scores["logistic regression without instrumentalness"]
    half = stats.t.ppf(0.975, df=4) * np.sqrt((1 / 5 + 1 / 4) * differences.var(ddof=1))
    right = np.array([differences.mean(), differences.mean() - half, differences.mean() + half])
    assert_correct(capsys, "a_vs_b.1", right, scores, 5)
    assert_hint(capsys, "not in points", "a_vs_b.1", 100 * right, scores, 5)
    assert_hint(capsys, "sign is reversed", "a_vs_b.1", -right[[0, 2, 1]], scores, 5)
    textbook = stats.t.ppf(0.975, df=4) * differences.std(ddof=1) / np.sqrt(5)
    assert_hint(
        capsys, "textbook interval", "a_vs_b.1", [right[0], right[0] - textbook, right[0] + textbook], scores, 5
    )
    assert_hint(capsys, "3 number(s), got 2", "a_vs_b.1", right[:2], scores, 5)


def test_a_vs_b_2_fold_factors(capsys):
    k = np.array([3, 5, 10, 20])
    assert_correct(capsys, "a_vs_b.2", np.sqrt(1 / k + 1 / (k - 1)))
    assert_hint(capsys, "leaves out the correction", "a_vs_b.2", np.sqrt(1 / k))
    assert_hint(capsys, "1/(k-1), not 1/k", "a_vs_b.2", np.sqrt(2 / k))
