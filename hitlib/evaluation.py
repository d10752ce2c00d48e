"""Honest evaluation: cross-validation that keeps each artist on one side, and one tidy results table.

Introduced in *Baselines*.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.model_selection import StratifiedGroupKFold

from hitlib.audit import main_artist


def artist_groups(tracks: pd.DataFrame) -> pd.Series:
    """One group label per row: the main artist (credit without "Featuring …"), see *The data tour*."""
    return main_artist(tracks["artist"]).rename("artist_group")


# Words that always join two acts in a credit: "A Featuring B", "A feat. B", "A Duet With B", "A With B", "A x B".
COLLABORATION = re.compile(r"\s+(?:(?i:featuring|feat\.|duet with|with)|x)\s+")
# Separators that join two acts only sometimes: "Diana Ross & The Supremes" is two acts, each also credited
# alone; "Peter, Paul and Mary" and "Earth, Wind & Fire" are one.
MAYBE_TWO_ACTS = re.compile(r"(,\s+|\s+&\s+|\s+(?i:and)\s+)")


def credited_acts(credit: str, solo_credits: set[str]) -> list[str]:
    """The acts named in one artist credit.

    The credit is cut at every collaboration word; each piece is then cut at ", ", " & " or " and " only
    where every part is itself a credit in ``solo_credits`` (the credits of the dataset), with as many
    parts as possible. A piece that cannot be cut that way stays one act.
    """
    acts = []
    for piece in COLLABORATION.split(credit.strip()):
        acts.extend(_solo_parts(piece, solo_credits))
    return acts


def _solo_parts(piece: str, solo_credits: set[str]) -> list[str]:
    """``piece`` cut into the most parts that are all solo credits, or ``[piece]`` if there is no such cut."""
    words = MAYBE_TWO_ACTS.split(piece)  # names at even positions, the separators between them at odd ones
    names = words[::2]
    best: list[list[str] | None] = [[]] + [None] * len(names)  # best[j]: the best cut of names[:j]
    for end in range(1, len(names) + 1):
        for start in range(end):
            part = "".join(words[2 * start : 2 * end - 1])
            if best[start] is not None and part in solo_credits:
                candidate = best[start] + [part]
                if best[end] is None or len(candidate) > len(best[end]):
                    best[end] = candidate
    return best[-1] or [piece]


def co_credit_groups(artists: Iterable[str]) -> pd.Series:
    """One group per set of acts linked by shared credits (connected components of the co-credit graph).

    "A Featuring B" links A and B, so every track credited to A, to B or to both lands in one group; a
    group is named after its alphabetically first act. Unlike :func:`artist_groups`, no act is ever on both
    sides of a split by these groups.
    """
    artists = pd.Series(artists, dtype=str)
    solo_credits = set(artists)
    parent: dict[str, str] = {}

    def root(act: str) -> str:
        parent.setdefault(act, act)
        while parent[act] != act:
            parent[act] = parent[parent[act]]
            act = parent[act]
        return act

    acts_by_credit = {credit: credited_acts(credit, solo_credits) for credit in solo_credits}
    for acts in acts_by_credit.values():
        for act in acts[1:]:
            first, other = root(acts[0]), root(act)
            parent[max(first, other)] = min(first, other)  # the alphabetically first act names the group
    return artists.map(lambda credit: root(acts_by_credit[credit][0])).rename("co_credit_group")


def names_an_act_of(credits: Iterable[str], other_credits: Iterable[str]) -> np.ndarray:
    """For each credit in ``credits``, whether it names an act that some credit in ``other_credits`` names.

    Credits are cut into acts with :func:`credited_acts`, taking every credit given here as a solo credit.
    """
    credits, other_credits = list(credits), list(other_credits)
    solo_credits = set(credits) | set(other_credits)
    acts = {credit: frozenset(credited_acts(credit, solo_credits)) for credit in solo_credits}
    other_acts = frozenset().union(*(acts[credit] for credit in set(other_credits)))
    return np.array([not other_acts.isdisjoint(acts[credit]) for credit in credits], dtype=bool)


class ArtistFolds(StratifiedGroupKFold):
    """k folds that keep every credited act on one side.

    Rows are dealt into folds by main artist, as ``StratifiedGroupKFold`` does it (each fold about half
    hits); then every training row whose credit names an act of the test fold ("Rihanna Featuring Drake"
    when Drake's own tracks are tested) is left out of that training part. The test folds are those of the
    main-artist grouping; only training parts shrink. ``split`` takes the artist credit of each row as
    ``groups``.
    """

    def split(self, X, y=None, groups=None):
        if groups is None:
            raise ValueError("ArtistFolds.split needs groups: the artist credit of each row, e.g. tracks['artist']")
        credits = pd.Series(np.asarray(groups, dtype=object), dtype=str)
        if len(credits) != len(X):
            raise ValueError(f"groups has {len(credits)} credits for {len(X)} rows; pass one credit per row")
        for train, test in super().split(X, y, main_artist(credits)):
            yield train[~names_an_act_of(credits.iloc[train], credits.iloc[test])], test


def grouped_cv(n_splits: int = 5, seed: int = 0) -> ArtistFolds:
    """The book's honest protocol: k folds, no act on both sides, each fold about half hits.

    Pass ``groups=tracks["artist"]`` (the credits) to ``cross_validate`` or ``split``.
    """
    return ArtistFolds(n_splits=n_splits, shuffle=True, random_state=seed)


def results_table(results: Mapping[tuple[str, str], Mapping[str, object]]) -> pd.DataFrame:
    """Summarise ``cross_validate`` outputs as mean and standard deviation per metric.

    ``results`` maps (model, protocol) to what ``sklearn.model_selection.cross_validate`` returned.
    The table has one row per (model, protocol) and, for every ``test_<metric>`` score, the columns
    ``<metric> mean`` and ``<metric> std`` (the spread over folds, ddof=1), plus ``folds``.
    """
    if not results:
        raise ValueError("results is empty: pass {(model, protocol): cross_validate(...)}")
    rows = {}
    for key, scores in results.items():
        metrics = {
            name.removeprefix("test_"): pd.Series(values, dtype=float)
            for name, values in scores.items()
            if name.startswith("test_")
        }
        if not metrics:
            raise ValueError(f"{key}: no test_* scores; is this the output of cross_validate?")
        row = {}
        for metric, values in metrics.items():
            row[f"{metric} mean"] = values.mean()
            row[f"{metric} std"] = values.std(ddof=1)
        row["folds"] = len(next(iter(metrics.values())))
        rows[key] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index = pd.MultiIndex.from_tuples(table.index, names=["model", "protocol"])
    return table


def paired_difference(scores_a, scores_b, test_train_ratio: float, confidence: float = 0.95) -> dict[str, float]:
    """How much model A beats model B, from their scores on the same cross-validation folds.

    Uses the corrected resampled t-test of Nadeau & Bengio (2003): folds share most of their training
    rows, so their scores are correlated and the plain standard error is too small. The variance of the
    mean difference is inflated from ``s²/J`` to ``(1/J + test_train_ratio) · s²`` for ``J`` folds (all
    repeats together); ``test_train_ratio`` is test rows over training rows, ``1/(k-1)`` for k folds.
    Returns the mean difference, the ends of its confidence interval and the two-sided p-value.

    Introduced in *Is A really better than B?*, the interlude after *Normalization*.
    """
    scores_a, scores_b = np.asarray(scores_a, dtype=float), np.asarray(scores_b, dtype=float)
    if scores_a.ndim != 1 or scores_a.shape != scores_b.shape or len(scores_a) < 2:
        raise ValueError(
            f"need the two models' scores on the same 2 or more folds, got {scores_a.size} and {scores_b.size} scores"
        )
    differences = scores_a - scores_b
    if test_train_ratio <= 0:
        raise ValueError(f"test_train_ratio must be positive (1/(k-1) for k folds), got {test_train_ratio}")
    n = len(differences)
    mean = differences.mean()
    standard_error = np.sqrt((1 / n + test_train_ratio) * differences.var(ddof=1))
    half_width = stats.t.ppf(0.5 + confidence / 2, df=n - 1) * standard_error
    if standard_error > 0:
        p_value = 2 * stats.t.sf(abs(mean) / standard_error, df=n - 1)
    else:  # identical differences on every fold
        p_value = 1.0 if mean == 0 else 0.0
    return {
        "difference": float(mean),
        "low": float(mean - half_width),
        "high": float(mean + half_width),
        "p": float(p_value),
    }


def fold_ratio(n_splits: int) -> float:
    """Test rows over training rows in k-fold cross-validation, ``1/(k-1)``: the ``test_train_ratio`` that
    :func:`paired_difference` needs, written once so that no chapter can get the fraction wrong.

    Introduced in *Is A really better than B?*. Exact for k equal folds; the book's artist-grouped folds
    are about equal, and their training parts a little smaller, so the correction is, if anything, too small.
    """
    if n_splits < 2:
        raise ValueError(f"cross-validation needs at least 2 folds, got {n_splits}")
    return 1 / (n_splits - 1)


def glue_intervals(scale: float = 100, **intervals: Mapping[str, float]) -> None:
    """Glue each interval (from :func:`paired_difference`) for the prose that quotes it: ``name=interval``
    glues ``name_difference``, ``name_low`` and ``name_high``, times ``scale`` (100: in points).

    The chapters quote an interval as "{glue:text}`name_difference:.1f` points (95 % interval
    {glue:text}`name_low:.1f` to {glue:text}`name_high:.1f`)"; this keeps the three names and the scale
    together. Differences first, then the low ends, then the high ends: the order in which the chapters'
    committed outputs hold them. Needs myst-nb (the book's notebooks import it).
    """
    from myst_nb import glue

    for end in ("difference", "low", "high"):
        for name, interval in intervals.items():
            glue(f"{name}_{end}", float(scale * interval[end]), display=False)


def read_interval(interval: Mapping[str, float], above: str, below: str, around: str) -> str:
    """The sentence that fits a confidence interval of a difference (``paired_difference``'s ``low`` and
    ``high``): ``above`` when it lies wholly above zero, ``below`` when wholly below, else ``around``."""
    if interval["low"] > 0:
        return above
    if interval["high"] < 0:
        return below
    return around


def holm(p_values: pd.Series) -> pd.Series:
    """Holm's step-down adjustment of p-values, for many comparisons made at once.

    Compare each adjusted p-value with the usual level (0.05): the chance of any false discovery
    among all the comparisons then stays below that level.

    Introduced in *The feature-drop table*, a deep dive that extends *The neural network*; the interlude
    *Is A really better than B?* says when it is needed.
    """
    p_values = pd.Series(p_values, dtype=float)
    if p_values.isna().any() or not p_values.between(0, 1).all():
        raise ValueError("p-values must be numbers between 0 and 1")
    order = p_values.sort_values().index
    m = len(p_values)
    adjusted = (p_values[order] * np.arange(m, 0, -1)).cummax().clip(upper=1)
    return adjusted.reindex(p_values.index)
