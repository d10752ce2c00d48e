"""hitlib.exercises: each self-check passes the right answer and gives its intended hint for typical wrong ones."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_validate, learning_curve, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from hitlib.audit import CLASS_NAMES, artist_purity
from hitlib.decades import cohens_d
from hitlib.evaluation import grouped_cv, names_an_act_of
from hitlib.exercises import CHECKS, check
from hitlib.features import FEATURE_NAMES
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def sample(tracks):
    """Two thousand tracks, enough for the checks that refit models."""
    return tracks.sample(2000, random_state=0).reset_index(drop=True)


@pytest.fixture(scope="module")
def split(sample):
    return train_test_split(sample[FEATURE_NAMES], sample["target"], random_state=0)


def verdict(capsys, exercise, answer, *context):
    """The check's verdict and what it printed."""
    passed = check(exercise, answer, *context)
    return passed, capsys.readouterr().out


def assert_hint(capsys, hint, exercise, answer, *context):
    passed, printed = verdict(capsys, exercise, answer, *context)
    assert not passed and printed.startswith(f"Exercise {exercise}, not yet:"), printed
    assert hint in printed, printed


def assert_correct(capsys, exercise, answer, *context):
    assert verdict(capsys, exercise, answer, *context) == (True, f"Exercise {exercise}: correct.\n")


def test_every_exercise_has_a_check_and_a_wrong_call_says_what_it_takes():
    called = {
        key
        for script in (ROOT / "notebooks").glob("*.py")
        for key in re.findall(r'check\("([^"]+)"', script.read_text())
    }
    assert set(CHECKS) == called, "a check no notebook calls, or a call with no check"
    with pytest.raises(KeyError, match="no self-check for exercise '9.9'.*1.1, 1.2"):
        check("9.9", None)
    with pytest.raises(TypeError, match=r"check\('2.1', ...\) takes answer, model, X_test, y_test: 2 given"):
        check("2.1", 0.8, None)


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


def test_2_1_roc_auc(capsys, split):
    X_train, X_test, y_train, y_test = split
    model = make_pipeline(MinMaxScaler(), LogisticRegression()).fit(X_train, y_train)
    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    assert_correct(capsys, "2.1", auc, model, X_test, y_test)
    assert_hint(capsys, "yes/no predictions", "2.1", model.score(X_test, y_test), model, X_test, y_test)
    hard = roc_auc_score(y_test, model.predict(X_test))
    assert_hint(capsys, "yes/no predictions", "2.1", hard, model, X_test, y_test)
    assert_hint(capsys, "flops' column", "2.1", 1 - auc, model, X_test, y_test)
    passed, printed = verdict(capsys, "2.1", "0.8", model, X_test, y_test)
    assert not passed and f"{auc:.3f}" not in printed  # a hint never gives the answer away


def test_2_2_ten_splits(capsys, sample):
    X, y = sample[FEATURE_NAMES], sample["target"]

    def accuracies(scaler, on_training=False):
        scores = []
        for seed in range(10):
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=seed)
            model = make_pipeline(scaler(), LogisticRegression()).fit(X_train, y_train)
            scores.append(model.score(X_train, y_train) if on_training else model.score(X_test, y_test))
        return pd.Series(scores)

    assert_correct(capsys, "2.2", accuracies(StandardScaler), X, y)
    assert_hint(capsys, "MinMax-scaled model", "2.2", accuracies(MinMaxScaler), X, y)
    assert_hint(capsys, "training parts", "2.2", accuracies(StandardScaler, on_training=True), X, y)


def test_2_3_tree_under_both_protocols(capsys, sample):
    X, y, credits = sample[FEATURE_NAMES], sample["target"], sample["artist"]
    plain = StratifiedKFold(3, shuffle=True, random_state=0)
    grouped_folds = list(grouped_cv(3, seed=2).split(X, y, credits))
    tree = DecisionTreeClassifier(random_state=0)
    right = (
        cross_validate(tree, X, y, cv=plain)["test_score"].mean(),
        cross_validate(tree, X, y, cv=grouped_folds)["test_score"].mean(),
    )
    assert_correct(capsys, "2.3", right, X, y, plain, grouped_folds)
    assert_hint(capsys, "swapped", "2.3", right[::-1], X, y, plain, grouped_folds)


def test_2_4_balancing_weights(capsys):
    labels = pd.Series([1, 1, 0, 1, 0, 0, 0, 1])  # 1960s: three hits, one flop; 2010s: one hit, three flops
    decades = pd.Series([1960] * 4 + [2010] * 4)
    right = np.array([2 / 3, 2 / 3, 2, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2])  # 0.5 / share, by hand
    assert_correct(capsys, "2.4", right, labels, decades)
    assert_correct(capsys, "2.4", 2 * right, labels, decades)  # a constant factor weighs the classes alike
    assert_hint(capsys, "grow with a class's share", "2.4", 0.5 / right, labels, decades)
    equal = np.ones(len(labels))  # half hits overall, so balancing over all decades weighs every track alike
    assert_hint(capsys, "over all decades", "2.4", equal, labels, decades)
    assert_hint(capsys, "do not weigh the same in the 2010s", "2.4", np.r_[right[:7], 1.0], labels, decades)
    assert_hint(capsys, "decades' totals changed", "2.4", np.r_[3 * right[:4], right[4:]], labels, decades)
    assert_hint(capsys, "positive weight", "2.4", right * 0, labels, decades)
    assert_hint(capsys, "one weight per training track", "2.4", right[:3], labels, decades)


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


def fake_network(sizes=(15, 14, 120, 80, 2)):
    """What the check reads of a Keras network: each dense layer's weight shape and parameter count."""
    layers = [
        SimpleNamespace(kernel=SimpleNamespace(shape=(n, m)), count_params=lambda n=n, m=m: n * m + m)
        for n, m in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    return SimpleNamespace(layers=layers)


def test_a_vs_b_1_third_pair(capsys):
    scores = pd.DataFrame(
        {
            "linear SVM": [0.72, 0.74, 0.71, 0.73, 0.75],
            "logistic regression without instrumentalness": [0.69, 0.70, 0.70, 0.69, 0.71],
        }
    )
    differences = scores["linear SVM"] - scores["logistic regression without instrumentalness"]
    half = stats.t.ppf(0.975, df=4) * np.sqrt((1 / 5 + 1 / 4) * differences.var(ddof=1))
    right = np.array([differences.mean(), differences.mean() - half, differences.mean() + half])
    assert_correct(capsys, "a_vs_b.1", right, scores, 5)
    assert_hint(capsys, "not in points", "a_vs_b.1", 100 * right, scores, 5)
    assert_hint(capsys, "sign is reversed", "a_vs_b.1", -right[[0, 2, 1]], scores, 5)
    textbook = stats.t.ppf(0.975, df=4) * differences.std(ddof=1) / np.sqrt(5)
    assert_hint(
        capsys, "textbook interval", "a_vs_b.1", [right[0], right[0] - textbook, right[0] + textbook], scores, 5
    )
    assert_hint(capsys, "3 number(s), got 2", "a_vs_b.1", right[:2], scores, 5)


def test_a_vs_b_2_fold_factors(capsys):
    k = np.array([3, 5, 10, 20])
    assert_correct(capsys, "a_vs_b.2", np.sqrt(1 / k + 1 / (k - 1)))
    assert_hint(capsys, "leaves out the correction", "a_vs_b.2", np.sqrt(1 / k))
    assert_hint(capsys, "1/(k-1), not 1/k", "a_vs_b.2", np.sqrt(2 / k))


def decade_scores():
    """Fold accuracies of three models, audio only and with decade, on three folds."""
    return {
        ("logistic regression", "audio only"): [0.72, 0.73, 0.71],
        ("logistic regression", "with decade"): [0.73, 0.74, 0.72],
        ("gradient boosting", "audio only"): [0.77, 0.78, 0.76],
        ("gradient boosting", "with decade"): [0.80, 0.80, 0.79],
        ("random forest", "audio only"): [0.77, 0.77, 0.76],
        ("random forest", "with decade"): [0.79, 0.795, 0.78],
        ("neural network (early stopping)", "audio only"): [0.75, 0.75, 0.74],
        ("neural network (early stopping)", "with decade"): [0.70, 0.70, 0.70],
    }


def test_decade_input_1_gain_gap(capsys):
    scores = decade_scores()
    boosting, logistic = np.array([0.03, 0.02, 0.03]), np.array([0.01, 0.01, 0.01])
    differences = boosting - logistic
    half = stats.t.ppf(0.975, df=2) * np.sqrt((1 / 3 + 1 / 2) * differences.var(ddof=1))
    right = np.array([differences.mean(), differences.mean() - half, differences.mean() + half])
    assert_correct(capsys, "decade_input.1", right, scores, 3)
    assert_hint(capsys, "not in points", "decade_input.1", 100 * right, scores, 3)
    assert_hint(capsys, "sign is reversed", "decade_input.1", -right[[0, 2, 1]], scores, 3)


def test_decade_input_2_ranked_gains(capsys):
    scores = decade_scores()
    from hitlib.evaluation import holm, paired_difference

    gains = {
        name: np.subtract(scores[(name, "with decade")], scores[(name, "audio only")])
        for name in ("logistic regression", "gradient boosting", "random forest")
    }
    names = list(gains)
    raw = pd.Series(
        {
            (a, b): paired_difference(gains[a], gains[b], test_train_ratio=1 / 2)["p"]
            for i, a in enumerate(names)
            for b in names[i + 1 :]
        }
    )
    right = int((holm(raw) < 0.05).sum())
    assert_correct(capsys, "decade_input.2", right, scores, 3)
    assert_hint(capsys, "below 0.05", "decade_input.2", 7, scores, 3)  # three pairs at most


def test_4_1_parameters_by_hand(capsys):
    network = fake_network()
    assert_correct(capsys, "4.1", [224, 1800, 9680, 162], network)
    assert_hint(capsys, "every unit also has a bias", "4.1", [210, 1680, 9600, 160], network)
    assert_hint(capsys, "not every layer's count is right", "4.1", [224, 1800, 9680, 160], network)
    assert_hint(capsys, "4 number(s), got 1", "4.1", 11866, network)


def test_4_2_second_half(capsys):
    test_curve, training_curve = np.linspace(0.70, 0.77, 100), np.linspace(0.7, 0.8, 100)
    history = SimpleNamespace(history={"val_accuracy": test_curve, "accuracy": training_curve})
    right = test_curve[-1] - test_curve[49]
    assert_correct(capsys, "4.2", right, history)
    assert_hint(capsys, "sign is reversed", "4.2", -right, history)
    assert_hint(capsys, "not in points", "4.2", 100 * right, history)
    assert_hint(capsys, "'val_accuracy'", "4.2", training_curve[-1] - training_curve[49], history)
    assert_hint(capsys, "every five epochs", "4.2", test_curve[-1] - test_curve[50], history)


def test_4_3_fast_recipe(capsys):
    """A stand-in network that calls the first of four test rows a hit and the others flops."""
    probabilities = np.array([[0.2, 0.8], [0.9, 0.1], [0.6, 0.4], [0.7, 0.3]])
    network = SimpleNamespace(optimizer=SimpleNamespace(learning_rate=0.01), predict=lambda X, verbose: probabilities)
    Y_test = np.array([[0, 1], [1, 0], [0, 1], [0, 1]])  # one hit called a hit, two hits missed
    assert_correct(capsys, "4.3", 0.5, network, None, Y_test)
    assert_hint(capsys, "not in points", "4.3", 50, network, None, Y_test)
    assert_hint(capsys, "not this network's accuracy", "4.3", 0.75, network, None, Y_test)
    network.optimizer.learning_rate = 0.001
    assert_hint(capsys, "learning_rate=0.01", "4.3", 0.5, network, None, Y_test)


def test_feature_drop_1_wider_interval(capsys):
    critical = stats.t.ppf(0.975, df=2)
    right = critical * np.sqrt(1 / 3 + 1 / 2) / (2 / np.sqrt(3))
    assert_correct(capsys, "feature_drop.1", right, 3)
    assert_hint(capsys, "inverse ratio", "feature_drop.1", 1 / right, 3)
    assert_hint(capsys, "the 1/(k-1) term", "feature_drop.1", critical / 2, 3)
    assert_hint(capsys, "not 1.96", "feature_drop.1", 1.96 * np.sqrt(1 / 3 + 1 / 2) / (2 / np.sqrt(3)), 3)


def test_feature_drop_2_repeated_half_widths(capsys):
    """Two variants whose fold differences from the full network both have variance 1e-4, so s = 0.01."""
    full = [0.74, 0.75, 0.76]
    drop_scores = {
        ("none", "grouped"): {"test_accuracy": full},
        ("a", "grouped"): {"test_accuracy": np.add(full, [0.01, -0.01, 0.0])},
        ("b", "grouped"): {"test_accuracy": np.add(full, [0.02, 0.0, 0.01])},
    }
    repeats = np.array([1, 2, 5, 10, 100])
    critical = stats.t.ppf(0.975, df=3 * repeats - 1)
    right = critical * np.sqrt(1 / (3 * repeats) + 1 / 2) * 0.01
    assert right[0] == pytest.approx(4.3027 * 0.91287 * 0.01, rel=1e-4)  # t(2) and the root of 1/3 + 1/2
    assert_correct(capsys, "feature_drop.2", right, drop_scores)
    assert_correct(capsys, "feature_drop.2", right.round(5), drop_scores)  # four significant digits are enough
    assert_hint(
        capsys, "forgets the correction", "feature_drop.2", critical * np.sqrt(1 / (3 * repeats)) * 0.01, drop_scores
    )
    assert_hint(
        capsys, "1/2, not 1/3", "feature_drop.2", critical * np.sqrt(1 / (3 * repeats) + 1 / 3) * 0.01, drop_scores
    )
    fixed_df = stats.t.ppf(0.975, df=2) * np.sqrt(1 / (3 * repeats) + 1 / 2) * 0.01
    assert_hint(capsys, "degrees of freedom grow", "feature_drop.2", fixed_df, drop_scores)
    assert_hint(capsys, "not 1.96", "feature_drop.2", 1.96 * np.sqrt(1 / (3 * repeats) + 1 / 2) * 0.01, drop_scores)
    assert_hint(capsys, "the spread s is off", "feature_drop.2", 2 * right, drop_scores)
    assert_hint(capsys, "5 number(s), got 4", "feature_drop.2", right[:4], drop_scores)


def small_forest(random_state=None):
    return make_pipeline(
        StandardScaler(), RandomForestClassifier(n_estimators=5, max_depth=4, random_state=random_state)
    )


def test_5_1_other_seeds(capsys, split):
    X_train, X_test, y_train, y_test = split
    forest = small_forest(25).fit(X_train, y_train)
    right = [small_forest(seed).fit(X_train, y_train).score(X_test, y_test) for seed in (1, 2)]
    assert_correct(capsys, "5.1", right, forest, X_train, y_train, X_test, y_test)
    unchanged = [forest.score(X_test, y_test)] * 2
    assert_hint(capsys, "did the new random_state", "5.1", unchanged, forest, X_train, y_train, X_test, y_test)


def test_5_2_zero_chorus(capsys, split):
    X_train, X_test, y_train, y_test = split
    forest = small_forest(0).fit(X_train, y_train)
    zero = X_test["chorus_hit"] == 0
    right = (zero.sum(), (y_test[zero] == 0).sum(), (forest.predict(X_test[zero]) == 0).sum())
    assert_correct(capsys, "5.2", right, forest, X_test, y_test)
    assert_hint(capsys, "not the number of flops", "5.2", (right[0], right[0] + 1, right[2]), forest, X_test, y_test)
    assert_hint(capsys, "*predicts*", "5.2", (right[0], right[1], right[1] + 1), forest, X_test, y_test)


def test_5_3_max_features(capsys, sample):
    X, y = sample[FEATURE_NAMES], sample["target"]
    folds = [(np.arange(1000), np.arange(1000, 2000)), (np.arange(1000, 2000), np.arange(1000))]
    forest = RandomForestClassifier(n_estimators=5, max_features=15, random_state=0, n_jobs=-1)
    right = cross_validate(forest, X, y, cv=folds)["test_score"].mean()
    assert_correct(capsys, "5.3", (15, right), X, y, folds, 5)
    assert_hint(capsys, "not in points", "5.3", (15, 100 * right), X, y, folds, 5)
    assert_hint(capsys, "one of the three settings", "5.3", (4, right), X, y, folds, 5)
    assert_hint(capsys, "not the mean test accuracy of max_features=3", "5.3", (3, right + 0.05), X, y, folds, 5)


def test_5_4_noise_importance(capsys, split):
    X_train, X_test, y_train, y_test = split
    rng = np.random.default_rng(0)
    noisy_train = X_train.assign(noise=rng.uniform(size=len(X_train)))
    noisy_test = X_test.assign(noise=rng.uniform(size=len(X_test)))

    def noise_permutation(model, X, y):
        return permutation_importance(model, X, y, n_repeats=3, random_state=0).importances_mean[-1]

    pipeline = make_pipeline(StandardScaler(), RandomForestClassifier(n_estimators=20, random_state=0))
    pipeline.fit(noisy_train, y_train)
    impurity = pipeline[-1].feature_importances_[-1]
    right = (impurity, noise_permutation(pipeline, noisy_test, y_test))
    context = (pipeline, noisy_test, y_test)
    assert_correct(capsys, "5.4", right, *context)
    assert_hint(capsys, "feature_importances_", "5.4", right[::-1], *context)
    on_training_rows = noise_permutation(pipeline, noisy_train, y_train)
    assert_hint(capsys, "*test* tracks", "5.4", (impurity, on_training_rows), *context)
    plain = small_forest(0).fit(X_train, y_train)
    assert_hint(capsys, "named 'noise'", "5.4", right, plain, X_test, y_test)
    forest = RandomForestClassifier(n_estimators=5, random_state=0).fit(noisy_train, y_train)  # no pipeline
    right = (forest.feature_importances_[-1], noise_permutation(forest, noisy_test, y_test))
    assert_correct(capsys, "5.4", right, forest, noisy_test, y_test)


def test_6_1_brier_per_decade(capsys):
    """Two decades of two tracks: in the 1960s a hit at 0.75 and a flop at 0.5 give (0.0625 + 0.25) / 2."""
    y = pd.Series([1, 0, 1, 0])
    probabilities = pd.Series([0.75, 0.5, 0.9, 0.2])
    decades = pd.Series([1960, 1960, 2010, 2010])
    right = {"1960s": 0.15625, "2010s": (0.01 + 0.04) / 2}
    assert_correct(capsys, "6.1", right, probabilities, y, decades)
    assert_correct(capsys, "6.1", pd.Series(right.values(), index=[1960, 2010]), probabilities, y, decades)
    assert_hint(capsys, "mean absolute error", "6.1", {1960: 0.375, 2010: 0.15}, probabilities, y, decades)
    assert_hint(capsys, "error rate of the 0.5 cut", "6.1", {1960: 0.5, 2010: 0.0}, probabilities, y, decades)
    assert_hint(capsys, "expected the decades 1960, 2010", "6.1", {1960: 0.15625}, probabilities, y, decades)
    assert_hint(capsys, "as a Series or dict", "6.1", [0.15625, 0.025], probabilities, y, decades)


def test_6_2_number_of_trees(capsys):
    """Two folds of a small synthetic task, on which boosting's mean accuracy peaks before 300 trees."""
    from sklearn.datasets import make_classification
    from sklearn.ensemble import HistGradientBoostingClassifier

    features, labels = make_classification(n_samples=400, n_features=5, flip_y=0.2, random_state=0)
    X, y = pd.DataFrame(features), pd.Series(labels)
    folds = [(np.arange(200), np.arange(200, 400)), (np.arange(200, 400), np.arange(200))]
    curves = []
    for train, test in folds:
        model = HistGradientBoostingClassifier(max_iter=300, early_stopping=False, random_state=0)
        model.fit(X.iloc[train], y.iloc[train])
        curves.append([np.mean(p == y.iloc[test]) for p in model.staged_predict(X.iloc[test])])
    mean_curve = np.mean(curves, axis=0)
    best = int(np.argmax(mean_curve))
    assert best + 1 < 300, "the synthetic task should peak before the last tree"
    assert_correct(capsys, "6.2", (best + 1, mean_curve[best]), X, y, folds)
    if best > 0:
        assert_hint(capsys, "count the trees from 1", "6.2", (best, mean_curve[best]), X, y, folds)
    assert_hint(capsys, "the last stage", "6.2", (300, mean_curve[-1]), X, y, folds)
    assert_hint(capsys, "not its mean accuracy", "6.2", (best + 1, 100 * mean_curve[best]), X, y, folds)


def test_6_3_cut_fixed_elsewhere(capsys):
    """Two folds of five hits and five flops. A cut that finds 90 % of one fold's hits must find all five,
    so it sits at that fold's lowest hit: 0.55 chosen on fold B finds 4 of fold A's hits, 0.2 chosen on
    fold A finds all of fold B's."""
    y = pd.Series([1] * 5 + [0] * 5 + [1] * 5 + [0] * 5)
    probabilities = pd.Series(
        [0.9, 0.8, 0.7, 0.6, 0.2, 0.5, 0.4, 0.3, 0.1, 0.05]
        + [0.95, 0.85, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25, 0.15, 0.12]
    )
    a, b = np.arange(10), np.arange(10, 20)
    folds = [(b, a), (a, b)]
    assert_correct(capsys, "6.3", [0.8, 1.0], probabilities, y, folds)
    assert_hint(capsys, "chosen on the fold it is judged on", "6.3", [1.0, 1.0], probabilities, y, folds)
    assert_hint(capsys, "not percentages", "6.3", [80, 100], probabilities, y, folds)
    assert_hint(capsys, "at or above the cut", "6.3", [0.6, 1.0], probabilities, y, folds)
    assert_hint(capsys, "2 number(s), got 1", "6.3", [0.9], probabilities, y, folds)


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


def test_7_1_past_decades(capsys, tracks):
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


def test_7_2_within_era_curve(capsys, sample):
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


def test_8_1_skops_refuses(capsys):
    assert_correct(capsys, "9.1", (["__main__.Surprise"], "UntrustedTypesFoundException"))
    assert_hint(capsys, "should not load", "9.1", (["__main__.Surprise"], "loaded"))
    assert_hint(capsys, "among the untrusted types", "9.1", ([], "UntrustedTypesFoundException"))


def test_8_2_three_ways(capsys, split):
    X_train, X_test, y_train, _ = split
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    row = X_test.iloc[:1]
    hit = model.predict_proba(row)[0, 1]
    assert_correct(capsys, "9.2", [hit, hit + 1e-7, hit], model, row)
    assert_hint(capsys, "flop probabilities", "9.2", [1 - hit] * 3, model, row)
    assert_hint(capsys, "should agree", "9.2", [hit, hit, hit + 0.01], model, row)


def test_8_3_drift_scores(capsys, tracks):
    latest = tracks["decade"] == 2010
    reference, batch = tracks.loc[~latest, FEATURE_NAMES], tracks.loc[latest, FEATURE_NAMES]
    right = (batch.mean() - reference.mean()) / reference.std()
    assert_correct(capsys, "9.3", right, tracks)
    assert_hint(capsys, "sign is reversed", "9.3", -right, tracks)
    overall = (batch.mean() - reference.mean()) / tracks[FEATURE_NAMES].std()
    assert_hint(capsys, "not that of all tracks", "9.3", overall, tracks)
    assert_hint(capsys, "a single decade", "9.3", right, tracks[latest])
