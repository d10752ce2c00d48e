"""hitlib.exercises.data_tour: the self-checks of *The data tour*."""

from __future__ import annotations

import pandas as pd
from sklearn.model_selection import train_test_split

from hitlib.audit import CLASS_NAMES, artist_purity
from hitlib.features import FEATURE_NAMES
from tests.unit.exercises import assert_correct, assert_hint


def test_1_1_median_minutes(capsys, tracks):
    minutes = tracks["duration_ms"] / 60_000
    by_class = minutes.groupby([tracks["decade"], tracks["target"].map(CLASS_NAMES)])
    right = by_class.median().unstack()
    assert_correct(capsys, "1.1", right, tracks)
    assert_correct(capsys, "1.1", right.rename(index=lambda decade: f"{decade}s"), tracks)
    assert_hint(capsys, "these are means", "1.1", by_class.mean().unstack(), tracks)
    assert_hint(capsys, "not in minutes", "1.1", right * 60_000, tracks)
    assert_hint(capsys, "swapped", "1.1", right.rename(columns={"hit": "flop", "flop": "hit"}), tracks)
    assert_hint(capsys, "one row per decade (6 rows), got 5", "1.1", right.iloc[1:], tracks)
    assert_hint(capsys, "expected a DataFrame", "1.1", right["hit"], tracks)


def test_1_2_most_prolific_artist(capsys, tracks):
    purity = artist_purity(tracks).drop(index="Traditional")
    top = purity.iloc[0]
    right = (purity.index[0], int(top["rows"]), round(top["rows"] * top["hit_share"]), bool(top["pure"]))
    assert_correct(capsys, "1.2", right, tracks)
    assert_hint(capsys, "placeholder credit", "1.2", ("Traditional", *right[1:]), tracks)
    assert_hint(capsys, "not the number of tracks", "1.2", (right[0], right[1] + 1, *right[2:]), tracks)
    assert_hint(capsys, "all of their tracks", "1.2", (*right[:3], not right[3]), tracks)
    assert_hint(capsys, "expected a tuple", "1.2", right[0], tracks)


def test_1_3_seen_artist_shares(capsys, tracks):
    shares = []
    for seed in range(5):
        train_part, test_part = train_test_split(tracks, test_size=0.25, random_state=seed)
        shares.append(test_part["artist"].isin(train_part["artist"]).mean())
    assert_correct(capsys, "1.3", shares, tracks)
    assert_hint(capsys, "not percentages", "1.3", [100 * share for share in shares], tracks)
    assert_hint(capsys, "5 number(s), got 4", "1.3", shares[:4], tracks)
    assert_hint(capsys, "rows, not distinct artists", "1.3", [share - 0.01 for share in shares], tracks)


def eight_tracks_for_one_rule():
    """Eight tracks worked by hand: one instrumental hit spoils the best rule, "a hit below 0.05", once (7 of 8)."""
    tracks = pd.DataFrame(0.0, index=range(8), columns=FEATURE_NAMES)
    tracks["instrumentalness"] = [0, 0, 0, 0.2, 0.1, 0.5, 0.6, 0.9]
    tracks["danceability"] = [0.9, 0.8, 0.3, 0.7, 0.75, 0.2, 0.1, 0.4]  # its best rule is right 6 times
    tracks["target"] = [1, 1, 1, 1, 0, 0, 0, 0]
    return tracks


def test_1_4_one_rule_check(capsys):
    tracks = eight_tracks_for_one_rule()
    assert_correct(capsys, "1.4", ("instrumentalness", 0.05, 0.875), tracks)
    assert_correct(capsys, "1.4", ("instrumentalness", 0.1, 0.875), tracks)  # "below 0.1" read as x < 0.1
    assert_hint(capsys, "not in points", "1.4", ("instrumentalness", 0.05, 87.5), tracks)
    assert_hint(capsys, "gives another accuracy", "1.4", ("instrumentalness", 0.05, 0.75), tracks)
    assert_hint(capsys, "a better rule exists", "1.4", ("danceability", 0.65, 0.75), tracks)
    assert_hint(capsys, "not one of the fifteen features", "1.4", ("artist", 0.5, 0.9), tracks)
    assert_hint(capsys, "expected a tuple", "1.4", ("instrumentalness", 0.05), tracks)
