"""hitlib.exercises.normalization: the self-checks of *Normalization*."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, StandardScaler

from hitlib.features import FEATURE_NAMES
from tests.unit.exercises import assert_correct, assert_hint


def test_3_1_best_scaler(capsys):
    columns = pd.MultiIndex.from_product([["accuracy"], ["none", "StandardScaler", "MinMaxScaler"]])
    comparison = pd.DataFrame([[0.6, 0.7, 0.75]], index=["k-nearest neighbours"], columns=columns)
    assert_correct(capsys, "3.1", "MinMaxScaler", comparison)
    assert_hint(capsys, "its lowest accuracy", "3.1", "none", comparison)
    assert_hint(capsys, "not the best", "3.1", "StandardScaler", comparison)
    assert_hint(capsys, "name one of the table's columns", "3.1", "RobustScaler", comparison)


@pytest.fixture(scope="module")
def normalization():
    return ColumnTransformer([("tempo", MaxAbsScaler(), ["tempo", "loudness"])], remainder="passthrough")


def test_3_2_independent_normalization(capsys, split, normalization):
    X_train, X_test, y_train, y_test = split
    knn = make_pipeline(normalization, KNeighborsClassifier(n_neighbors=25)).fit(X_train, y_train)
    minmax = make_pipeline(MinMaxScaler(), KNeighborsClassifier(n_neighbors=25)).fit(X_train, y_train)
    assert_correct(capsys, "3.2", knn.score(X_test, y_test), normalization, *split_in_order(split))
    assert_hint(capsys, "MinMaxScaler", "3.2", minmax.score(X_test, y_test), normalization, *split_in_order(split))
    assert_hint(capsys, "training part", "3.2", knn.score(X_train, y_train), normalization, *split_in_order(split))


def split_in_order(split):
    X_train, X_test, y_train, y_test = split
    return X_train, y_train, X_test, y_test


def test_3_3_untouched_features(capsys, normalization):
    untouched = [name for name in FEATURE_NAMES if name not in ("tempo", "loudness")]
    assert_correct(capsys, "3.3", untouched[::-1], normalization)
    assert_hint(capsys, "tempo is rescaled", "3.3", [*untouched, "tempo"], normalization)
    assert_hint(capsys, "1 untouched feature(s) are missing", "3.3", untouched[1:], normalization)
    assert_hint(capsys, "expected a list", "3.3", "danceability", normalization)


def test_3_4_scaler_leak_across_eras(capsys, tracks):
    recent = tracks[tracks["decade"] >= 2000]  # train on the 2000s, test on the 2010s
    X, y, decades = recent[FEATURE_NAMES], recent["target"], recent["decade"]
    past = decades < 2010

    def accuracy(scaler):
        knn = KNeighborsClassifier(n_neighbors=25).fit(scaler.transform(X[past]), y[past])
        return knn.score(scaler.transform(X[~past]), y[~past])

    honest, leaky = accuracy(StandardScaler().fit(X[past])), accuracy(StandardScaler().fit(X))
    assert abs(honest - leaky) > 0.001  # the hint for swapped answers is reachable
    assert_correct(capsys, "3.4", (honest, leaky), X, y, decades)
    assert_hint(capsys, "swapped", "3.4", (leaky, honest), X, y, decades)
    assert_hint(capsys, "honest accuracy is off", "3.4", (0.5, leaky), X, y, decades)
    assert_hint(capsys, "leaky accuracy is off", "3.4", (honest, 0.5), X, y, decades)
