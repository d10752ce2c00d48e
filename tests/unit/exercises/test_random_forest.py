"""hitlib.exercises.random_forest: the self-checks of *Random forests*."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.inspection import permutation_importance
from sklearn.model_selection import cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from hitlib.features import FEATURE_NAMES
from tests.unit.exercises import assert_correct, assert_hint


def small_forest(random_state=None):
    return make_pipeline(
        StandardScaler(), RandomForestClassifier(n_estimators=5, max_depth=4, random_state=random_state)
    )


def test_5_1_other_seeds(capsys, split):
    X_train, X_test, y_train, y_test = split
    forest = small_forest(25).fit(X_train, y_train)
    right = [small_forest(seed).fit(X_train, y_train).score(X_test, y_test) for seed in (1, 2)]
    assert_correct(capsys, "5.1", right, forest, X_train, y_train, X_test, y_test)
    unchanged = [forest.score(X_test, y_test)] * 2
    assert_hint(capsys, "did the new random_state", "5.1", unchanged, forest, X_train, y_train, X_test, y_test)


def test_5_2_zero_chorus(capsys, split):
    X_train, X_test, y_train, y_test = split
    forest = small_forest(0).fit(X_train, y_train)
    zero = X_test["chorus_hit"] == 0
    right = (zero.sum(), (y_test[zero] == 0).sum(), (forest.predict(X_test[zero]) == 0).sum())
    assert_correct(capsys, "5.2", right, forest, X_test, y_test)
    assert_hint(capsys, "not the number of flops", "5.2", (right[0], right[0] + 1, right[2]), forest, X_test, y_test)
    assert_hint(capsys, "*predicts*", "5.2", (right[0], right[1], right[1] + 1), forest, X_test, y_test)


def test_5_3_max_features(capsys, sample):
    X, y = sample[FEATURE_NAMES], sample["target"]
    folds = [(np.arange(1000), np.arange(1000, 2000)), (np.arange(1000, 2000), np.arange(1000))]
    forest = RandomForestClassifier(n_estimators=5, max_features=15, random_state=0, n_jobs=-1)
    right = cross_validate(forest, X, y, cv=folds)["test_score"].mean()
    assert_correct(capsys, "5.3", (15, right), X, y, folds, 5)
    assert_hint(capsys, "not in points", "5.3", (15, 100 * right), X, y, folds, 5)
    assert_hint(capsys, "one of the three settings", "5.3", (4, right), X, y, folds, 5)
    assert_hint(capsys, "not the mean test accuracy of max_features=3", "5.3", (3, right + 0.05), X, y, folds, 5)


def test_5_4_noise_importance(capsys, split):
    X_train, X_test, y_train, y_test = split
    rng = np.random.default_rng(0)
    noisy_train = X_train.assign(noise=rng.uniform(size=len(X_train)))
    noisy_test = X_test.assign(noise=rng.uniform(size=len(X_test)))

    def noise_permutation(model, X, y):
        return permutation_importance(model, X, y, n_repeats=3, random_state=0).importances_mean[-1]

    pipeline = make_pipeline(StandardScaler(), RandomForestClassifier(n_estimators=20, random_state=0))
    pipeline.fit(noisy_train, y_train)
    impurity = pipeline[-1].feature_importances_[-1]
    right = (impurity, noise_permutation(pipeline, noisy_test, y_test))
    context = (pipeline, noisy_test, y_test)
    assert_correct(capsys, "5.4", right, *context)
    assert_hint(capsys, "feature_importances_", "5.4", right[::-1], *context)
    on_training_rows = noise_permutation(pipeline, noisy_train, y_train)
    assert_hint(capsys, "*test* tracks", "5.4", (impurity, on_training_rows), *context)
    plain = small_forest(0).fit(X_train, y_train)
    assert_hint(capsys, "named 'noise'", "5.4", right, plain, X_test, y_test)
    forest = RandomForestClassifier(n_estimators=5, random_state=0).fit(noisy_train, y_train)  # no pipeline
    right = (forest.feature_importances_[-1], noise_permutation(forest, noisy_test, y_test))
    assert_correct(capsys, "5.4", right, forest, noisy_test, y_test)
