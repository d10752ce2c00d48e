"""Self-checks for the exercises of *The data tour*."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from hitlib.audit import CLASS_NAMES, artist_purity
from hitlib.exercises._shared import Hint, _close, _decade_key, _number, _numbers, self_check
from hitlib.features import FEATURE_NAMES


@self_check("1.1")
def _median_minutes(answer, tracks: pd.DataFrame) -> None:
    if not isinstance(answer, pd.DataFrame) or not {"hit", "flop"} <= set(answer.columns):
        raise Hint("expected a DataFrame with one row per decade and the columns 'hit' and 'flop'")
    minutes = tracks["duration_ms"] / 60_000
    by_class = minutes.groupby([tracks["decade"], tracks["target"].map(CLASS_NAMES)])
    expected = by_class.median().unstack()
    if len(answer) != len(expected):
        raise Hint(f"expected one row per decade ({len(expected)} rows), got {len(answer)}")
    mine = answer.rename(index=_decade_key).reindex(expected.index)[["hit", "flop"]]
    if mine.isna().any().any():
        raise Hint("some decades are missing from the rows, or a value is missing")
    if mine.to_numpy().min() > 60:
        raise Hint("these durations are not in minutes: duration_ms counts milliseconds")
    if _close(mine, expected[["hit", "flop"]], 0.01):
        return
    if _close(mine, expected[["flop", "hit"]], 0.01):
        raise Hint("the 'hit' and 'flop' columns are swapped")
    if _close(mine, by_class.mean().unstack()[["hit", "flop"]], 0.01):
        raise Hint("these are means; the exercise asks for the median, which a few very long tracks cannot pull")
    raise Hint("some medians are more than 0.01 minutes from what the data gives")


@self_check("1.2")
def _top_artist(answer, tracks: pd.DataFrame) -> None:
    if not isinstance(answer, tuple) or len(answer) != 4:
        raise Hint("expected a tuple (artist, number of tracks, number of hits, pure as True or False)")
    artist, rows, hits, pure = answer
    if artist == "Traditional":
        raise Hint("'Traditional' is a placeholder credit for old songs, not an artist: leave it out")
    purity = artist_purity(tracks).drop(index="Traditional", errors="ignore")
    expected = purity.iloc[0]
    if artist != purity.index[0]:
        by_hits = (purity["rows"] * purity["hit_share"]).idxmax()
        if artist == by_hits:
            raise Hint(f"{artist} has the most hits; the exercise asks for the most tracks")
        raise Hint(f"{artist!r} is not the artist with the most tracks")
    if rows != expected["rows"]:
        raise Hint("the artist is right, but not the number of tracks")
    if hits != round(expected["rows"] * expected["hit_share"]):
        raise Hint("the artist and the track count are right, but not the number of hits")
    if bool(pure) != bool(expected["pure"]):
        raise Hint("an artist is pure when all of their tracks carry the same label: look again")


@self_check("1.3")
def _seen_artist_shares(answer, tracks: pd.DataFrame) -> None:
    shares = _numbers(answer, 5, "a share for each random_state from 0 to 4")
    if shares.max() > 1:
        raise Hint("give shares between 0 and 1, not percentages")
    expected = []
    for seed in range(5):
        train_part, test_part = train_test_split(tracks, test_size=0.25, random_state=seed)
        expected.append(test_part["artist"].isin(train_part["artist"]).mean())
    if not _close(shares, expected, 0.001):
        raise Hint(
            "not what the data gives: for each seed, split the tracks 75/25 and take the share of test "
            "tracks (rows, not distinct artists) whose artist also appears in the training part"
        )


def _best_one_rule_accuracy(values: np.ndarray, labels: np.ndarray) -> float:
    """The highest accuracy of any rule "a hit above the threshold" or "a hit below it" on one feature."""
    order = np.argsort(values, kind="stable")
    ordered, ordered_labels = values[order], labels[order]
    flops_at_or_below = np.cumsum(1 - ordered_labels)
    hits_above = ordered_labels.sum() - np.cumsum(ordered_labels)
    between_values = np.r_[ordered[:-1] < ordered[1:], True]  # a threshold can only fall between two values
    above = np.r_[(flops_at_or_below + hits_above)[between_values] / len(values), labels.mean()]
    return float(np.maximum(above, 1 - above).max())


@self_check("1.4")
def _one_rule(answer, tracks: pd.DataFrame) -> None:
    if not isinstance(answer, tuple) or len(answer) != 3:
        raise Hint("expected a tuple (feature, threshold, accuracy)")
    feature, threshold, accuracy = answer
    if feature not in FEATURE_NAMES:
        raise Hint(f"{feature!r} is not one of the fifteen features")
    accuracy = _number(accuracy, "the rule's accuracy")
    if accuracy > 1:
        raise Hint("give the accuracy as a fraction of 1, not in points")
    values, labels = tracks[feature].to_numpy(dtype=float), tracks["target"].to_numpy()
    rules = [(values > threshold) == labels, (values >= threshold) == labels]
    possible = [rule.mean() for rule in rules] + [1 - rule.mean() for rule in rules]  # hit above, or hit below
    if not any(_close(accuracy, value, 0.001) for value in possible):
        raise Hint(
            "that threshold gives another accuracy: predict a hit on one side of it and a flop on the other, "
            "then count the tracks, hits and flops, whose label the rule gets right"
        )
    best = max(_best_one_rule_accuracy(tracks[name].to_numpy(dtype=float), labels) for name in FEATURE_NAMES)
    if accuracy < best - 0.005:
        raise Hint(
            "a better rule exists: try thresholds across each feature's whole range, in both directions, "
            "for every feature"
        )
