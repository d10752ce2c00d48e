"""hitlib.exercises.baselines: the self-checks of *Baselines*."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from hitlib.evaluation import grouped_cv
from hitlib.features import FEATURE_NAMES
from tests.unit.exercises import assert_correct, assert_hint, verdict


def test_2_1_roc_auc(capsys, split):
    X_train, X_test, y_train, y_test = split
    model = make_pipeline(MinMaxScaler(), LogisticRegression()).fit(X_train, y_train)
    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    assert_correct(capsys, "2.1", auc, model, X_test, y_test)
    assert_hint(capsys, "yes/no predictions", "2.1", model.score(X_test, y_test), model, X_test, y_test)
    hard = roc_auc_score(y_test, model.predict(X_test))
    assert_hint(capsys, "yes/no predictions", "2.1", hard, model, X_test, y_test)
    assert_hint(capsys, "flops' column", "2.1", 1 - auc, model, X_test, y_test)
    passed, printed = verdict(capsys, "2.1", "0.8", model, X_test, y_test)
    assert not passed and f"{auc:.3f}" not in printed  # a hint never gives the answer away


def test_2_2_ten_splits(capsys, sample):
    X, y = sample[FEATURE_NAMES], sample["target"]

    def accuracies(scaler, on_training=False):
        scores = []
        for seed in range(10):
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=seed)
            model = make_pipeline(scaler(), LogisticRegression()).fit(X_train, y_train)
            scores.append(model.score(X_train, y_train) if on_training else model.score(X_test, y_test))
        return pd.Series(scores)

    assert_correct(capsys, "2.2", accuracies(StandardScaler), X, y)
    assert_hint(capsys, "MinMax-scaled model", "2.2", accuracies(MinMaxScaler), X, y)
    assert_hint(capsys, "training parts", "2.2", accuracies(StandardScaler, on_training=True), X, y)


def test_2_3_tree_under_both_protocols(capsys, sample):
    X, y, credits = sample[FEATURE_NAMES], sample["target"], sample["artist"]
    plain = StratifiedKFold(3, shuffle=True, random_state=0)
    grouped_folds = list(grouped_cv(3, seed=2).split(X, y, credits))
    tree = DecisionTreeClassifier(random_state=0)
    right = (
        cross_validate(tree, X, y, cv=plain)["test_score"].mean(),
        cross_validate(tree, X, y, cv=grouped_folds)["test_score"].mean(),
    )
    assert_correct(capsys, "2.3", right, X, y, plain, grouped_folds)
    assert_hint(capsys, "swapped", "2.3", right[::-1], X, y, plain, grouped_folds)


def test_2_4_balancing_weights(capsys):
    labels = pd.Series([1, 1, 0, 1, 0, 0, 0, 1])  # 1960s: three hits, one flop; 2010s: one hit, three flops
    decades = pd.Series([1960] * 4 + [2010] * 4)
    right = np.array([2 / 3, 2 / 3, 2, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2])  # 0.5 / share, by hand
    assert_correct(capsys, "2.4", right, labels, decades)
    assert_correct(capsys, "2.4", 2 * right, labels, decades)  # a constant factor weighs the classes alike
    assert_hint(capsys, "grow with a class's share", "2.4", 0.5 / right, labels, decades)
    equal = np.ones(len(labels))  # half hits overall, so balancing over all decades weighs every track alike
    assert_hint(capsys, "over all decades", "2.4", equal, labels, decades)
    assert_hint(capsys, "do not weigh the same in the 2010s", "2.4", np.r_[right[:7], 1.0], labels, decades)
    assert_hint(capsys, "decades' totals changed", "2.4", np.r_[3 * right[:4], right[4:]], labels, decades)
    assert_hint(capsys, "positive weight", "2.4", right * 0, labels, decades)
    assert_hint(capsys, "one weight per training track", "2.4", right[:3], labels, decades)
