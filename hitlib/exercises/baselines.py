"""Self-checks for the exercises of *Baselines*."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import cross_validate, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from hitlib.exercises._shared import Hint, _close, _number, _numbers, self_check


@self_check("2.1")
def _minmax_auc(answer, model, X_test, y_test) -> None:
    auc = _number(answer, "a ROC-AUC")
    hit_probability = model.predict_proba(X_test)[:, 1]
    if _close(auc, roc_auc_score(y_test, hit_probability), 0.0005):
        return
    if _close(auc, roc_auc_score(y_test, model.predict(X_test)), 0.0005) or _close(
        auc, model.score(X_test, y_test), 0.0005
    ):
        raise Hint(
            "that comes from yes/no predictions; ROC-AUC ranks the tracks by their hit probability (predict_proba)"
        )
    if _close(auc, 1 - roc_auc_score(y_test, hit_probability), 0.0005):
        raise Hint("that is the flops' column of predict_proba; the hits are the second column")
    raise Hint("not the ROC-AUC of the MinMax-scaled logistic regression on the original test part")


@self_check("2.2")
def _ten_splits(answer, X, y) -> None:
    accuracies = _numbers(answer, 10, "a test accuracy for each random_state from 0 to 9")

    def accuracies_of(scaler, score_training=False):
        scores = []
        for seed in range(10):
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=seed)
            model = make_pipeline(scaler(), LogisticRegression()).fit(X_train, y_train)
            scores.append(model.score(X_train, y_train) if score_training else model.score(X_test, y_test))
        return scores

    if _close(accuracies, accuracies_of(StandardScaler), 0.0005):
        return
    if _close(accuracies, accuracies_of(MinMaxScaler), 0.0005):
        raise Hint("those come from the MinMax-scaled model; the exercise asks for the Standard-scaled one")
    if _close(accuracies, accuracies_of(StandardScaler, score_training=True), 0.0005):
        raise Hint("those are scores on the training parts; score each model on its test part")
    raise Hint("not what ten seeded splits give: keep train_test_split's default test size (25 %)")


@self_check("2.3")
def _tree_protocols(answer, X, y, plain, grouped_folds) -> None:
    plain_mean, grouped_mean = _numbers(answer, 2, "(mean accuracy under plain CV, under grouped CV)")
    tree = DecisionTreeClassifier(random_state=0)
    expected_plain = cross_validate(tree, X, y, cv=plain)["test_score"].mean()
    expected_grouped = cross_validate(tree, X, y, cv=grouped_folds)["test_score"].mean()
    if _close([plain_mean, grouped_mean], [expected_plain, expected_grouped], 0.001):
        return
    if _close([grouped_mean, plain_mean], [expected_plain, expected_grouped], 0.001):
        raise Hint("the two numbers are swapped: which protocol puts an artist's tracks on both sides?")
    raise Hint("not the mean accuracies of DecisionTreeClassifier(random_state=0) over the chapter's folds")


def _proportional(a, b) -> bool:
    ratio = np.asarray(a, dtype=float) / np.asarray(b, dtype=float)
    return bool(np.allclose(ratio, ratio[0], rtol=1e-6, atol=0))


@self_check("2.4")
def _balancing_weights(answer, labels: pd.Series, decades: pd.Series) -> None:
    weights = _numbers(answer, len(labels), "one weight per training track")
    if (weights <= 0).any():
        raise Hint("every track needs a positive weight: a weight of zero drops the track")
    share = (
        labels.groupby([decades, labels]).transform("size") / decades.groupby(decades).transform("size")
    ).to_numpy()
    if _proportional(weights, 0.5 / share):  # any constant multiple weighs the classes alike
        return
    if _proportional(weights, share):
        raise Hint("these weights grow with a class's share; the rarer class must weigh more, not less")
    if _proportional(weights, 1 / labels.map(labels.value_counts(normalize=True)).to_numpy()):
        raise Hint("these balance hits and flops over all decades; compute each class's share decade by decade")
    totals = pd.Series(weights).groupby([decades.to_numpy(), labels.to_numpy()]).sum().unstack()
    unbalanced = totals.index[~np.isclose(totals[0], totals[1], rtol=1e-6)]
    if len(unbalanced):
        raise Hint(f"hits and flops do not weigh the same in the {unbalanced[0]}s")
    raise Hint(
        "hits and flops weigh the same in every decade, but the decades' totals changed: keep each decade's size"
    )
