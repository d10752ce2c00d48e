"""Self-checks for the exercises of *The feature-drop table*, a deep dive that extends *The neural network*."""

from __future__ import annotations

import numpy as np
from scipy import stats

from hitlib.evaluation import fold_ratio
from hitlib.exercises._shared import Hint, _close, _number, _numbers, self_check


@self_check("feature_drop.1")
def _widening(answer, k: int) -> None:
    factor = _number(answer, "how many times wider the corrected interval is")
    naive = 2 / np.sqrt(k)
    critical = stats.t.ppf(0.975, df=k - 1)
    corrected = critical * np.sqrt(1 / k + fold_ratio(k))
    if _close(factor, corrected / naive, 0.01):
        return
    if _close(factor, naive / corrected, 0.01):
        raise Hint("that is the inverse ratio: the corrected interval is the wider one")
    if _close(factor, critical * np.sqrt(1 / k) / naive, 0.01):
        raise Hint("that has the t value but not the correction for overlapping training sets (the 1/(k-1) term)")
    if _close(factor, 1.96 * np.sqrt(1 / k + fold_ratio(k)) / naive, 0.01):
        raise Hint("with k - 1 degrees of freedom, use the t distribution's critical value, not 1.96")
    raise Hint("not the ratio of the corrected interval's half-width to 2 standard errors")


REPEATS = (1, 2, 5, 10, 100)  # exercise feature_drop.2: repeats of the deep dive's folds


@self_check("feature_drop.2")
def _repeated_half_widths(answer, drop_scores: dict) -> None:
    """``drop_scores`` maps (variant, protocol) to its fold scores, the full network first."""
    half_widths = _numbers(answer, len(REPEATS), f"one half-width for each number of repeats {REPEATS}")
    full, *variants = [np.asarray(scores["test_accuracy"], dtype=float) for scores in drop_scores.values()]
    k = len(full)
    spread = np.sqrt(np.mean([np.var(variant - full, ddof=1) for variant in variants]))

    def half_width(r, critical=None, ratio=None):
        ratio = fold_ratio(k) if ratio is None else ratio
        critical = stats.t.ppf(0.975, df=r * k - 1) if critical is None else critical
        return critical * np.sqrt(1 / (r * k) + ratio) * spread

    def matches(values):  # to 0.2 %, so four significant digits are enough
        return bool(np.allclose(half_widths, values, rtol=2e-3, atol=0))

    if matches([half_width(r) for r in REPEATS]):
        return
    if matches([half_width(r, ratio=0) for r in REPEATS]):
        raise Hint("that forgets the correction: folds share training rows, so add n_test/n_train to 1/J")
    if matches([half_width(r, ratio=1 / k) for r in REPEATS]):
        raise Hint(f"n_test/n_train is test rows over training rows: with {k} folds, 1/{k - 1}, not 1/{k}")
    if matches([half_width(r, critical=stats.t.ppf(0.975, df=k - 1)) for r in REPEATS]):
        raise Hint("the degrees of freedom grow with the number of fold results: J - 1 for J = r x k results")
    if matches([half_width(r, critical=1.96) for r in REPEATS]):
        raise Hint("use Student's t with J - 1 degrees of freedom, not 1.96")
    ratios = half_widths / np.array([half_width(r) for r in REPEATS])
    if np.allclose(ratios, ratios[0], rtol=1e-3):
        raise Hint(
            "the shape is right but the spread s is off: take the variance (ddof=1) of each variant's fold "
            "differences from the full network, average over the variants, then the square root"
        )
    raise Hint("not the corrected half-widths: critical value times the root of (1/J + 1/(k-1)) times s")
