"""Self-checks for the exercises of *Models and time*."""

from __future__ import annotations

import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import learning_curve

from hitlib.evaluation import names_an_act_of
from hitlib.exercises._shared import Hint, _close, _decade_key, _numbers, self_check


@self_check("8.1")
def _past_decades(answer, model, tracks: pd.DataFrame, audio: list[str], test_index) -> None:
    if not isinstance(answer, (pd.Series, dict)):
        raise Hint("expected one accuracy per decade before 2000, as a Series or dict keyed by decade")
    scores = pd.Series(answer).rename(index=_decade_key).sort_index()
    past = sorted(d for d in tracks["decade"].unique() if d < 2000)
    if list(scores.index) != past:
        raise Hint(f"expected the decades {', '.join(map(str, past))}, each on its own")
    test = tracks.loc[test_index]
    test_acts = names_an_act_of(tracks["artist"], test["artist"])
    for decade in past:
        rows = (tracks["decade"] == decade).to_numpy() & ~test_acts
        fitted = clone(model).fit(tracks.loc[rows, audio], tracks.loc[rows, "target"])
        if not _close(scores[decade], fitted.score(test[audio], test["target"]), 0.0005):
            whole_decade = tracks[tracks["decade"] == decade]
            leaky = clone(model).fit(whole_decade[audio], whole_decade["target"])
            if _close(scores[decade], leaky.score(test[audio], test["target"]), 0.0005):
                raise Hint(
                    f"the {decade}s model saw some of the test fold's artists: leave their tracks out of its training"
                )
            raise Hint(f"the {decade}s score is off: train on that decade alone, with the audio features only")


@self_check("8.2")
def _within_era_curve(answer, model, X: pd.DataFrame, y: pd.Series, folds, shares) -> None:
    means = _numbers(answer, len(shares), "one mean test accuracy per share of the training parts")

    def mean_scores(**order):
        _, train, test = learning_curve(clone(model), X, y, cv=folds, train_sizes=shares, n_jobs=-1, **order)
        return train.mean(axis=1), test.mean(axis=1)

    train_means, test_means = mean_scores(shuffle=True, random_state=0)
    if _close(means, test_means, 0.0005):
        return
    if _close(means, train_means, 0.0005):
        raise Hint("those are accuracies on the training rows; the curve that matters is on the test folds")
    if _close(means, mean_scores()[1], 0.0005):
        raise Hint(
            "learning_curve took the first rows of each training part, which are ordered by decade: "
            "pass shuffle=True and random_state=0 so that every share mixes both decades"
        )
    raise Hint("not the mean test accuracies of learning_curve over modern_folds with the given shares")
