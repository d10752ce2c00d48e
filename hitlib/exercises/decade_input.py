"""Self-checks for the exercises of *What the decade adds, model by model*, a deep dive that extends
*Gradient boosting and the leaderboard*."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hitlib.evaluation import fold_ratio, holm, paired_difference
from hitlib.exercises._shared import Hint, _close, _number, _numbers, self_check


def _decade_gains(scores: dict, name: str) -> np.ndarray:
    return np.asarray(scores[(name, "with decade")], dtype=float) - np.asarray(
        scores[(name, "audio only")], dtype=float
    )


@self_check("decade_input.1")
def _gain_gap(answer, scores: dict, n_splits: int) -> None:
    given = _numbers(answer, 3, "the difference of the two gains and the two ends of its interval")
    boosting, logistic = _decade_gains(scores, "gradient boosting"), _decade_gains(scores, "logistic regression")
    interval = paired_difference(boosting, logistic, test_train_ratio=fold_ratio(n_splits))
    expected = [interval["difference"], interval["low"], interval["high"]]
    if _close(given, expected, 1e-6):
        return
    if _close(given / 100, expected, 1e-6):
        raise Hint("give the numbers as fractions of 1, not in points")
    if _close(given[0], -expected[0], 1e-6):
        raise Hint("the sign is reversed: take boosting's gains minus logistic regression's")
    raise Hint("not paired_difference's interval for the two models' fold gains (with decade minus audio only)")


@self_check("decade_input.2")
def _ranked_gains(answer, scores: dict, n_splits: int) -> None:
    count = _number(answer, "how many pairs of gains differ after Holm's adjustment")
    models = [name for name in dict.fromkeys(name for name, _ in scores) if name != "neural network (early stopping)"]
    p_values = pd.Series(
        {
            (a, b): paired_difference(
                _decade_gains(scores, a), _decade_gains(scores, b), test_train_ratio=fold_ratio(n_splits)
            )["p"]
            for i, a in enumerate(models)
            for b in models[i + 1 :]
        }
    )
    adjusted = holm(p_values)
    if count == int((adjusted < 0.05).sum()):
        return
    if count == int((p_values < 0.05).sum()):
        raise Hint("that counts the raw p-values: adjust all of them together with holm first")
    raise Hint(f"not the number of the {len(p_values)} pairs whose Holm-adjusted p-value is below 0.05")
