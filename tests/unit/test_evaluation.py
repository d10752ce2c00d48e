"""hitlib.evaluation: grouped folds keep artists apart and classes balanced; the results table is tidy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import StratifiedGroupKFold, cross_validate

from hitlib.evaluation import (
    artist_groups,
    co_credit_groups,
    credited_acts,
    fold_ratio,
    glue_intervals,
    grouped_cv,
    holm,
    names_an_act_of,
    paired_difference,
    read_interval,
    results_table,
)


def synthetic_tracks(n_artists=60, seed=0):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 8, n_artists)
    artists = np.repeat([f"artist {i}" for i in range(n_artists)], sizes)
    artists = [a + " Featuring Guest" if i % 5 == 0 else a for i, a in enumerate(artists)]
    artists = [a + " With artist 0" if i % 7 == 3 else a for i, a in enumerate(artists)]  # collaborations
    labels = np.repeat(rng.integers(0, 2, n_artists), sizes)  # pure artists, as in the real data
    return pd.DataFrame({"artist": artists, "target": labels, "x": rng.normal(size=len(labels))})


def test_grouped_folds_never_share_an_artist_and_stay_balanced():
    tracks = synthetic_tracks()
    groups = artist_groups(tracks)
    assert not groups.str.contains("Featuring").any()
    test_rows = []
    for train, test in grouped_cv(5, seed=1).split(tracks[["x"]], tracks["target"], tracks["artist"]):
        assert not set(groups.iloc[train]) & set(groups.iloc[test])
        assert 0.2 < tracks["target"].iloc[test].mean() < 0.8
        test_rows.extend(test)
    assert sorted(test_rows) == list(range(len(tracks)))


def test_grouped_folds_are_reproducible_with_a_seed():
    tracks = synthetic_tracks()
    groups = artist_groups(tracks)
    first = [
        [r.tolist() for r in fold] for fold in grouped_cv(4, seed=3).split(tracks[["x"]], tracks["target"], groups)
    ]
    again = [
        [r.tolist() for r in fold] for fold in grouped_cv(4, seed=3).split(tracks[["x"]], tracks["target"], groups)
    ]
    assert first == again


def test_grouped_folds_purge_training_tracks_that_name_a_test_act():
    artists = pd.Series(["A", "A Featuring B", "B", "C", "C Featuring D", "D"] * 2)  # main artists A, A, B, C, C, D
    y = np.array([1, 1, 1, 0, 0, 0] * 2)
    by_main_artist = StratifiedGroupKFold(2, shuffle=True, random_state=0)
    main_artist_folds = by_main_artist.split(artists, y, artist_groups(pd.DataFrame({"artist": artists})))
    for (train, test), (_, main_test) in zip(
        grouped_cv(2, seed=0).split(artists, y, artists), main_artist_folds, strict=True
    ):
        assert test.tolist() == main_test.tolist()  # the test folds are the main-artist grouping's
        tested = frozenset(artists.iloc[test])
        left_out = set(artists) - tested - set(artists.iloc[train])
        # by hand: a training track leaves if it names an act that a test track names
        expected = {
            frozenset({"B", "C", "C Featuring D"}): {"A Featuring B", "D"},
            frozenset({"A", "A Featuring B", "D"}): {"B", "C Featuring D"},
        }
        assert left_out == expected[tested]
        assert len(train) + len(test) + 2 * len(left_out) == len(artists)  # each credit appears twice


@pytest.mark.parametrize(
    ("groups", "message"),
    [(None, "needs groups: the artist credit of each row"), (["A", "B"], "2 credits for 4 rows")],
)
def test_grouped_folds_name_a_missing_or_misaligned_groups_argument(groups, message):
    with pytest.raises(ValueError, match=message):
        next(grouped_cv(2).split(np.zeros((4, 1)), [0, 1, 0, 1], groups))


def test_results_table_has_mean_and_spread_per_metric():
    tracks = synthetic_tracks()
    scores = cross_validate(
        DummyClassifier(),
        tracks[["x"]],
        tracks["target"],
        cv=grouped_cv(3),
        groups=tracks["artist"],
        scoring=["accuracy", "roc_auc"],
    )
    table = results_table({("majority", "grouped"): scores})
    assert list(table.columns) == ["accuracy mean", "accuracy std", "roc_auc mean", "roc_auc std", "folds"]
    assert table.index.names == ["model", "protocol"]
    assert table.loc[("majority", "grouped"), "accuracy mean"] == pytest.approx(scores["test_accuracy"].mean())
    assert table.loc[("majority", "grouped"), "accuracy std"] == pytest.approx(scores["test_accuracy"].std(ddof=1))
    assert table.loc[("majority", "grouped"), "folds"] == 3


def test_results_table_rejects_what_is_not_cross_validate_output():
    with pytest.raises(ValueError, match="empty"):
        results_table({})
    with pytest.raises(ValueError, match=r"\('m', 'p'\): no test_\* scores"):
        results_table({("m", "p"): {"fit_time": [1.0]}})


def test_paired_difference_widens_the_plain_interval_by_the_nadeau_bengio_factor():
    a, b = [0.80, 0.78, 0.83, 0.79, 0.81], [0.78, 0.77, 0.80, 0.78, 0.78]
    result = paired_difference(a, b, test_train_ratio=1 / 4)
    d = np.subtract(a, b)
    # by hand: t(0.975, 4) = 2.776, standard error sqrt((1/5 + 1/4) * var) instead of sqrt(var / 5)
    half_width = 2.7764451 * np.sqrt((1 / 5 + 1 / 4) * d.var(ddof=1))
    assert result["difference"] == pytest.approx(d.mean())
    assert result["high"] - result["difference"] == pytest.approx(half_width, rel=1e-6)
    assert result["low"] > 0 and result["p"] < 0.05  # A beats B on every fold by about 2 points
    plain = paired_difference(a, b, test_train_ratio=1e-12)
    assert plain["p"] < result["p"]  # the uncorrected test is overconfident


def test_paired_difference_rejects_unpaired_or_too_few_scores():
    with pytest.raises(ValueError, match="same 2 or more folds"):
        paired_difference([0.8], [0.7], 0.25)
    with pytest.raises(ValueError, match="got 3 and 2 scores"):
        paired_difference([0.8, 0.7, 0.75], [0.7, 0.7], 0.25)
    with pytest.raises(ValueError, match="test_train_ratio"):
        paired_difference([0.8, 0.7], [0.7, 0.7], 0)


def test_holm_multiplies_the_smallest_p_value_by_the_number_of_tests_and_keeps_the_order():
    p = pd.Series({"a": 0.01, "b": 0.04, "c": 0.03, "d": 0.5})
    adjusted = holm(p)
    assert adjusted.to_dict() == pytest.approx({"a": 0.04, "b": 0.09, "c": 0.09, "d": 0.5})
    assert list(adjusted.index) == list(p.index)
    with pytest.raises(ValueError, match="between 0 and 1"):
        holm(pd.Series([0.2, 1.5]))


SOLO = {"Diana Ross", "The Supremes", "Diana Ross & The Supremes", "Peter, Paul and Mary", "Mary", "Earth, Wind & Fire"}


@pytest.mark.parametrize(
    ("credit", "acts"),
    [
        ("Diana Ross & The Supremes", ["Diana Ross", "The Supremes"]),  # both are credited alone too
        ("Peter, Paul and Mary", ["Peter, Paul and Mary"]),  # "Peter" and "Paul" never are
        ("Earth, Wind & Fire", ["Earth, Wind & Fire"]),
        ("Earth, Wind & Fire With The Emotions", ["Earth, Wind & Fire", "The Emotions"]),
        ("Earth, Wind & Fire & Diana Ross", ["Earth, Wind & Fire", "Diana Ross"]),
        ("Kenny Rogers Duet With Dolly Parton", ["Kenny Rogers", "Dolly Parton"]),
        ("Mary Featuring Some Guest", ["Mary", "Some Guest"]),
        ("Mary feat. Some Guest", ["Mary", "Some Guest"]),
        ("Mary x Some Guest", ["Mary", "Some Guest"]),
        ("Malcolm X", ["Malcolm X"]),
        ("Brand X Band", ["Brand X Band"]),
        ("Simon & Garfunkel", ["Simon & Garfunkel"]),
    ],
)
def test_a_credit_is_cut_into_acts_only_where_each_part_stands_alone(credit, acts):
    assert credited_acts(credit, SOLO) == acts


def test_co_credit_groups_join_every_act_a_credit_links():
    artists = ["A", "B", "A Featuring B", "C", "C & D", "D", "E & F", "B With G", "Peter, Paul and Mary", "Mary"]
    groups = co_credit_groups(artists)
    assert groups.tolist() == ["A", "A", "A", "C", "C", "C", "E & F", "A", "Peter, Paul and Mary", "Mary"]
    assert groups.name == "co_credit_group"


def test_co_credit_folds_never_share_an_act():
    artists = pd.Series(["A", "B", "A Featuring B", "C", "D With C", "E", "F", "G & H", "G", "H"] * 3)
    groups = co_credit_groups(artists)
    y = np.tile([1, 0], len(artists) // 2)
    for train, test in grouped_cv(2, seed=0).split(np.zeros((len(artists), 1)), y, groups):
        acts = {
            side: {act for credit in artists.iloc[rows] for act in credited_acts(credit, set(artists))}
            for side, rows in (("train", train), ("test", test))
        }
        assert not acts["train"] & acts["test"]


def test_names_an_act_of_follows_collaborations_both_ways():
    credits = ["A", "A Featuring B", "B & C", "C", "Peter, Paul and Mary", "D"]
    others = ["B", "Mary"]  # "B & C" is cut only because B and C are both credited alone
    assert names_an_act_of(credits, others).tolist() == [False, True, True, False, False, False]


@pytest.mark.parametrize(
    ("low", "high", "reading"),
    [(0.1, 0.5, "above"), (-0.5, -0.1, "below"), (-0.1, 0.5, "around"), (0.0, 0.5, "around")],
)
def test_read_interval_names_where_the_interval_lies(low, high, reading):
    assert read_interval({"low": low, "high": high}, "above", "below", "around") == reading


def test_fold_ratio_is_test_rows_over_training_rows_for_k_equal_folds():
    assert fold_ratio(5) == 1 / 4 and fold_ratio(3) == 0.5
    with pytest.raises(ValueError, match="at least 2 folds"):
        fold_ratio(1)


def test_glue_intervals_glues_each_end_in_points_differences_first(monkeypatch):
    import myst_nb

    glued = []
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: glued.append((name, value, display)))
    a, b = {"difference": 0.01, "low": -0.02, "high": 0.04, "p": 0.5}, {"difference": 1, "low": 0.5, "high": 2}
    glue_intervals(a_gain=a, b_gain=b)
    assert [name for name, _, _ in glued] == [
        "a_gain_difference",
        "b_gain_difference",
        "a_gain_low",
        "b_gain_low",
        "a_gain_high",
        "b_gain_high",
    ]
    assert glued[0][1:] == (100 * 0.01, False) and type(glued[1][1]) is float
    glued.clear()
    glue_intervals(scale=1, a_gain=a)
    assert [value for _, value, _ in glued] == [0.01, -0.02, 0.04]
