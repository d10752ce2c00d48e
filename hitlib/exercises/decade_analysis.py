"""Self-checks for the exercises of *Hits across the decades*."""

from __future__ import annotations

import pandas as pd

from hitlib.decades import cohens_d
from hitlib.evaluation import artist_groups
from hitlib.exercises._shared import Hint, _close, _decade_key, _numbers, self_check
from hitlib.features import FEATURE_NAMES


@self_check("7.1")
def _two_standardised_gaps(answer, tracks: pd.DataFrame) -> None:
    if not isinstance(answer, tuple) or len(answer) != 2:
        raise Hint("expected a tuple (gap / overall standard deviation, Cohen's d), each with one value per feature")
    last = tracks[tracks["decade"] == tracks["decade"].max()]
    hits, flops = last.loc[last["target"] == 1, FEATURE_NAMES], last.loc[last["target"] == 0, FEATURE_NAMES]
    gap = hits.mean() - flops.mean()
    expected = [gap / last[FEATURE_NAMES].std(), pd.Series(cohens_d(hits, flops), index=FEATURE_NAMES)]
    mine = [_numbers(part, len(FEATURE_NAMES), "one value per feature") for part in answer]
    if _close(mine[0], expected[0], 1e-6) and _close(mine[1], expected[1], 1e-6):
        return
    if _close(mine[0], expected[1], 1e-6) and _close(mine[1], expected[0], 1e-6):
        raise Hint("the two are swapped: Cohen's d divides by the pooled standard deviation within the classes")
    if _close(mine[0], -expected[0], 1e-6) or _close(mine[1], -expected[1], 1e-6):
        raise Hint("a sign is reversed: take hits minus flops")
    if not _close(mine[0], expected[0], 1e-6):
        raise Hint(
            "the first series is off: mean of hits minus mean of flops, over the standard deviation of all"
            " the decade's tracks"
        )
    raise Hint("Cohen's d is off: divide by the pooled standard deviation of the two classes (hitlib.decades.cohens_d)")


@self_check("7.2")
def _median_gaps(answer, tracks: pd.DataFrame, features: list[str]) -> None:
    if not isinstance(answer, pd.DataFrame):
        raise Hint("expected a DataFrame of median gaps, features by decades")
    medians = tracks.groupby(["decade", "target"])[features].median()
    expected = medians.xs(1, level="target") - medians.xs(0, level="target")  # decades by features
    mine = answer if set(answer.columns) == set(features) else answer.T
    if set(mine.columns) != set(features) or len(mine) != len(expected):
        raise Hint("expected one value per feature and decade, for the chapter's features")
    mine = mine.rename(index=_decade_key).reindex(expected.index)[features]
    if _close(mine, expected, 1e-9):
        return
    if _close(mine, -expected, 1e-9):
        raise Hint("the sign is reversed: hits minus flops")
    means = tracks.groupby(["decade", "target"])[features].mean()
    if _close(mine, means.xs(1, level="target") - means.xs(0, level="target"), 1e-9):
        raise Hint("those are differences of means; the exercise asks for medians")
    raise Hint("not the median of hits minus the median of flops in every decade")


@self_check("7.3")
def _gaps_over_artists(answer, tracks: pd.DataFrame) -> None:
    d = _numbers(answer, len(FEATURE_NAMES), "one Cohen's d per feature")
    last = tracks[tracks["decade"] == tracks["decade"].max()]
    means = last.groupby([artist_groups(last), last["target"]])[FEATURE_NAMES].mean()
    expected = cohens_d(means.xs(1, level="target"), means.xs(0, level="target"))
    if _close(d, expected, 1e-6):
        return
    by_track = cohens_d(last.loc[last["target"] == 1, FEATURE_NAMES], last.loc[last["target"] == 0, FEATURE_NAMES])
    if _close(d, by_track, 1e-6):
        raise Hint("that is d over tracks; average each main artist's hits, and separately their flops, first")
    if _close(d, -expected, 1e-6):
        raise Hint("the sign is reversed: take hits minus flops")
    raise Hint("not Cohen's d between the artists' mean hit and mean flop rows of the last decade")
