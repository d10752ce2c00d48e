# %% [markdown]
# # Is A really better than B?
#
# {doc}`02_baselines` and {doc}`03_normalization` compared models by their mean accuracy over artist-grouped folds. From here on the
# book compares models all the time, and the differences are often a point or less. This short interlude
# shows, on two comparisons, how to tell a difference from the noise of the folds, and how to read the
# one sentence the later chapters use for it. The statistics stay light; the methods page has the
# derivations.
#
# **Learning objectives.** By the end of this interlude you can:
#
# - compare two models fold by fold, as paired differences, and say why that beats comparing their means;
# - explain why folds that share training rows need a wider interval than the textbook one;
# - read the book's interval sentence, and say what it does and does not claim.
#
# **Prerequisites.** {doc}`02_baselines` (artist-grouped cross-validation, `hitlib.evaluation`).
#
# **Time.** About 20 minutes.

# %% tags=["hide-input"]
# Colab only: install what this notebook needs: hitlib, scikit-learn at the book's version (the results
# depend on it) and myst-nb (for glue). Elsewhere this does nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess

    HITLIB = "hitlib @ git+https://github.com/hit-or-flop/hit-or-flop-book"  # synced from _config.yml
    LOCKED = ["scikit-learn==1.9.1"]  # synced from requirements-lock.txt
    # pip reports what it changes; if Colab then asks to restart the session, do so and run from the top
    subprocess.run([sys.executable, "-m", "pip", "install", HITLIB, *LOCKED, "myst-nb"], check=True)

# %% tags=["parameters"]
# Parameters (papermill can replace them, e.g. `-p QUICK True`).
QUICK = False  # True: smaller settings for a live class (about a minute); the numbers then differ from the book's
DECADES = [1960, 1970, 1980, 1990, 2000, 2010]
N_SPLITS = 5  # folds of the cross-validation
SEED = 0  # shuffles the folds

# %%
if QUICK:
    DECADES = [2000, 2010]
    print("QUICK run: two decades; the numbers below differ from the book's.")

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from myst_nb import glue
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from hitlib.data import load_tracks
from hitlib.evaluation import fold_ratio, glue_intervals, grouped_cv, paired_difference, read_interval
from hitlib.exercises import check
from hitlib.features import FEATURE_NAMES
from hitlib.plotting import set_style

set_style()

# %% [markdown]
# ## Three models on the same folds
#
# The logistic regression and linear SVM of {doc}`02_baselines`, and the same logistic regression without
# `instrumentalness`, each scored on the same artist-grouped folds. Same folds is the point: every model
# meets the same test artists, so a fold that is hard is hard for all of them.

# %% tolerance={"abs": 0.0005, "why": "fold accuracies of logistic regression (L-BFGS) and LinearSVC, whose sums use the CPU's BLAS kernels: another CPU can flip a test row or two per fold (each about 0.0001)"}
tracks = load_tracks(DECADES)
X, y = tracks[FEATURE_NAMES], tracks["target"]
folds = list(grouped_cv(N_SPLITS, seed=SEED).split(X, y, tracks["artist"]))
without = [name for name in FEATURE_NAMES if name != "instrumentalness"]
models = {
    "logistic regression": (make_pipeline(StandardScaler(), LogisticRegression()), FEATURE_NAMES),
    "linear SVM": (
        make_pipeline(StandardScaler(), LinearSVC(loss="hinge", max_iter=100_000, tol=1e-3, random_state=SEED)),
        FEATURE_NAMES,
    ),
    "logistic regression without instrumentalness": (
        make_pipeline(StandardScaler(), LogisticRegression()),
        without,
    ),
}
scores = pd.DataFrame(
    {name: cross_val_score(model, X[inputs], y, cv=folds) for name, (model, inputs) in models.items()}
).rename_axis("fold")
scores.round(4)

# %% [markdown]
# ## Fold by fold
#
# The folds differ a lot: a fold full of artists whose music sits between the classes is hard for every
# model. Drawn fold by fold, the scores of two models rise and fall together, and what matters, the
# *difference* on each fold, varies far less than the scores themselves.

# %% mystnb={"figure": {"caption": "Accuracy of three models on the same five artist-grouped folds. Lines join one model's folds; the models rise and fall together from fold to fold.", "name": "fig-fold-by-fold"}, "image": {"alt": "Line chart of accuracy per fold for three models: the two full models nearly coincide on every fold, and the model without instrumentalness lies below them on every fold."}} tolerance={"why": "a figure of the fold accuracies above: its pixels follow their last digits"}
fig, ax = plt.subplots(figsize=(8, 3.4))
styles = {  # not the hit and flop colours: these lines are models
    "logistic regression": ("-", "#000000"),
    "linear SVM": ("--", "#999999"),
    "logistic regression without instrumentalness": (":", "#E69F00"),
}
for name in scores:
    linestyle, color = styles[name]
    ax.plot(scores.index + 1, scores[name], marker="o", linestyle=linestyle, color=color, label=name)
ax.set(xlabel="fold", ylabel="accuracy on unseen artists", xticks=scores.index + 1)
ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
fig.tight_layout()

# %% tolerance={"abs": 0.0005, "why": "fold accuracies of logistic regression (L-BFGS) and LinearSVC, whose sums use the CPU's BLAS kernels: another CPU can flip a test row or two per fold (each about 0.0001)"}
PAIRS = {  # the comparisons of this interlude: (A, B) for A minus B
    "svm": ("logistic regression", "linear SVM"),
    "instrumentalness": ("logistic regression", "logistic regression without instrumentalness"),
}
LABELS = {"svm": "logistic regression minus linear SVM", "instrumentalness": "with minus without instrumentalness"}
differences = pd.DataFrame({LABELS[key]: scores[a] - scores[b] for key, (a, b) in PAIRS.items()})
glue("score_std", float(scores["logistic regression"].std()), display=False)
glue("difference_std", float(differences.iloc[:, 0].std()), display=False)
differences.agg(["mean", "std"]).T.round(4)

# %% [markdown]
# Logistic regression's accuracy spreads over the folds with a standard deviation of
# {glue:text}`score_std:.3f`; its difference from the linear SVM spreads by only
# {glue:text}`difference_std:.4f`. Comparing the two means would carry all of the first spread; comparing
# fold by fold, a {term}`paired comparison <Paired comparison>`, carries only the second. That is why
# every comparison in this book is made on the same folds.
#
# ## How wide is the honest interval?
#
# The textbook interval for a mean of $J$ differences is the mean ± $t \cdot s/\sqrt{J}$, with $s$ their
# standard deviation and $t$ from Student's distribution with $J - 1$ degrees of freedom (larger than
# 1.96 for a handful of folds: five numbers say little about their own spread). It assumes the $J$ differences are
# independent. They are not: any two training parts share most of their rows (three of the four other
# folds, with five), so the fold scores move together, and their spread understates the uncertainty.
# The {term}`corrected resampled t-test <Corrected resampled t-test>` {cite:p}`nadeau2003inference`
# widens the standard error from $s\sqrt{1/J}$ to $s\sqrt{1/J + n_\text{test}/n_\text{train}}$, where
# $n_\text{test}/n_\text{train}$ is $1/(k-1)$ for $k$ folds (`hitlib.evaluation.fold_ratio(k)`, which
# the later chapters use wherever they compare models). `hitlib.evaluation.paired_difference` computes the interval:

# %% tolerance={"abs": 0.0005, "why": "fold accuracies of logistic regression (L-BFGS) and LinearSVC, whose sums use the CPU's BLAS kernels: another CPU can flip a test row or two per fold (each about 0.0001)"}
J = len(folds)
critical = stats.t.ppf(0.975, df=J - 1)
gaps = {
    key: paired_difference(scores[a], scores[b], test_train_ratio=fold_ratio(N_SPLITS)) for key, (a, b) in PAIRS.items()
}
rows = {}
for gap, (name, diff) in zip(gaps.values(), differences.items(), strict=True):
    textbook_half = critical * diff.std() / np.sqrt(J)
    rows[name] = {
        "difference": gap["difference"],
        "textbook low": gap["difference"] - textbook_half,
        "textbook high": gap["difference"] + textbook_half,
        "corrected low": gap["low"],
        "corrected high": gap["high"],
    }
intervals = pd.DataFrame(rows).T
glue("widening", float(np.sqrt(1 / J + fold_ratio(N_SPLITS)) / np.sqrt(1 / J)), display=False)
glue("critical", float(critical), display=False)
intervals.round(4)

# %% [markdown]
# With {glue:text}`critical:.2f` for $t$, the corrected interval is {glue:text}`widening:.1f` times as
# wide as the textbook one. The price of honesty is real: a difference has to be larger to count.
#
# ## The interval sentence
#
# The later chapters report every comparison in one form: the difference, its 95 %
# {term}`confidence interval <Confidence interval>`, and a verdict that depends only on where the interval
# lies. `hitlib.evaluation.read_interval` picks the verdict: wholly above zero, wholly below zero, or
# around it. Here are both comparisons in that form.

# %% tolerance={"abs": 0.0005, "glued": {"instrumentalness_difference": {"abs": 0.05, "why": "the same differences of fold accuracies, in points"}, "instrumentalness_high": {"abs": 0.05, "why": "the same differences of fold accuracies, in points"}, "instrumentalness_low": {"abs": 0.05, "why": "the same differences of fold accuracies, in points"}, "svm_difference": {"abs": 0.05, "why": "the same differences of fold accuracies, in points"}, "svm_high": {"abs": 0.05, "why": "the same differences of fold accuracies, in points"}, "svm_low": {"abs": 0.05, "why": "the same differences of fold accuracies, in points"}}, "why": "fold accuracies of logistic regression (L-BFGS) and LinearSVC, whose sums use the CPU's BLAS kernels: another CPU can flip a test row or two per fold (each about 0.0001)"}
sentences = {}
for key, (a, b) in PAIRS.items():
    gap = gaps[key]
    reading = read_interval(
        gap,
        above=f"The {a} is ahead by more than the folds' noise.",
        below=f"The {b} is ahead by more than the folds' noise.",
        around="The interval contains zero: these folds cannot tell the two apart.",
    )
    sentences[key] = (
        f"{a} minus {b}: {gap['difference']:+.3f} (95 % interval {gap['low']:+.3f} to {gap['high']:+.3f}). {reading}"
    )
    glue_intervals(**{key: gap})  # in points
    glue(f"{key}_reading", reading, display=False)
print("\n".join(sentences.values()))

# %% [markdown]
# Dropping `instrumentalness` costs {glue:text}`instrumentalness_difference:.1f` points (95 % interval
# {glue:text}`instrumentalness_low:.1f` to {glue:text}`instrumentalness_high:.1f`).
# {glue:text}`instrumentalness_reading` Logistic regression minus the linear SVM is
# {glue:text}`svm_difference:+.2f` points ({glue:text}`svm_low:+.2f` to {glue:text}`svm_high:+.2f`).
# {glue:text}`svm_reading`
#
# Three things the sentence does not say:
#
# - **"Cannot tell apart" is not "equal".** An interval around zero says these folds cannot resolve the
#   difference; more data might. Its width says how large a difference could still hide in it.
# - **"Ahead" is not "much better".** An interval wholly above zero can sit close to it; read the
#   numbers, not only the verdict.
# - **It is one comparison.** Make twenty, and about one will look real by chance. When a chapter makes
#   many comparisons at once it adjusts them with {term}`Holm's correction <Holm's correction>`
#   {cite:p}`holm1979simple`, and says so.
#
# The derivations (the corrected variance, Student's $t$, Holm's step-down) are on the
# {doc}`methods page <../book/methods>`. The deep dive {doc}`dive_feature_drop` puts all of this to
# work on nine comparisons at once.
#
# ## Exercises
#
# :::{admonition} Exercise 1: a third pair
# Compare the linear SVM with logistic regression without `instrumentalness` on the same folds, with
# `paired_difference`. Is the linear SVM ahead by more than the folds' noise?
#
# Check the interval (difference, low, high) with `check("a_vs_b.1", interval, scores, N_SPLITS)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 1
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"] tolerance={"abs": 0.0005, "glued": {"ex1_difference": {"abs": 0.05, "why": "the same differences of fold accuracies, in points"}, "ex1_high": {"abs": 0.05, "why": "the same differences of fold accuracies, in points"}, "ex1_low": {"abs": 0.05, "why": "the same differences of fold accuracies, in points"}}, "why": "fold accuracies of logistic regression (L-BFGS) and LinearSVC, whose sums use the CPU's BLAS kernels: another CPU can flip a test row or two per fold (each about 0.0001)"}
third = paired_difference(
    scores["linear SVM"],
    scores["logistic regression without instrumentalness"],
    test_train_ratio=fold_ratio(N_SPLITS),
)
glue_intervals(ex1=third)  # in points
glue(
    "ex1_reading",
    read_interval(
        third,
        above="The linear SVM is ahead by more than the folds' noise.",
        below="The model without instrumentalness is ahead by more than the folds' noise.",
        around="These folds cannot tell the two apart.",
    ),
    display=False,
)
check("a_vs_b.1", (third["difference"], third["low"], third["high"]), scores, N_SPLITS)
pd.Series(third).round(4)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# The linear SVM minus logistic regression without `instrumentalness` is
# {glue:text}`ex1_difference:+.1f` points (95 % interval {glue:text}`ex1_low:+.1f` to
# {glue:text}`ex1_high:+.1f`). {glue:text}`ex1_reading` Since the two full models are so close on every
# fold, the third pair tells the story of the second: the folds resolve what `instrumentalness` adds, not
# which linear model adds it.
# :::

# %% [markdown]
# :::{admonition} Exercise 2 (open-ended): how many folds?
# With $k$ folds, the corrected standard error is $s\sqrt{1/k + 1/(k-1)}$. Compute the factor
# $\sqrt{1/k + 1/(k-1)}$ for $k$ = 3, 5, 10 and 20. What happens to the interval as $k$ grows, if $s$
# stays the same? Would ten folds instead of five settle the comparison of logistic regression with the
# linear SVM? Argue from the numbers, then name what does shrink an interval.
#
# Check your four factors with `check("a_vs_b.2", factors)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 2
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
factors = {k: np.sqrt(1 / k + 1 / (k - 1)) for k in (3, 5, 10, 20)}
glue("ex2_five", float(factors[5]), display=False)
glue("ex2_twenty", float(factors[20]), display=False)
check("a_vs_b.2", list(factors.values()))
pd.Series(factors, name="factor").rename_axis("folds").round(3)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# The factor falls from {glue:text}`ex2_five:.2f` at five folds to {glue:text}`ex2_twenty:.2f` at
# twenty: both terms shrink, but only slowly, and more folds make each test fold smaller, so its score
# noisier and $s$ larger. Ten folds would narrow the interval a little, not enough to resolve a
# difference as small as the one between logistic regression and the linear SVM
# ({glue:text}`svm_difference:+.2f` points). What shrinks an interval is a smaller $s$: steadier
# models (averaging several seeds), and, above all, more independent data, here more artists.
# :::

# %% [markdown]
# ## Quiz
#
# Answer each question for yourself before you open it.
#
# :::{dropdown} 1. Why compare two models fold by fold rather than by their two mean accuracies?
# :class-container: quiz
# A hard fold is hard for both models, so their scores move together. The differences fold by fold
# carry only what separates the models, and vary far less than the scores; comparing means would carry
# all of the folds' spread.
# :::
#
# :::{dropdown} 2. Why is the textbook interval too narrow for cross-validation folds?
# :class-container: quiz
# It assumes independent differences, but the training parts of any two folds share most of their rows,
# so the fold results are correlated. The corrected resampled t-test widens the standard error to
# account for that overlap.
# :::
#
# :::{dropdown} 3. An interval for A minus B runs from -0.4 to +0.9 points. What may you say?
# :class-container: quiz
# That these folds cannot tell A from B: a difference anywhere from a small loss to a gain of almost a
# point fits the data. Not that A and B are equal.
# :::

# %% [markdown]
# ## Recap
#
# In this interlude we:
#
# - scored three models on the same artist-grouped folds and saw the fold-to-fold spread dwarf the
#   spread of their paired differences;
# - widened the textbook interval for the folds' shared training rows, with the corrected resampled
#   t-test ({glue:text}`widening:.1f` times as wide with five folds);
# - read the book's interval sentence for a difference the folds resolve and one they do not.
#
# ## What's next
#
# The next chapter, {doc}`04_neural_net`, turns to the original's network. From here on, every comparison between models comes
# with the interval of this interlude.
