"""Self-checks for the chapters' exercises: ``check("2.1", your_answer, *the_chapter_objects)``.

Each exercise says what to pass. A check recomputes the answer from the chapter's own objects (the data,
a fitted model, a split) and prints either that the attempt is right or what is wrong with it, as a hint
that never prints the answer itself. It returns ``True`` or ``False``; only a check that does not exist
raises an error.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve, roc_auc_score
from sklearn.model_selection import cross_validate, learning_curve, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from hitlib.audit import CLASS_NAMES, artist_purity
from hitlib.decades import cohens_d
from hitlib.evaluation import artist_groups, holm, names_an_act_of, paired_difference
from hitlib.features import FEATURE_NAMES

CHECKS: dict[str, Callable[..., None]] = {}


class Hint(Exception):
    """What is wrong with an attempt, said without giving the answer away."""


def check(exercise: str, answer, *context) -> bool:
    """Print whether ``answer`` solves ``exercise`` (e.g. ``"2.1"``) and, if not, a hint; return the verdict."""
    if exercise not in CHECKS:
        raise KeyError(f"no self-check for exercise {exercise!r}; there are checks for {', '.join(CHECKS)}")
    signature = inspect.signature(CHECKS[exercise])
    try:
        signature.bind(answer, *context)
    except TypeError:
        expected = ", ".join(signature.parameters)
        raise TypeError(f"check({exercise!r}, ...) takes {expected}: {1 + len(context)} given") from None
    try:
        CHECKS[exercise](answer, *context)
    except Hint as hint:
        print(f"Exercise {exercise}, not yet: {hint}")
        return False
    print(f"Exercise {exercise}: correct.")
    return True


def _exercise(key: str):
    def register(function):
        CHECKS[key] = function
        return function

    return register


def _numbers(answer, count: int, what: str) -> np.ndarray:
    """``answer`` as ``count`` floats, or a hint about its shape."""
    try:
        values = np.asarray(list(answer.values()) if isinstance(answer, dict) else answer, dtype=float).ravel()
    except (TypeError, ValueError):
        raise Hint(f"expected {what}: {count} number(s), got {type(answer).__name__}") from None
    if values.size != count:
        raise Hint(f"expected {what}: {count} number(s), got {values.size}")
    return values


def _number(answer, what: str) -> float:
    return float(_numbers(answer, 1, what)[0])


def _close(a, b, tolerance: float) -> bool:
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=0, atol=tolerance))


def _decade_key(label) -> int:
    """1990, "1990" or "1990s" as the decade 1990."""
    found = re.search(r"\d{4}", str(label))
    if found is None:
        raise Hint(f"{label!r} does not name a decade (1960, ..., 2010)")
    return int(found.group())


# Chapter 1, The data tour


@_exercise("1.1")
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


@_exercise("1.2")
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


@_exercise("1.3")
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


@_exercise("1.4")
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


# Chapter 2, Baselines


@_exercise("2.1")
def _minmax_auc(answer, model, X_test, y_test) -> None:
    auc = _number(answer, "a ROC-AUC")
    hit_probability = model.predict_proba(X_test)[:, 1]
    if _close(auc, roc_auc_score(y_test, hit_probability), 0.0005):
        return
    if _close(auc, roc_auc_score(y_test, model.predict(X_test)), 0.0005) or _close(
        auc, model.score(X_test, y_test), 0.0005
    ):
        raise Hint(
            "that comes from yes/no predictions; ROC-AUC ranks the tracks by their hit probability (predict_proba)"
        )
    if _close(auc, 1 - roc_auc_score(y_test, hit_probability), 0.0005):
        raise Hint("that is the flops' column of predict_proba; the hits are the second column")
    raise Hint("not the ROC-AUC of the MinMax-scaled logistic regression on the original test part")


@_exercise("2.2")
def _ten_splits(answer, X, y) -> None:
    accuracies = _numbers(answer, 10, "a test accuracy for each random_state from 0 to 9")

    def accuracies_of(scaler, score_training=False):
        scores = []
        for seed in range(10):
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=seed)
            model = make_pipeline(scaler(), LogisticRegression()).fit(X_train, y_train)
            scores.append(model.score(X_train, y_train) if score_training else model.score(X_test, y_test))
        return scores

    if _close(accuracies, accuracies_of(StandardScaler), 0.0005):
        return
    if _close(accuracies, accuracies_of(MinMaxScaler), 0.0005):
        raise Hint("those come from the MinMax-scaled model; the exercise asks for the Standard-scaled one")
    if _close(accuracies, accuracies_of(StandardScaler, score_training=True), 0.0005):
        raise Hint("those are scores on the training parts; score each model on its test part")
    raise Hint("not what ten seeded splits give: keep train_test_split's default test size (25 %)")


@_exercise("2.3")
def _tree_protocols(answer, X, y, plain, grouped_folds) -> None:
    plain_mean, grouped_mean = _numbers(answer, 2, "(mean accuracy under plain CV, under grouped CV)")
    tree = DecisionTreeClassifier(random_state=0)
    expected_plain = cross_validate(tree, X, y, cv=plain)["test_score"].mean()
    expected_grouped = cross_validate(tree, X, y, cv=grouped_folds)["test_score"].mean()
    if _close([plain_mean, grouped_mean], [expected_plain, expected_grouped], 0.001):
        return
    if _close([grouped_mean, plain_mean], [expected_plain, expected_grouped], 0.001):
        raise Hint("the two numbers are swapped: which protocol puts an artist's tracks on both sides?")
    raise Hint("not the mean accuracies of DecisionTreeClassifier(random_state=0) over the chapter's folds")


def _proportional(a, b) -> bool:
    ratio = np.asarray(a, dtype=float) / np.asarray(b, dtype=float)
    return bool(np.allclose(ratio, ratio[0], rtol=1e-6, atol=0))


@_exercise("2.4")
def _balancing_weights(answer, labels: pd.Series, decades: pd.Series) -> None:
    weights = _numbers(answer, len(labels), "one weight per training track")
    if (weights <= 0).any():
        raise Hint("every track needs a positive weight: a weight of zero drops the track")
    share = (
        labels.groupby([decades, labels]).transform("size") / decades.groupby(decades).transform("size")
    ).to_numpy()
    if _proportional(weights, 0.5 / share):  # any constant multiple weighs the classes alike
        return
    if _proportional(weights, share):
        raise Hint("these weights grow with a class's share; the rarer class must weigh more, not less")
    if _proportional(weights, 1 / labels.map(labels.value_counts(normalize=True)).to_numpy()):
        raise Hint("these balance hits and flops over all decades; compute each class's share decade by decade")
    totals = pd.Series(weights).groupby([decades.to_numpy(), labels.to_numpy()]).sum().unstack()
    unbalanced = totals.index[~np.isclose(totals[0], totals[1], rtol=1e-6)]
    if len(unbalanced):
        raise Hint(f"hits and flops do not weigh the same in the {unbalanced[0]}s")
    raise Hint(
        "hits and flops weigh the same in every decade, but the decades' totals changed: keep each decade's size"
    )


# Chapter 3, Normalization


@_exercise("3.1")
def _best_scaler(answer, comparison: pd.DataFrame) -> None:
    knn = comparison.loc["k-nearest neighbours", "accuracy"]
    if not isinstance(answer, str) or answer not in knn.index:
        raise Hint(f"name one of the table's columns: {', '.join(knn.index)}")
    if answer == knn.idxmin():
        raise Hint(f"{answer} gives nearest neighbours its lowest accuracy, not its highest")
    if answer != knn.idxmax():
        raise Hint(f"{answer} is not the best for nearest neighbours: read the accuracy row again")


@_exercise("3.2")
def _independent_knn(answer, normalization, X_train, y_train, X_test, y_test) -> None:
    accuracy = _number(answer, "a test accuracy")

    def accuracy_with(first_step, on_training=False):
        model = make_pipeline(first_step, KNeighborsClassifier(n_neighbors=25)).fit(X_train, y_train)
        return model.score(X_train, y_train) if on_training else model.score(X_test, y_test)

    if _close(accuracy, accuracy_with(clone(normalization)), 0.0005):
        return
    if _close(accuracy, accuracy_with(MinMaxScaler()), 0.0005):
        raise Hint("that is nearest neighbours behind a MinMaxScaler; put independent_normalization first")
    if _close(accuracy, accuracy_with(clone(normalization), on_training=True), 0.0005):
        raise Hint("that is the score on the training part; score the pipeline on the test part")
    raise Hint("not the test accuracy of independent_normalization + KNeighborsClassifier(n_neighbors=25)")


@_exercise("3.3")
def _untouched_features(answer, normalization) -> None:
    if not isinstance(answer, (list, tuple, set, pd.Index)) or not all(isinstance(name, str) for name in answer):
        raise Hint("expected a list of feature names")
    rescaled = {name for _, _, columns in normalization.transformers for name in columns}
    expected = {name for name in FEATURE_NAMES if name not in rescaled}
    wrongly_listed = sorted(set(answer) & rescaled)
    if wrongly_listed:
        raise Hint(f"{', '.join(wrongly_listed)} is rescaled by one of the transformer's steps")
    if set(answer) - expected:
        raise Hint(f"{', '.join(sorted(set(answer) - expected))} is not one of the fifteen features")
    if set(answer) != expected:
        raise Hint(f"{len(expected) - len(set(answer))} untouched feature(s) are missing from your list")


@_exercise("3.4")
def _scaler_leak_across_eras(answer, X: pd.DataFrame, y: pd.Series, decades: pd.Series) -> None:
    honest, leaky = _numbers(answer, 2, "(test accuracy with the scaler fit on the training rows, on all rows)")
    past = (decades < decades.max()).to_numpy()

    def accuracy(scaler):
        knn = KNeighborsClassifier(n_neighbors=25).fit(scaler.transform(X[past]), y[past])
        return knn.score(scaler.transform(X[~past]), y[~past])

    expected_honest, expected_leaky = accuracy(StandardScaler().fit(X[past])), accuracy(StandardScaler().fit(X))
    if _close([honest, leaky], [expected_honest, expected_leaky], 0.0005):
        return
    if _close([honest, leaky], [expected_leaky, expected_honest], 0.0005):
        raise Hint("the two accuracies are swapped: the honest scaler sees the training rows only")
    if not _close(honest, expected_honest, 0.0005):
        raise Hint(
            "the honest accuracy is off: train KNeighborsClassifier(n_neighbors=25) on the decades before the last, "
            "standardised with their own mean and spread, and score it on the last decade"
        )
    raise Hint("the leaky accuracy is off: fit the StandardScaler on all rows, then train and test as before")


# Is A really better than B? (the interlude after chapter 3)


@_exercise("a_vs_b.1")
def _third_pair(answer, scores: pd.DataFrame, n_splits: int) -> None:
    given = _numbers(answer, 3, "the difference and the two ends of its interval")
    svm, without = scores["linear SVM"], scores["logistic regression without instrumentalness"]
    interval = paired_difference(svm, without, test_train_ratio=1 / (n_splits - 1))
    expected = [interval["difference"], interval["low"], interval["high"]]
    if _close(given, expected, 1e-6):
        return
    if _close(given / 100, expected, 1e-6):
        raise Hint("give the numbers as fractions of 1, not in points")
    if _close(given[0], -expected[0], 1e-6):
        raise Hint("the sign is reversed: take the linear SVM minus the model without instrumentalness")
    differences = svm - without
    textbook = stats.t.ppf(0.975, df=len(differences) - 1) * differences.std(ddof=1) / np.sqrt(len(differences))
    if _close(given[1:], [expected[0] - textbook, expected[0] + textbook], 1e-6):
        raise Hint("that is the textbook interval: paired_difference widens it for the folds' shared rows")
    raise Hint("not paired_difference's interval for these two models' fold scores, with 1/(k-1) as the ratio")


FOLD_COUNTS = (3, 5, 10, 20)  # exercise a_vs_b.2


@_exercise("a_vs_b.2")
def _fold_factors(answer) -> None:
    factors = _numbers(answer, len(FOLD_COUNTS), f"one factor for each number of folds {FOLD_COUNTS}")
    k = np.asarray(FOLD_COUNTS, dtype=float)
    if _close(factors, np.sqrt(1 / k + 1 / (k - 1)), 1e-3):
        return
    if _close(factors, np.sqrt(1 / k), 1e-3):
        raise Hint("that leaves out the correction: add n_test/n_train, 1/(k-1), to 1/k")
    if _close(factors, np.sqrt(2 / k), 1e-3):
        raise Hint("n_test/n_train is one fold over the other k - 1 folds: 1/(k-1), not 1/k")
    raise Hint("not the square root of 1/k + 1/(k-1) for each k")


# What the decade adds, model by model (a deep dive that extends chapter 6)


def _decade_gains(scores: dict, name: str) -> np.ndarray:
    return np.asarray(scores[(name, "with decade")], dtype=float) - np.asarray(
        scores[(name, "audio only")], dtype=float
    )


@_exercise("decade_input.1")
def _gain_gap(answer, scores: dict, n_splits: int) -> None:
    given = _numbers(answer, 3, "the difference of the two gains and the two ends of its interval")
    boosting, logistic = _decade_gains(scores, "gradient boosting"), _decade_gains(scores, "logistic regression")
    interval = paired_difference(boosting, logistic, test_train_ratio=1 / (n_splits - 1))
    expected = [interval["difference"], interval["low"], interval["high"]]
    if _close(given, expected, 1e-6):
        return
    if _close(given / 100, expected, 1e-6):
        raise Hint("give the numbers as fractions of 1, not in points")
    if _close(given[0], -expected[0], 1e-6):
        raise Hint("the sign is reversed: take boosting's gains minus logistic regression's")
    raise Hint("not paired_difference's interval for the two models' fold gains (with decade minus audio only)")


@_exercise("decade_input.2")
def _ranked_gains(answer, scores: dict, n_splits: int) -> None:
    count = _number(answer, "how many pairs of gains differ after Holm's adjustment")
    models = [name for name in dict.fromkeys(name for name, _ in scores) if name != "neural network (early stopping)"]
    p_values = pd.Series(
        {
            (a, b): paired_difference(
                _decade_gains(scores, a), _decade_gains(scores, b), test_train_ratio=1 / (n_splits - 1)
            )["p"]
            for i, a in enumerate(models)
            for b in models[i + 1 :]
        }
    )
    adjusted = holm(p_values)
    if count == int((adjusted < 0.05).sum()):
        return
    if count == int((p_values < 0.05).sum()):
        raise Hint("that counts the raw p-values: adjust all of them together with holm first")
    raise Hint(f"not the number of the {len(p_values)} pairs whose Holm-adjusted p-value is below 0.05")


# Chapter 4, The neural network


@_exercise("4.1")
def _parameters_per_layer(answer, network) -> None:
    expected = [layer.count_params() for layer in network.layers]
    counts = _numbers(answer, len(expected), "one parameter count per dense layer")
    weights_only = [int(np.prod(layer.kernel.shape)) for layer in network.layers]
    if _close(counts, expected, 0):
        return
    if _close(counts, weights_only, 0):
        raise Hint("those count the weights only: every unit also has a bias")
    raise Hint("not every layer's count is right: a layer with n inputs and m units has n x m weights")


@_exercise("4.2")
def _second_half(answer, history) -> None:
    difference = _number(answer, "the test accuracy after 500 epochs minus the one after 250")
    curve = np.asarray(history.history["val_accuracy"])  # one value every five epochs
    halfway = len(curve) // 2 - 1
    if _close(difference, curve[-1] - curve[halfway], 1e-6):
        return
    if _close(difference, curve[halfway] - curve[-1], 1e-6):
        raise Hint("the sign is reversed: take the later accuracy minus the earlier one")
    if _close(difference / 100, curve[-1] - curve[halfway], 1e-6):
        raise Hint("give the difference as a fraction of 1, not in points")
    training = np.asarray(history.history["accuracy"])
    if _close(difference, training[-1] - training[len(training) // 2 - 1], 1e-6):
        raise Hint("that is the training accuracy; the test part's is recorded as 'val_accuracy'")
    raise Hint("not the right entries: the test accuracy was recorded every five epochs, so entry i is epoch 5(i+1)")


@_exercise("4.3")
def _fast_recipe(answer, network, X_test, Y_test) -> None:
    accuracy = _number(answer, "the fast network's test accuracy")
    if not _close(float(network.optimizer.learning_rate), 0.01, 1e-9):
        raise Hint("train this network with learning_rate=0.01 (and patience=5)")
    predicted = network.predict(X_test, verbose=0).argmax(axis=1)
    expected = float(np.mean(predicted == np.asarray(Y_test).argmax(axis=1)))
    if _close(accuracy, expected, 1e-4):
        return
    if _close(accuracy / 100, expected, 1e-4):
        raise Hint("give the accuracy as a fraction of 1, not in points")
    raise Hint("that is not this network's accuracy on the test part: evaluate it on X_test_scaled and Y_test")


# The feature-drop table (a deep dive that extends chapter 4)


@_exercise("feature_drop.1")
def _widening(answer, k: int) -> None:
    factor = _number(answer, "how many times wider the corrected interval is")
    naive = 2 / np.sqrt(k)
    critical = stats.t.ppf(0.975, df=k - 1)
    corrected = critical * np.sqrt(1 / k + 1 / (k - 1))
    if _close(factor, corrected / naive, 0.01):
        return
    if _close(factor, naive / corrected, 0.01):
        raise Hint("that is the inverse ratio: the corrected interval is the wider one")
    if _close(factor, critical * np.sqrt(1 / k) / naive, 0.01):
        raise Hint("that has the t value but not the correction for overlapping training sets (the 1/(k-1) term)")
    if _close(factor, 1.96 * np.sqrt(1 / k + 1 / (k - 1)) / naive, 0.01):
        raise Hint("with k - 1 degrees of freedom, use the t distribution's critical value, not 1.96")
    raise Hint("not the ratio of the corrected interval's half-width to 2 standard errors")


REPEATS = (1, 2, 5, 10, 100)  # exercise feature_drop.2: repeats of the deep dive's folds


@_exercise("feature_drop.2")
def _repeated_half_widths(answer, drop_scores: dict) -> None:
    """``drop_scores`` maps (variant, protocol) to its fold scores, the full network first."""
    half_widths = _numbers(answer, len(REPEATS), f"one half-width for each number of repeats {REPEATS}")
    full, *variants = [np.asarray(scores["test_accuracy"], dtype=float) for scores in drop_scores.values()]
    k = len(full)
    spread = np.sqrt(np.mean([np.var(variant - full, ddof=1) for variant in variants]))

    def half_width(r, critical=None, ratio=1 / (k - 1)):
        critical = stats.t.ppf(0.975, df=r * k - 1) if critical is None else critical
        return critical * np.sqrt(1 / (r * k) + ratio) * spread

    def matches(values):  # to 0.2 %, so four significant digits are enough
        return bool(np.allclose(half_widths, values, rtol=2e-3, atol=0))

    if matches([half_width(r) for r in REPEATS]):
        return
    if matches([half_width(r, ratio=0) for r in REPEATS]):
        raise Hint("that forgets the correction: folds share training rows, so add n_test/n_train to 1/J")
    if matches([half_width(r, ratio=1 / k) for r in REPEATS]):
        raise Hint(f"n_test/n_train is test rows over training rows: with {k} folds, 1/{k - 1}, not 1/{k}")
    if matches([half_width(r, critical=stats.t.ppf(0.975, df=k - 1)) for r in REPEATS]):
        raise Hint("the degrees of freedom grow with the number of fold results: J - 1 for J = r x k results")
    if matches([half_width(r, critical=1.96) for r in REPEATS]):
        raise Hint("use Student's t with J - 1 degrees of freedom, not 1.96")
    ratios = half_widths / np.array([half_width(r) for r in REPEATS])
    if np.allclose(ratios, ratios[0], rtol=1e-3):
        raise Hint(
            "the shape is right but the spread s is off: take the variance (ddof=1) of each variant's fold "
            "differences from the full network, average over the variants, then the square root"
        )
    raise Hint("not the corrected half-widths: critical value times the root of (1/J + 1/(k-1)) times s")


# Chapter 5, Random forests


@_exercise("5.1")
def _other_seeds(answer, forest, X_train, y_train, X_test, y_test) -> None:
    scores = _numbers(answer, 2, "the test accuracies for random_state 1 and 2")
    step = forest.steps[-1][0]
    expected = [
        clone(forest).set_params(**{f"{step}__random_state": seed}).fit(X_train, y_train).score(X_test, y_test)
        for seed in (1, 2)
    ]
    if _close(scores, expected, 0.0005):
        return
    if _close(scores, [forest.score(X_test, y_test)] * 2, 0.0005):
        raise Hint("both equal the seed-25 forest's score: did the new random_state reach the forest?")
    raise Hint("not the test accuracies of the 2000-2019 forest refitted with random_state 1 and 2")


@_exercise("5.2")
def _zero_chorus(answer, forest, X_test, y_test) -> None:
    rows, flops, called_flops = _numbers(
        answer, 3, "(test tracks with chorus_hit == 0, flops among them, classified as flops)"
    )
    zero = X_test["chorus_hit"] == 0
    if rows != zero.sum():
        raise Hint("not the number of test tracks with chorus_hit == 0")
    if flops != (y_test[zero] == 0).sum():
        raise Hint("the row count is right, but not the number of flops among them")
    if called_flops != (forest.predict(X_test[zero]) == 0).sum():
        raise Hint("count the rows the forest *predicts* as flops (forest.predict), whatever their label")


def _permutation_drop(model, X: pd.DataFrame, y: pd.Series, column: str, n_repeats: int, seed: int) -> float:
    """``permutation_importance(model, X, y, n_repeats=n_repeats, random_state=seed)`` for one column, with
    scikit-learn's shuffles (each repeat shuffles the column again), at the cost of one column instead of all."""
    rng = np.random.RandomState(np.random.RandomState(seed).randint(np.iinfo(np.int32).max + 1))
    baseline, permuted, order = model.score(X, y), X.copy(), np.arange(len(X))
    drops = []
    for _ in range(n_repeats):
        rng.shuffle(order)
        permuted[column] = permuted[column].to_numpy()[order]
        drops.append(baseline - model.score(permuted, y))
    return float(np.mean(drops))


@_exercise("5.3")
def _max_features(answer, X: pd.DataFrame, y: pd.Series, folds, n_trees: int) -> None:
    """Recomputes the setting the answer names (the others cost as much again)."""
    max_features, accuracy = _numbers(answer, 2, "the best max_features and its mean test accuracy")
    if max_features not in (1, 3, 15):
        raise Hint("max_features should be one of the three settings: 1, 3 or 15")
    from sklearn.ensemble import RandomForestClassifier

    forest = RandomForestClassifier(n_estimators=n_trees, max_features=int(max_features), random_state=0, n_jobs=-1)
    expected = cross_validate(forest, X, y, cv=folds)["test_score"].mean()
    if _close(accuracy, expected, 1e-6):
        return
    if _close(accuracy / 100, expected, 1e-6):
        raise Hint("give the accuracy as a fraction of 1, not in points")
    raise Hint(f"that is not the mean test accuracy of max_features={int(max_features)} on these folds")


@_exercise("5.4")
def _noise_importance(answer, noisy_forest, X_test: pd.DataFrame, y_test: pd.Series) -> None:
    impurity, permutation = _numbers(answer, 2, "(impurity importance, permutation importance) of the noise column")
    columns = list(getattr(noisy_forest, "feature_names_in_", []))  # only a forest fitted on a DataFrame has them
    if "noise" not in columns:
        raise Hint("the forest was not trained with a column named 'noise': add it to the DataFrame X, then fit")
    forest = noisy_forest.steps[-1][1] if hasattr(noisy_forest, "steps") else noisy_forest  # a pipeline's last step
    if not _close(impurity, forest.feature_importances_[columns.index("noise")], 1e-9):
        raise Hint("the impurity importance is the forest's feature_importances_ entry for the noise column")
    if not _close(permutation, _permutation_drop(noisy_forest, X_test, y_test, "noise", 3, 0), 1e-9):
        raise Hint(
            "not the permutation importance of the noise column on the fold's *test* tracks, which the forest "
            "has not seen (n_repeats=3, random_state=0): the mean drop in accuracy when it is shuffled"
        )


# Chapter 6, Gradient boosting and the leaderboard


@_exercise("6.1")
def _brier_per_decade(answer, probabilities: pd.Series, y: pd.Series, decades: pd.Series) -> None:
    if not isinstance(answer, (pd.Series, dict)):
        raise Hint("expected one Brier score per decade, as a Series or dict keyed by decade")
    scores = pd.Series(answer, dtype=float).rename(index=_decade_key).sort_index()

    def per_decade(values: pd.Series) -> pd.Series:
        return values.groupby(decades).mean().sort_index()

    expected = per_decade((probabilities - y) ** 2)
    if list(scores.index) != list(expected.index):
        raise Hint(f"expected the decades {', '.join(map(str, expected.index))}, each on its own")
    if _close(scores, expected, 1e-9):
        return
    if _close(scores, per_decade((probabilities - y).abs()), 1e-9):
        raise Hint("that is the mean absolute error: the Brier score squares each difference")
    if _close(scores, per_decade((probabilities >= 0.5) != y), 1e-9):
        raise Hint("that is the error rate of the 0.5 cut: the Brier score uses the probabilities themselves")
    raise Hint("not the mean of (probability - label) squared over each decade's tracks")


def _cut_for_recall(labels: pd.Series, probabilities: pd.Series, recall: float) -> float:
    """The highest cut on ``probabilities`` that still finds the share ``recall`` of the hits."""
    _, found, cuts = precision_recall_curve(labels, probabilities)
    return float(cuts[np.flatnonzero(found[:-1] >= recall)[-1]])


@_exercise("6.2")
def _number_of_trees(answer, X: pd.DataFrame, y: pd.Series, folds) -> None:
    n_trees, accuracy = _numbers(answer, 2, "the number of trees and its mean accuracy")
    from sklearn.ensemble import HistGradientBoostingClassifier

    curves = []
    for train, test in folds:
        model = HistGradientBoostingClassifier(max_iter=300, early_stopping=False, random_state=0)
        model.fit(X.iloc[train], y.iloc[train])
        curves.append([np.mean(p == y.iloc[test].to_numpy()) for p in model.staged_predict(X.iloc[test])])
    mean_curve = np.mean(curves, axis=0)
    best = int(np.argmax(mean_curve))  # the first of the best, as pandas' idxmax takes it
    if n_trees == best + 1 and _close(accuracy, mean_curve[best], 1e-6):
        return
    if n_trees == best:
        raise Hint("count the trees from 1: the first stage of staged_predict is one tree")
    if n_trees == len(mean_curve):
        raise Hint("300 is the last stage, not necessarily the best: look for the highest mean over the folds")
    if n_trees == best + 1:
        raise Hint("the right number of trees, but not its mean accuracy over the folds (as a fraction of 1)")
    raise Hint("not the number of trees with the highest mean test accuracy over the folds")


@_exercise("6.3")
def _cut_fixed_elsewhere(answer, probabilities: pd.Series, y: pd.Series, folds) -> None:
    recalls = _numbers(answer, len(folds), "one recall per fold")
    if recalls.max() > 1:
        raise Hint("give the recalls as fractions of 1, not percentages")

    def recall_per_fold(cut_on_the_fold_itself: bool) -> list[float]:
        found = []
        for _, test in folds:
            chosen_on = test if cut_on_the_fold_itself else np.setdiff1d(np.arange(len(y)), test)
            cut = _cut_for_recall(y.iloc[chosen_on], probabilities.iloc[chosen_on], 0.9)
            hits = test[y.iloc[test].to_numpy() == 1]
            found.append(float((probabilities.iloc[hits] >= cut).mean()))
        return found

    if _close(recalls, recall_per_fold(cut_on_the_fold_itself=False), 1e-6):
        return
    if _close(recalls, recall_per_fold(cut_on_the_fold_itself=True), 1e-6):
        raise Hint("each cut was chosen on the fold it is judged on: choose it on the other folds' tracks")
    raise Hint(
        "not the share of each fold's hits that a cut chosen on the other folds finds: count the fold's hits "
        "whose probability is at or above the cut"
    )


# Chapter 7, Decade analysis


@_exercise("7.1")
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


@_exercise("7.2")
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


@_exercise("7.3")
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


# Chapter 8, Models and time


@_exercise("8.1")
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


@_exercise("8.2")
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


# Chapter 9, Deployment


@_exercise("9.1")
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


@_exercise("9.2")
def _three_ways(answer, model, row: pd.DataFrame) -> None:
    probabilities = _numbers(answer, 3, "the hit probability from scikit-learn, ONNX and the API")
    expected = model.predict_proba(row)[0, 1]
    if _close(probabilities, [1 - expected] * 3, 1e-5):
        raise Hint("those are the flop probabilities; the hit is the second column")
    if not _close(probabilities, [expected] * 3, 1e-5):
        raise Hint("the three should agree with scikit-learn's predict_proba for that row to about 1e-6")


@_exercise("9.3")
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
