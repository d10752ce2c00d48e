"""hitlib.exercises.models_and_time: the self-checks of *Models and time*."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import learning_curve
from sklearn.tree import DecisionTreeClassifier

from hitlib.evaluation import grouped_cv, names_an_act_of
from hitlib.features import FEATURE_NAMES
from tests.unit.exercises import assert_correct, assert_hint


def test_8_1_past_decades(capsys, tracks):
    model, audio = DecisionTreeClassifier(max_depth=2, random_state=0), ["danceability", "instrumentalness"]
    test_index = tracks.index[tracks["decade"] >= 2000][::7]
    test = tracks.loc[test_index]
    test_acts = names_an_act_of(tracks["artist"], test["artist"])
    right, leaky = {}, {}
    for decade in (1960, 1970, 1980, 1990):
        in_decade = tracks["decade"] == decade
        rows = in_decade & ~test_acts
        right[f"{decade}s"] = model.fit(tracks.loc[rows, audio], tracks.loc[rows, "target"]).score(
            test[audio], test["target"]
        )
        leaky[decade] = model.fit(tracks.loc[in_decade, audio], tracks.loc[in_decade, "target"]).score(
            test[audio], test["target"]
        )
    assert_correct(capsys, "8.1", pd.Series(right), model, tracks, audio, test_index)
    if not np.isclose(leaky[1960], right["1960s"], atol=0.0005):
        assert_hint(
            capsys,
            "saw some of the test fold's artists",
            "8.1",
            {**right, "1960s": leaky[1960]},
            model,
            tracks,
            audio,
            test_index,
        )
    assert_hint(capsys, "expected the decades", "8.1", {"1970s": 0.7}, model, tracks, audio, test_index)


def test_8_2_within_era_curve(capsys, sample):
    ordered = sample.sort_values("decade", kind="stable").reset_index(drop=True)  # like the files: by decade
    X, y = ordered[FEATURE_NAMES], ordered["target"]
    folds = list(grouped_cv(3, seed=0).split(X, y, ordered["artist"]))
    model, shares = DecisionTreeClassifier(max_depth=3, random_state=0), [0.3, 1.0]
    context = (model, X, y, folds, shares)
    _, train, test = learning_curve(model, X, y, cv=folds, train_sizes=shares, shuffle=True, random_state=0)
    assert_correct(capsys, "8.2", test.mean(axis=1), *context)
    assert_hint(capsys, "on the training rows", "8.2", train.mean(axis=1), *context)
    _, _, first_rows = learning_curve(model, X, y, cv=folds, train_sizes=shares)
    assert not np.allclose(first_rows.mean(axis=1), test.mean(axis=1), atol=0.0005)
    assert_hint(capsys, "shuffle=True", "8.2", first_rows.mean(axis=1), *context)
    assert_hint(capsys, "one mean test accuracy per share", "8.2", [0.7], *context)
