# %% [markdown]
# # What the decade adds, model by model
#
# A deep dive that extends {doc}`06_gradient_boosting`. The book's model sees each track's `decade`
# beside its audio features. That chapter measures what the decade adds to the book's model; this
# notebook asks the same of every model on its leaderboard, the polynomial SVM of {doc}`03_normalization` included,
# with Holm's adjustment for the many comparisons.
#
# **Learning objectives.** By the end of this deep dive you can:
#
# - measure what one more input adds to several models at once, on the same artist-grouped folds;
# - adjust several p-values together with Holm's method;
# - explain why a tree ensemble can make more of an era than a linear model can.
#
# **Prerequisites.** {doc}`06_gradient_boosting` (the leaderboard and its models) and the paired
# interval of {doc}`interlude_a_vs_b`.
#
# **Time.** About 20 minutes to read; the notebook runs for about four minutes on two cores.

# %% tags=["hide-input"]
# Colab only: install what this notebook needs: hitlib, scikit-learn at the book's version (the results
# depend on it) and myst-nb (for glue). The network trains with Colab's own TensorFlow. Elsewhere this does
# nothing.
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
DECADES = [2000, 2010, 1960, 1970, 1980, 1990]  # the original project's file order (*Baselines*)
N_SPLITS = 5  # folds of the cross-validation
SEED = 0  # seeds the forest, the boosting, the network and the folds
N_ESTIMATORS = 200  # trees of the random forest, as in the original (*Random forests*)
MAX_EPOCHS = 200  # upper bound for the network's early-stopped training

# %%
if QUICK:
    DECADES, N_SPLITS, N_ESTIMATORS, MAX_EPOCHS = [2000, 2010], 3, 20, 5
    print("QUICK run: two decades, three folds, smaller models; the numbers below differ from the book's.")

# %%
import numpy as np
import pandas as pd
from joblib.externals.loky import get_reusable_executor
from myst_nb import glue
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.svm import SVC, LinearSVC

from hitlib.data import load_tracks
from hitlib.evaluation import (
    artist_groups,
    fold_ratio,
    glue_intervals,
    grouped_cv,
    holm,
    paired_difference,
    read_interval,
)
from hitlib.exercises import check
from hitlib.features import FEATURE_NAMES
from hitlib.models import hit_predictor, original_forest

# %% [markdown]
# The data and the artist-grouped folds are those of {ref}`the leaderboard <leaderboard>`: the same seed deals the same folds. Each model
# is scored twice on them, on the fifteen audio features and with `decade` as a sixteenth input.

# %%
tracks = load_tracks(DECADES)
X, y, groups = tracks[FEATURE_NAMES], tracks["target"], artist_groups(tracks)
folds = list(grouped_cv(N_SPLITS, seed=SEED).split(X, y, tracks["artist"]))
inputs = {"audio only": X, "with decade": X.assign(decade=tracks["decade"])}

# %% [markdown]
# ## Why the decade could help
#
# On its own the decade says nothing: every decade holds as many hits as flops ({ref}`by construction <what-is-a-hit>`). It can only
# help a model that combines it with the audio features, one that learns that a feature means something
# else in another era. The majority rule reads no inputs and sits this out; every other model of
# {ref}`the leaderboard <leaderboard>` takes part, gradient boosting with the settings
# its {ref}`nested search <tuned-honestly>` chose
# (`hitlib.models.hit_predictor`). First the linear models and the polynomial SVM, their folds sharing
# the machine's cores, one kind of input per cell; each of the next two cells runs for about 70 s on two
# cores, most of it the polynomial SVM's.

# %%
candidates = {
    "logistic regression": make_pipeline(StandardScaler(), LogisticRegression()),
    "linear SVM": make_pipeline(
        StandardScaler(), LinearSVC(loss="hinge", max_iter=100_000, tol=1e-3, random_state=SEED)
    ),
    "polynomial SVM (MinMax)": make_pipeline(MinMaxScaler(), SVC(kernel="poly")),
}
scores = {}


def score_candidates(kind):
    """Each candidate's accuracy on every fold, with the given inputs; a line per model shows the progress."""
    for name, model in candidates.items():
        scores[(name, kind)] = cross_validate(model, inputs[kind], y, cv=folds, n_jobs=-1)["test_score"]
        print(f"{name}, {kind}: scored on {len(folds)} folds")


score_candidates("audio only")

# %%
score_candidates("with decade")

# %% [markdown]
# Then the two tree ensembles, whose fits already use every core; the next cell runs for about 100 s.

# %%
forest = original_forest(N_ESTIMATORS, random_state=SEED)  # the forest of *Random forests*
for name, model in (("random forest", forest), ("gradient boosting", hit_predictor(seed=SEED))):
    for kind, features in inputs.items():
        scores[(name, kind)] = cross_validate(model, features, y, cv=folds)["test_score"]
    print(f"{name}: scored on {len(folds)} folds, audio only and with decade")

# %% [markdown]
# Last, the network, with the fast early-stopping recipe of {doc}`04_neural_net` (learning rate 0.01, patience 5, a fifth
# of the training artists held out for validation), one fold after another, for about 50 s. TensorFlow
# is loaded only now. The worker processes that ran the SVMs' folds side by side stay alive, idle, in
# case more work comes; they are stopped first, since they and TensorFlow together would need more
# memory than Binder gives a notebook (measured: over 2 GB).


# %%
get_reusable_executor().shutdown(wait=True)  # the idle worker processes of `n_jobs=-1` above
from hitlib.nn import fast_network_hit_probability  # noqa: E402  (sets up TensorFlow)


def network_accuracy(features, train, test):
    """Accuracy on one fold of the network, trained with the fast early-stopping recipe."""
    hit_probability = fast_network_hit_probability(
        features.iloc[train], y.iloc[train], groups.iloc[train].to_numpy(), features.iloc[test], MAX_EPOCHS, SEED
    )
    return np.mean((hit_probability > 0.5) == y.iloc[test])


for kind, features in inputs.items():
    scores[("neural network (early stopping)", kind)] = [network_accuracy(features, *fold) for fold in folds]
    print(f"neural network, {kind}: trained and tested on {len(folds)} folds")

# %% [markdown]
# ## The table
#
# Each model's fold scores with `decade` are set against its own scores on the audio features alone,
# fold by fold:

# %% tolerance={"abs": 0.02, "why": "the network's row: retrained from other seeds on this machine, its mean difference moved by up to 0.003 and its interval ends by up to 0.01; another CPU perturbs it likewise"}
models = list(dict.fromkeys(name for name, _ in scores))
decade_table = pd.DataFrame(
    {
        name: {
            "audio only": np.mean(scores[(name, "audio only")]),
            "with decade": np.mean(scores[(name, "with decade")]),
            **paired_difference(
                scores[(name, "with decade")], scores[(name, "audio only")], test_train_ratio=fold_ratio(N_SPLITS)
            ),
        }
        for name in models
    }
).T
decade_table["Holm p"] = holm(decade_table.pop("p"))  # several comparisons at once
trees = ["random forest", "gradient boosting"]
others = decade_table.drop(index=trees)
glue("decade_comparisons", len(decade_table), display=False)
glue_intervals(scale=1, decade_boosting=decade_table.loc["gradient boosting"])  # as fractions
glue("decade_trees_low", float(decade_table.loc[trees, "low"].min()), display=False)
glue("decade_trees_holm", float(decade_table.loc[trees, "Holm p"].max()), display=False)
glue("decade_others_least", float(others["difference"].min()), display=False)
glue("decade_others_most", float(others["difference"].max()), display=False)
glue("decade_others_low_min", float(others["low"].min()), display=False)
glue("decade_others_low_max", float(others["low"].max()), display=False)
decade_table.drop(columns="Holm p").round(4)

# %% [markdown]
# With {glue:text}`decade_comparisons` comparisons at once, each p-value is adjusted with Holm's method
# (explained in {doc}`interlude_a_vs_b` and on the methods page):

# %% tolerance={"abs": 0.2, "why": "the network's p-value depends on its random start: retrained from two other seeds on this machine it was 0.04 and 0.21 instead of 0.02, and Holm's adjustment passes such a move on to the row beside it; the other rows' p-values are far smaller"}
decade_table[["Holm p"]].round(4)

# %% [markdown]
# In this run the tree ensembles gain the most: gradient boosting {glue:text}`decade_boosting_difference:+.3f` (95 %
# interval {glue:text}`decade_boosting_low:+.3f` to {glue:text}`decade_boosting_high:+.3f`), and the
# intervals of the forest and boosting both start at {glue:text}`decade_trees_low:+.3f` or above, with
# adjusted p-values of at most {glue:text}`decade_trees_holm:.3f`. The linear models, the polynomial SVM
# and the network change by {glue:text}`decade_others_least:+.3f` to {glue:text}`decade_others_most:+.3f`,
# and their intervals start closer to zero, between {glue:text}`decade_others_low_min:+.3f` and
# {glue:text}`decade_others_low_max:+.3f`. The network's row is the least firm of all. Its scores also
# depend on its random start ({ref}`repeatable-run`), so a network retrained from another seed, here or on another
# machine, can put the lower end of its interval on either side of zero. The intervals of the models
# overlap, so the order of the gains is what this run shows, not a ranking the folds can defend.
#
# The models differ in what they can do with the decade. Logistic regression and the linear SVM can only
# shift their weighted sum by era, as if every boundary moved in a straight line over sixty years. The
# polynomial SVM can also multiply the decade with other features, up to the third power. The network
# and the tree ensembles can combine it with anything; the trees, for instance, can ask about the decade
# first and about the audio features after.
#
# ## Exercises
#
# :::{admonition} Exercise 1: is boosting's gain larger than logistic regression's?
# The table compares each model with itself. Compare two gains: on each fold, take gradient boosting's
# gain from `decade` (its score with decade minus its score on the audio features alone) and logistic
# regression's, and give the two series of fold gains to `paired_difference`. Can these folds tell the
# two gains apart?
#
# Check the interval (difference, low, high) with `check("decade_input.1", interval, scores, N_SPLITS)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 1
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"] tolerance={"abs": 0.0005, "glued": {"ex1_difference": {"abs": 0.05, "why": "the same difference of fold gains, in points"}, "ex1_high": {"abs": 0.05, "why": "the same difference of fold gains, in points"}, "ex1_low": {"abs": 0.05, "why": "the same difference of fold gains, in points"}}, "why": "fold accuracies of logistic regression, whose L-BFGS sums use the CPU's BLAS kernels: another CPU can flip a test row or two per fold"}
def gains(name):
    """A model's accuracy with decade minus its accuracy on the audio features alone, fold by fold."""
    return np.asarray(scores[(name, "with decade")]) - np.asarray(scores[(name, "audio only")])


gain_gap = paired_difference(
    gains("gradient boosting"), gains("logistic regression"), test_train_ratio=fold_ratio(N_SPLITS)
)
glue_intervals(ex1=gain_gap)  # in points
glue(
    "ex1_reading",
    read_interval(
        gain_gap,
        above="Boosting gains more than logistic regression by more than the folds' noise.",
        below="Logistic regression gains more than boosting by more than the folds' noise.",
        around="These folds cannot tell the two gains apart.",
    ),
    display=False,
)
check("decade_input.1", (gain_gap["difference"], gain_gap["low"], gain_gap["high"]), scores, N_SPLITS)
pd.Series(gain_gap).round(4)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# Boosting's gain minus logistic regression's is {glue:text}`ex1_difference:+.2f` points (95 % interval
# {glue:text}`ex1_low:+.2f` to {glue:text}`ex1_high:+.2f`). {glue:text}`ex1_reading` A gain is itself a
# difference between two scores on the same folds, so the difference of two gains is still a paired
# comparison, and the same interval applies.
# :::

# %% [markdown]
# :::{admonition} Exercise 2 (open-ended): which gains can the folds rank?
# Exercise 1 compared one pair of gains. Compare every pair among the five models other than the network
# (whose gain moves with its random start): ten paired differences of gains, their p-values adjusted
# together with `holm`. How many pairs differ after the adjustment? What would you write instead of "the
# tree ensembles gain the most", and what experiment could settle the order?
#
# Check your count with `check("decade_input.2", count, scores, N_SPLITS)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 2
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"] tolerance={"abs": 0.005, "why": "adjusted p-values from fold accuracies of logistic regression and LinearSVC, whose sums use the CPU's BLAS kernels: another CPU can flip a test row or two per fold"}
ranked = [name for name in models if name != "neural network (early stopping)"]
pairs = pd.DataFrame(
    {
        f"{a} - {b}": paired_difference(gains(a), gains(b), test_train_ratio=fold_ratio(N_SPLITS))
        for i, a in enumerate(ranked)
        for b in ranked[i + 1 :]
    }
).T
pairs["Holm p"] = holm(pairs.pop("p"))
n_ranked = int((pairs["Holm p"] < 0.05).sum())
glue("ex2_pairs", len(pairs), display=False)
glue("ex2_ranked", n_ranked, display=False)
check("decade_input.2", n_ranked, scores, N_SPLITS)
pairs.round(4)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# Of the {glue:text}`ex2_pairs` pairs of gains, {glue:text}`ex2_ranked` differ after Holm's adjustment.
# Exercise 1's pair, boosting against logistic regression, looked resolved on its own; as one of ten
# comparisons made at once, it no longer does. So the honest sentence is about each model's own gain, which every interval in the table above
# supports, not about their order. To rank the gains, the folds would have to be many more, or the
# gains larger: repeated cross-validation adds folds, but, as the interlude showed, their shared training
# rows keep the interval from shrinking much. More artists, not more folds, would settle it.
# :::
#
# ## Recap
#
# In this deep dive we:
#
# - scored every model of the leaderboard in {doc}`06_gradient_boosting` on the same artist-grouped folds with and without
#   `decade`, and adjusted the {glue:text}`decade_comparisons` p-values together with Holm's method;
# - saw the tree ensembles gain most from the decade, and why models that can combine it with other
#   features can make more of it.
#
# ## What's next
#
# Back to the learner path: {doc}`07_decade_analysis` looks at the decades themselves, how hits changed
# over sixty years.
