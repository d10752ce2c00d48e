"""Self-checks for the exercises of *Deployment: a predictor people can use*."""

from __future__ import annotations

import pandas as pd

from hitlib.exercises._shared import Hint, _close, _numbers, self_check
from hitlib.features import FEATURE_NAMES


@self_check("9.1")
def _skops_refuses(answer) -> None:
    if not isinstance(answer, tuple) or len(answer) != 2:
        raise Hint("expected a tuple (the untrusted types skops lists, the name of what sio.load raised)")
    untrusted, outcome = answer
    if not any(name.endswith("Surprise") for name in untrusted):
        raise Hint("your own class should be among the untrusted types: did you dump an instance of it?")
    if outcome == "loaded":
        raise Hint("the file should not load without trusting your class: call sio.load without `trusted`")
    if outcome != "UntrustedTypesFoundException":
        raise Hint(f"{outcome} is not skops' refusal: look at what sio.load raises for untrusted types")


@self_check("9.2")
def _three_ways(answer, model, row: pd.DataFrame) -> None:
    probabilities = _numbers(answer, 3, "the hit probability from scikit-learn, ONNX and the API")
    expected = model.predict_proba(row)[0, 1]
    if _close(probabilities, [1 - expected] * 3, 1e-5):
        raise Hint("those are the flop probabilities; the hit is the second column")
    if not _close(probabilities, [expected] * 3, 1e-5):
        raise Hint("the three should agree with scikit-learn's predict_proba for that row to about 1e-6")


@self_check("9.3")
def _drift_scores(answer, tracks: pd.DataFrame) -> None:
    shift = _numbers(answer, len(FEATURE_NAMES), "one standardised shift per feature")
    latest = tracks["decade"] == tracks["decade"].max()
    reference, batch = tracks.loc[~latest, FEATURE_NAMES], tracks.loc[latest, FEATURE_NAMES]
    if reference.empty:
        raise Hint("tracks holds a single decade: load at least two, so that earlier decades can be the reference")
    expected = (batch.mean() - reference.mean()) / reference.std()
    if _close(shift, expected, 1e-6):
        return
    if _close(shift, -expected, 1e-6):
        raise Hint("the sign is reversed: take the batch's mean minus the reference's")
    if _close(shift, (batch.mean() - reference.mean()) / tracks[FEATURE_NAMES].std(), 1e-6):
        raise Hint("divide by the reference's standard deviation, not that of all tracks: the batch is what is judged")
    raise Hint("not (mean of the last decade - mean of the earlier decades) / standard deviation of the earlier ones")
