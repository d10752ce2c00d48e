"""hitlib.exercises.feature_drop: the self-checks of *The feature-drop table*."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from tests.unit.exercises import assert_correct, assert_hint


def test_feature_drop_1_wider_interval(capsys):
    critical = stats.t.ppf(0.975, df=2)
    right = critical * np.sqrt(1 / 3 + 1 / 2) / (2 / np.sqrt(3))
    assert_correct(capsys, "feature_drop.1", right, 3)
    assert_hint(capsys, "inverse ratio", "feature_drop.1", 1 / right, 3)
    assert_hint(capsys, "the 1/(k-1) term", "feature_drop.1", critical / 2, 3)
    assert_hint(capsys, "not 1.96", "feature_drop.1", 1.96 * np.sqrt(1 / 3 + 1 / 2) / (2 / np.sqrt(3)), 3)


def test_feature_drop_2_repeated_half_widths(capsys):
    """Two variants whose fold differences from the full network both have variance 1e-4, so s = 0.01."""
    full = [0.74, 0.75, 0.76]
    drop_scores = {
        ("none", "grouped"): {"test_accuracy": full},
        ("a", "grouped"): {"test_accuracy": np.add(full, [0.01, -0.01, 0.0])},
        ("b", "grouped"): {"test_accuracy": np.add(full, [0.02, 0.0, 0.01])},
    }
    repeats = np.array([1, 2, 5, 10, 100])
    critical = stats.t.ppf(0.975, df=3 * repeats - 1)
    right = critical * np.sqrt(1 / (3 * repeats) + 1 / 2) * 0.01
    assert right[0] == pytest.approx(4.3027 * 0.91287 * 0.01, rel=1e-4)  # t(2) and the root of 1/3 + 1/2
    assert_correct(capsys, "feature_drop.2", right, drop_scores)
    assert_correct(capsys, "feature_drop.2", right.round(5), drop_scores)  # four significant digits are enough
    assert_hint(
        capsys, "forgets the correction", "feature_drop.2", critical * np.sqrt(1 / (3 * repeats)) * 0.01, drop_scores
    )
    assert_hint(
        capsys, "1/2, not 1/3", "feature_drop.2", critical * np.sqrt(1 / (3 * repeats) + 1 / 3) * 0.01, drop_scores
    )
    fixed_df = stats.t.ppf(0.975, df=2) * np.sqrt(1 / (3 * repeats) + 1 / 2) * 0.01
    assert_hint(capsys, "degrees of freedom grow", "feature_drop.2", fixed_df, drop_scores)
    assert_hint(capsys, "not 1.96", "feature_drop.2", 1.96 * np.sqrt(1 / (3 * repeats) + 1 / 2) * 0.01, drop_scores)
    assert_hint(capsys, "the spread s is off", "feature_drop.2", 2 * right, drop_scores)
    assert_hint(capsys, "5 number(s), got 4", "feature_drop.2", right[:4], drop_scores)
