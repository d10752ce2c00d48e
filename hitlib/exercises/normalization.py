"""Self-checks for the exercises of *Normalization*."""

from __future__ import annotations

import pandas as pd
from sklearn.base import clone
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from hitlib.exercises._shared import Hint, _close, _number, _numbers, self_check
from hitlib.features import FEATURE_NAMES


@self_check("3.1")
def _best_scaler(answer, comparison: pd.DataFrame) -> None:
    knn = comparison.loc["k-nearest neighbours", "accuracy"]
    if not isinstance(answer, str) or answer not in knn.index:
        raise Hint(f"name one of the table's columns: {', '.join(knn.index)}")
    if answer == knn.idxmin():
        raise Hint(f"{answer} gives nearest neighbours its lowest accuracy, not its highest")
    if answer != knn.idxmax():
        raise Hint(f"{answer} is not the best for nearest neighbours: read the accuracy row again")


@self_check("3.2")
def _independent_knn(answer, normalization, X_train, y_train, X_test, y_test) -> None:
    accuracy = _number(answer, "a test accuracy")

    def accuracy_with(first_step, on_training=False):
        model = make_pipeline(first_step, KNeighborsClassifier(n_neighbors=25)).fit(X_train, y_train)
        return model.score(X_train, y_train) if on_training else model.score(X_test, y_test)

    if _close(accuracy, accuracy_with(clone(normalization)), 0.0005):
        return
    if _close(accuracy, accuracy_with(MinMaxScaler()), 0.0005):
        raise Hint("that is nearest neighbours behind a MinMaxScaler; put independent_normalization first")
    if _close(accuracy, accuracy_with(clone(normalization), on_training=True), 0.0005):
        raise Hint("that is the score on the training part; score the pipeline on the test part")
    raise Hint("not the test accuracy of independent_normalization + KNeighborsClassifier(n_neighbors=25)")


@self_check("3.3")
def _untouched_features(answer, normalization) -> None:
    if not isinstance(answer, (list, tuple, set, pd.Index)) or not all(isinstance(name, str) for name in answer):
        raise Hint("expected a list of feature names")
    rescaled = {name for _, _, columns in normalization.transformers for name in columns}
    expected = {name for name in FEATURE_NAMES if name not in rescaled}
    wrongly_listed = sorted(set(answer) & rescaled)
    if wrongly_listed:
        raise Hint(f"{', '.join(wrongly_listed)} is rescaled by one of the transformer's steps")
    if set(answer) - expected:
        raise Hint(f"{', '.join(sorted(set(answer) - expected))} is not one of the fifteen features")
    if set(answer) != expected:
        raise Hint(f"{len(expected) - len(set(answer))} untouched feature(s) are missing from your list")


@self_check("3.4")
def _scaler_leak_across_eras(answer, X: pd.DataFrame, y: pd.Series, decades: pd.Series) -> None:
    honest, leaky = _numbers(answer, 2, "(test accuracy with the scaler fit on the training rows, on all rows)")
    past = (decades < decades.max()).to_numpy()

    def accuracy(scaler):
        knn = KNeighborsClassifier(n_neighbors=25).fit(scaler.transform(X[past]), y[past])
        return knn.score(scaler.transform(X[~past]), y[~past])

    expected_honest, expected_leaky = accuracy(StandardScaler().fit(X[past])), accuracy(StandardScaler().fit(X))
    if _close([honest, leaky], [expected_honest, expected_leaky], 0.0005):
        return
    if _close([honest, leaky], [expected_leaky, expected_honest], 0.0005):
        raise Hint("the two accuracies are swapped: the honest scaler sees the training rows only")
    if not _close(honest, expected_honest, 0.0005):
        raise Hint(
            "the honest accuracy is off: train KNeighborsClassifier(n_neighbors=25) on the decades before the last, "
            "standardised with their own mean and spread, and score it on the last decade"
        )
    raise Hint("the leaky accuracy is off: fit the StandardScaler on all rows, then train and test as before")
