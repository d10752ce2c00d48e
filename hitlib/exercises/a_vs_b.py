"""Self-checks for the exercises of *Is A really better than B?*, the interlude after *Normalization*."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from hitlib.evaluation import fold_ratio, paired_difference
from hitlib.exercises._shared import Hint, _close, _numbers, self_check


@self_check("a_vs_b.1")
def _third_pair(answer, scores: pd.DataFrame, n_splits: int) -> None:
    given = _numbers(answer, 3, "the difference and the two ends of its interval")
    svm, without = scores["linear SVM"], scores["logistic regression without instrumentalness"]
    interval = paired_difference(svm, without, test_train_ratio=fold_ratio(n_splits))
    expected = [interval["difference"], interval["low"], interval["high"]]
    if _close(given, expected, 1e-6):
        return
    if _close(given / 100, expected, 1e-6):
        raise Hint("give the numbers as fractions of 1, not in points")
    if _close(given[0], -expected[0], 1e-6):
        raise Hint("the sign is reversed: take the linear SVM minus the model without instrumentalness")
    differences = svm - without
    textbook = stats.t.ppf(0.975, df=len(differences) - 1) * differences.std(ddof=1) / np.sqrt(len(differences))
    if _close(given[1:], [expected[0] - textbook, expected[0] + textbook], 1e-6):
        raise Hint("that is the textbook interval: paired_difference widens it for the folds' shared rows")
    raise Hint("not paired_difference's interval for these two models' fold scores, with 1/(k-1) as the ratio")


FOLD_COUNTS = (3, 5, 10, 20)  # exercise a_vs_b.2


@self_check("a_vs_b.2")
def _fold_factors(answer) -> None:
    factors = _numbers(answer, len(FOLD_COUNTS), f"one factor for each number of folds {FOLD_COUNTS}")
    k = np.asarray(FOLD_COUNTS, dtype=float)
    if _close(factors, np.sqrt(1 / k + 1 / (k - 1)), 1e-3):
        return
    if _close(factors, np.sqrt(1 / k), 1e-3):
        raise Hint("that leaves out the correction: add n_test/n_train, 1/(k-1), to 1/k")
    if _close(factors, np.sqrt(2 / k), 1e-3):
        raise Hint("n_test/n_train is one fold over the other k - 1 folds: 1/(k-1), not 1/k")
    raise Hint("not the square root of 1/k + 1/(k-1) for each k")
