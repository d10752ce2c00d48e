"""hitlib.exercises.decade_analysis: the self-checks of *Hits across the decades*."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hitlib.decades import cohens_d
from hitlib.features import FEATURE_NAMES
from tests.unit.exercises import assert_correct, assert_hint


def test_7_1_two_standardised_differences(capsys, tracks):
    last = tracks[tracks["decade"] == 2010]
    hits, flops = last.loc[last["target"] == 1, FEATURE_NAMES], last.loc[last["target"] == 0, FEATURE_NAMES]
    standardised = (hits.mean() - flops.mean()) / last[FEATURE_NAMES].std()
    d = pd.Series(cohens_d(hits, flops), index=FEATURE_NAMES)
    assert_correct(capsys, "7.1", (standardised, d), tracks)
    assert_hint(capsys, "swapped", "7.1", (d, standardised), tracks)
    assert_hint(capsys, "sign is reversed", "7.1", (-standardised, d), tracks)
    assert_hint(capsys, "pooled standard deviation of the two classes", "7.1", (standardised, d * 1.1), tracks)


def test_7_2_median_gaps(capsys, tracks):
    features = ["danceability", "loudness"]
    medians = tracks.groupby(["decade", "target"])[features].median()
    gap = medians.xs(1, level="target") - medians.xs(0, level="target")
    assert_correct(capsys, "7.2", gap.T, tracks, features)  # features by decades, as the chapter shows it
    assert_correct(capsys, "7.2", gap, tracks, features)
    assert_hint(capsys, "sign is reversed", "7.2", -gap, tracks, features)
    means = tracks.groupby(["decade", "target"])[features].mean()
    assert_hint(
        capsys,
        "differences of means",
        "7.2",
        means.xs(1, level="target") - means.xs(0, level="target"),
        tracks,
        features,
    )


def test_7_3_gaps_over_artists(capsys, tracks):
    last = tracks[tracks["decade"] == 2010]
    artists = last["artist"].str.split(r"\s+(?i:featuring)\s+", n=1, regex=True).str[0]  # main artists, by hand
    means = last.groupby([artists, last["target"]])[FEATURE_NAMES].mean()
    right = cohens_d(means.xs(1, level="target"), means.xs(0, level="target"))
    by_track = cohens_d(last.loc[last["target"] == 1, FEATURE_NAMES], last.loc[last["target"] == 0, FEATURE_NAMES])
    assert not np.allclose(right, by_track, atol=1e-6)
    assert_correct(capsys, "7.3", right, tracks)
    assert_hint(capsys, "that is d over tracks", "7.3", by_track, tracks)
    assert_hint(capsys, "sign is reversed", "7.3", -right, tracks)
    assert_hint(capsys, "one Cohen's d per feature", "7.3", right[:3], tracks)
