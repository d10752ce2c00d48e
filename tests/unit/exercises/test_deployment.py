"""hitlib.exercises.deployment: the self-checks of *Deployment: a predictor people can use*."""

from __future__ import annotations

from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from hitlib.features import FEATURE_NAMES
from tests.unit.exercises import assert_correct, assert_hint


def test_9_1_skops_refuses(capsys):
    assert_correct(capsys, "9.1", (["__main__.Surprise"], "UntrustedTypesFoundException"))
    assert_hint(capsys, "should not load", "9.1", (["__main__.Surprise"], "loaded"))
    assert_hint(capsys, "among the untrusted types", "9.1", ([], "UntrustedTypesFoundException"))


def test_9_2_three_ways(capsys, split):
    X_train, X_test, y_train, _ = split
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    row = X_test.iloc[:1]
    hit = model.predict_proba(row)[0, 1]
    assert_correct(capsys, "9.2", [hit, hit + 1e-7, hit], model, row)
    assert_hint(capsys, "flop probabilities", "9.2", [1 - hit] * 3, model, row)
    assert_hint(capsys, "should agree", "9.2", [hit, hit, hit + 0.01], model, row)


def test_9_3_drift_scores(capsys, tracks):
    latest = tracks["decade"] == 2010
    reference, batch = tracks.loc[~latest, FEATURE_NAMES], tracks.loc[latest, FEATURE_NAMES]
    right = (batch.mean() - reference.mean()) / reference.std()
    assert_correct(capsys, "9.3", right, tracks)
    assert_hint(capsys, "sign is reversed", "9.3", -right, tracks)
    overall = (batch.mean() - reference.mean()) / tracks[FEATURE_NAMES].std()
    assert_hint(capsys, "not that of all tracks", "9.3", overall, tracks)
    assert_hint(capsys, "a single decade", "9.3", right, tracks[latest])
