# %% [markdown]
# # Models and time
#
# {doc}`07_decade_analysis` compared hits and flops decade by decade, without a model. This chapter puts the same
# questions to the book's model: is it as good in every decade, what has it learned, and can a model
# trained on older music judge newer music? It ends with a question every project meets sooner or later:
# would more data make the model better, or does it need a better model?
#
# **Learning objectives.** By the end of this chapter you can:
#
# - break a cross-validated score down by subgroup (here the decade) and compare subgroups with a
#   paired interval;
# - read permutation importance, partial dependence and ICE curves as a description of a model, not of
#   music;
# - test temporal generalization: train on the past, evaluate on unseen artists of a later era;
# - draw a learning curve under artist-grouped cross-validation and read from it whether more data or a
#   better model is the lever.
#
# **Prerequisites.** {doc}`02_baselines` (artist-grouped cross-validation), the interlude
# {doc}`interlude_a_vs_b` (the corrected paired interval) and {doc}`06_gradient_boosting` (the saved
# model).
#
# **Time.** About 25 minutes.

# %% tags=["hide-input"]
# Colab only: install what this chapter needs: hitlib with its `app` extra (the saved model's ONNX export),
# scikit-learn at the book's version (the results depend on it) and myst-nb (for glue). Elsewhere this does
# nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess

    HITLIB = "hitlib[app] @ git+https://github.com/hit-or-flop/hit-or-flop-book"  # synced from _config.yml
    LOCKED = ["scikit-learn==1.9.1"]  # synced from requirements-lock.txt
    # pip reports what it changes; if Colab then asks to restart the session, do so and run from the top
    subprocess.run([sys.executable, "-m", "pip", "install", HITLIB, *LOCKED, "myst-nb"], check=True)

# %% tags=["parameters"]
# Parameters (papermill can replace them, e.g. `-p QUICK True`, or `-y "{DECADES: [1990, 2000, 2010], N_SPLITS: 3}"`).
QUICK = False  # True: smaller settings for a live class (about a minute); the numbers then differ from the book's
DECADES = [1960, 1970, 1980, 1990, 2000, 2010]  # at least one decade before 2000 and one from 2000 on
N_SPLITS = 5  # folds of the artist-grouped cross-validation
TRAIN_SHARES = [0.1, 0.25, 0.5, 0.75, 1.0]  # shares of each training part on the learning curves
SEED = 0  # seeds the folds, the permutations and which rows each share of a learning curve draws
MODEL_DIR = "../models/hit_predictor"  # built by `make model` (settings: *Gradient boosting and the leaderboard*)

# %%
if QUICK:
    DECADES, N_SPLITS, TRAIN_SHARES = [1990, 2000, 2010], 3, [0.5, 1.0]
    print("QUICK run: three decades, three folds, two training shares; the numbers below differ from the book's.")

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown
from myst_nb import glue
from sklearn.base import clone
from sklearn.inspection import PartialDependenceDisplay, permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import learning_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from hitlib.build import ensure_model
from hitlib.data import checked_decades, load_tracks
from hitlib.evaluation import fold_ratio, glue_intervals, grouped_cv, names_an_act_of, paired_difference, read_interval
from hitlib.exercises import check
from hitlib.models import load_model
from hitlib.plotting import DECADE_COLORS, HIT_COLORS, set_style

set_style()

# %%
decades = sorted(checked_decades(DECADES))
assert min(decades) < 2000 <= max(decades), "DECADES needs a decade before 2000 and one from 2000 on"
tracks = load_tracks(decades)
names = {d: f"{d}s" for d in decades}  # 1960 -> "1960s"

# %% [markdown]
# ## Is the book's model equally good in every decade?
#
# We load the book's model (`make model` builds it with the settings {doc}`06_gradient_boosting` chose), re-fit a fresh
# copy of it (`clone`) inside every fold of the artist-grouped cross-validation, and split each fold's
# accuracy by decade.

# %%
pipeline, card = load_model(ensure_model(MODEL_DIR))  # builds it first where `make model` has not run
X, y = tracks[card["features"]], tracks["target"]
folds = list(grouped_cv(N_SPLITS, seed=SEED).split(X, y, tracks["artist"]))
per_fold, fold_models = [], []
for train, test in folds:
    model = clone(pipeline).fit(X.iloc[train], y.iloc[train])
    fold_models.append(model)
    correct = pd.Series(model.predict(X.iloc[test]) == y.iloc[test].to_numpy())
    per_fold.append(correct.groupby(tracks["decade"].iloc[test].to_numpy()).mean())
by_decade = pd.DataFrame(per_fold).rename(columns=names)
decade_accuracy = by_decade.agg(["mean", "std"]).T
decade_accuracy.round(3)

# %% mystnb={"figure": {"caption": "Accuracy of the book's model per decade, mean and standard deviation over the artist-grouped folds. Dashed: always answering \"hit\".", "name": "fig-decade-accuracy"}, "image": {"alt": "Bar chart of the model's accuracy per decade under artist-grouped cross-validation, one bar per decade in the decade colours, with the 50 % chance level dashed."}}
fig, ax = plt.subplots(figsize=(6.5, 3.5))
ax.bar(
    decade_accuracy.index,
    decade_accuracy["mean"],
    yerr=decade_accuracy["std"],
    capsize=4,
    color=[DECADE_COLORS[d] for d in decades],
    edgecolor="#333333",
)
ax.axhline(0.5, color="#999999", linestyle="--", linewidth=1)
ax.set(ylim=(0.4, 1), ylabel="accuracy on unseen artists")
fig.tight_layout()

# %% tags=["remove-input"]
ranked = decade_accuracy["mean"].sort_values()
easiest, hardest = sorted(ranked.index[-2:]), sorted(ranked.index[:2])
easy_over_hard = paired_difference(
    by_decade[easiest].mean(axis=1), by_decade[hardest].mean(axis=1), test_train_ratio=fold_ratio(N_SPLITS)
)
latest = decade_accuracy.index[-1]
glue("latest_decade", latest, display=False)
glue("latest_accuracy", float(decade_accuracy.loc[latest, "mean"]), display=False)
glue("latest_standing", "one of the two easiest" if latest in easiest else "not one of the two easiest", display=False)
glue("easiest_decades", " and ".join(easiest), display=False)
glue("hardest_decades", " and ".join(hardest), display=False)
glue("easiest_range", " and ".join(f"{a:.3f}" for a in decade_accuracy.loc[easiest, "mean"]), display=False)
glue("hardest_range", " and ".join(f"{a:.3f}" for a in decade_accuracy.loc[hardest, "mean"]), display=False)
glue_intervals(easy_over_hard=easy_over_hard)  # in points

# %% [markdown]
# The same model, trained on all decades, is most accurate on the {glue:text}`easiest_decades`
# ({glue:text}`easiest_range`) and least on the {glue:text}`hardest_decades`
# ({glue:text}`hardest_range`). Paired over the folds, the first two are
# {glue:text}`easy_over_hard_difference:.1f` points ahead of the last two (95 % interval
# {glue:text}`easy_over_hard_low:.1f` to {glue:text}`easy_over_hard_high:.1f`); the order *within* each
# pair is smaller than the folds' spread, so it is not a finding. {ref}`The decades' heat map <decade-heat-map>` suggests a reason
# for part of this order: in several features, danceability and instrumentalness among them, hits and
# flops drift apart over the decades, and larger gaps make the task easier. It is not the whole story.
# The {glue:text}`latest_decade`, with the largest instrumentalness gap of all, reach
# {glue:text}`latest_accuracy:.3f`, {glue:text}`latest_standing`. A likelier drag on that decade is the
# purge of {ref}`artist-grouped cross-validation <artist-grouped-cv>`: it leaves the 2010s' training parts with only about a third hits, while their test
# folds hold half, so the model meets more recent hits than it learned from.
#
# ## What the model learned
#
# Which inputs does the book's model lean on, and in which direction? To answer on artists it has not
# seen, take the copy fitted above on the first fold's training part and look at that fold's test
# artists. The permutation importance, as {ref}`the forests chapter used it <forest-importance>`, ranks the inputs by how much
# accuracy is lost when one of them is shuffled.

# %%
fold_model, fold_test = fold_models[0], folds[0][1]  # fitted above, on the first fold's training part
held_out = X.iloc[fold_test]
shuffled = permutation_importance(
    fold_model, held_out, y.iloc[fold_test], scoring="accuracy", n_repeats=5, random_state=SEED
)
ranked = pd.Series(shuffled.importances_mean, index=X.columns, name="accuracy lost when shuffled")
ranked = ranked.sort_values(ascending=False)
top_features = list(ranked.index[:3])
glue("top_features", Markdown(", ".join(f"`{name}`" for name in top_features)), display=False)
ranked.round(4).to_frame()

# %% [markdown]
# The top three are {glue:md}`top_features`. *How* does the predicted probability move with each?
# {term}`Partial dependence <Partial dependence and ICE>` answers by setting one input to a range of
# values for every held-out track, leaving its other inputs as they are, and averaging the model's
# probabilities (the thick line). ICE curves show the same for single tracks (the thin lines), here
# 50 of them, so that a model that treats tracks differently cannot hide behind the average.

# %% mystnb={"figure": {"caption": "Partial dependence (thick) and ICE curves (thin, 50 held-out tracks) of the book's model, fitted on the first fold's training artists, for its three most important inputs.", "name": "fig-pdp"}, "image": {"alt": "Three panels, one per top feature, each with many thin individual curves and a thick average curve of the predicted probability of a hit against the feature's value."}}
pdp = PartialDependenceDisplay.from_estimator(
    fold_model,
    held_out.astype(float),  # scikit-learn draws partial dependence for floating-point columns only
    top_features,
    kind="both",
    subsample=50,
    grid_resolution=30,
    random_state=SEED,
    ice_lines_kw={"color": "#999999", "alpha": 0.3, "linewidth": 0.5},
    pd_line_kw={"color": "black", "linewidth": 2.5},
)
pdp.figure_.set_size_inches(11, 3.6)
for ax in pdp.axes_.ravel():
    ax.set_ylabel("probability of a hit" if ax is pdp.axes_.ravel()[0] else "")
pdp.figure_.tight_layout()

# %% [markdown]
# Read these curves as a description of the *model*, not of music. Changing one input while the others
# stay put creates tracks that do not exist (a loud track with the energy of a quiet one), and the
# model's answer for them is an extrapolation. And what the model learned is what the data was built
# to contain: the flops were chosen from genres far from the charts, so a curve that says "more X, fewer
# hits" may say "more X, less mainstream" ({ref}`the data tour <what-is-a-hit>`, and the model card).
#
# ## Do tastes change? Train on the past, test on the future
#
# The original trained its best model on 2000–2019 only, arguing that tastes change over 30 to 40
# years, so old hits would mislead a model of today's. {ref}`The forests chapter <era-jump>` compared, on the same modern artists, a
# forest trained on the era alone with one trained on all decades. Here we test the reason more sharply
# with **temporal generalization**: train on 1960–1999 only, test on 2000–2019.
#
# For a fair comparison both models must face the *same* test tracks, by artists *neither* has seen. We
# split the 2000–2019 tracks into artist-grouped folds. On each fold, the **within-era** model trains on
# the other 2000–2019 folds, and the **temporal** model on all 1960–1999 tracks except those that name an
# act of the test fold (a few artists span the eras; `names_an_act_of` from {doc}`02_baselines` finds them).
#
# Both use the audio features only. The book's model also takes `decade`, but the temporal model would
# never see 2000 or 2010 in that column: its trees would treat them like the latest decade they know,
# the 1990s, and the comparison would mix a shift in tastes with an input it cannot read. The last
# column of the table keeps `decade`, to show what that changes.

# %%
modern = (tracks["decade"] >= 2000).to_numpy()
X_new, y_new, credits_new = X[modern], y[modern], tracks["artist"][modern]
modern_folds = list(grouped_cv(N_SPLITS, seed=SEED).split(X_new, y_new, credits_new))
audio = [name for name in card["features"] if name != "decade"]

# %%
era = {"temporal": [], "within era": [], "past rows dropped": [], "temporal, with decade": []}
for train, test in modern_folds:
    past = ~modern & ~names_an_act_of(tracks["artist"], credits_new.iloc[test])
    test_rows = X_new.iloc[test]
    for column, features in (("temporal", audio), ("temporal, with decade", card["features"])):
        past_model = clone(pipeline).fit(X.loc[past, features], y[past])
        era[column].append(past_model.score(test_rows[features], y_new.iloc[test]))
    era_model = clone(pipeline).fit(X_new.iloc[train][audio], y_new.iloc[train])
    era["within era"].append(era_model.score(test_rows[audio], y_new.iloc[test]))
    era["past rows dropped"].append(int((~modern).sum() - past.sum()))
era = pd.DataFrame(era).rename_axis("fold")
era.round(4)

# %%
temporal, within = era["temporal"], era["within era"]
era_gap = paired_difference(within, temporal, test_train_ratio=fold_ratio(N_SPLITS))
decade_gap = paired_difference(era["temporal, with decade"], temporal, test_train_ratio=fold_ratio(N_SPLITS))
glue("temporal_acc", float(temporal.mean()), display=False)
glue("temporal_acc_std", float(temporal.std(ddof=1)), display=False)
glue("within_era_acc", float(within.mean()), display=False)
glue("within_era_acc_std", float(within.std(ddof=1)), display=False)
glue("era_gap_points", 100 * era_gap["difference"], display=False)
glue("era_gap_low", 100 * era_gap["low"], display=False)
glue("era_gap_high", 100 * era_gap["high"], display=False)
glue("era_gap_verdict", read_interval(era_gap, "excludes", "excludes", "includes"), display=False)
era_conclusion = read_interval(
    era_gap,
    above="More data from the past loses to less data from the present, so what separates a hit from a flop"
    " did shift between the eras.",
    below="More data from the past beats less data from the present: no sign of a shift between the eras.",
    around="With zero in the interval, these folds cannot tell whether anything shifted between the eras.",
)
glue("era_conclusion", era_conclusion, display=False)
glue("n_within_better", int((within > temporal).sum()), display=False)
glue("n_folds", len(era), display=False)
glue("n_past_rows", int((~modern).sum()), display=False)
glue("n_modern_rows", int(modern.sum()), display=False)
glue("max_dropped", int(era["past rows dropped"].max()), display=False)
glue("decade_effect_points", 100 * decade_gap["difference"], display=False)
glue("decade_effect_low", 100 * decade_gap["low"], display=False)
glue("decade_effect_high", 100 * decade_gap["high"], display=False)
decade_conclusion = read_interval(
    decade_gap,
    above="it helps, although the model never saw 2000 or 2010 in it",
    below="the column it cannot read hurts it",
    around="no difference these folds can measure",
)
glue("decade_conclusion", decade_conclusion, display=False)

# %% [markdown]
# On the same unseen 2000–2019 artists, the model trained on 1960–1999 scores
# {glue:text}`temporal_acc:.3f` ± {glue:text}`temporal_acc_std:.3f` (mean and standard deviation over
# the folds), the model trained within the era {glue:text}`within_era_acc:.3f` ±
# {glue:text}`within_era_acc_std:.3f`. The within-era model is ahead on {glue:text}`n_within_better` of
# {glue:text}`n_folds` folds, by {glue:text}`era_gap_points:.1f` points on average; the corrected
# resampled t-test ({doc}`interlude_a_vs_b`) gives the 95 % interval {glue:text}`era_gap_low:.1f` to
# {glue:text}`era_gap_high:.1f` points, which {glue:text}`era_gap_verdict` zero.
# The temporal model had {glue:text}`n_past_rows:,` older tracks to learn from (at most
# {glue:text}`max_dropped:,` of them dropped per fold because their artist was in the test fold); the within-era
# model only part of the {glue:text}`n_modern_rows:,` recent ones. {glue:text}`era_conclusion`
#
# Giving the temporal model `decade` as well changes its accuracy by {glue:text}`decade_effect_points:.1f`
# points (95 % interval {glue:text}`decade_effect_low:.1f` to {glue:text}`decade_effect_high:.1f`):
# {glue:text}`decade_conclusion`. Either way the comparison above leaves the column out, so that it
# measures a change in the music and not an input the model cannot read.
#
# One caution keeps this from being a statement about taste alone: **the flops changed too.** Each
# decade's flops were found by its own genre search, so "what separates the classes" can shift because
# the non-mainstream tracks of 2000–2019 differ from those of 1960–1999, not only because audiences
# changed.
#
# ## More data, or a better model?
#
# Every model in this book learned from the tracks the dataset happens to hold. Would more of them help? A
# {term}`learning curve <Learning curve>` answers from the data at hand: train on growing shares of each
# training part, score every time on the same unseen artists, and look at the right-hand end. A test
# score still climbing there says that more tracks of the same kind would help; a flat one says that the
# lever is a better model or better inputs. `learning_curve` draws each share at random from the
# training part (`shuffle=True`); without it, it would take the *first* rows, which are ordered by
# decade. We draw the curve for the book's model and, for contrast, for the logistic regression of {doc}`02_baselines`,
# on the folds used above.

# %% tolerance={"abs": 0.001, "why": "the table rounds to 0.001; logistic regression solved by L-BFGS, whose sums use the CPU's BLAS kernels: on another CPU a test row or two per fold can flip (0.0001 of accuracy each)"}
curve_models = {
    "book's model": pipeline,
    "logistic regression": make_pipeline(StandardScaler(), LogisticRegression()),
}
curves = {}
for name, model in curve_models.items():
    sizes, train_scores, test_scores = learning_curve(
        clone(model), X, y, cv=folds, train_sizes=TRAIN_SHARES, shuffle=True, random_state=SEED, n_jobs=-1
    )
    curves[name] = {"training": train_scores, "test": test_scores}
pd.DataFrame(
    {(name, part): scores.mean(axis=1) for name, parts in curves.items() for part, scores in parts.items()},
    index=pd.Index(sizes, name="training tracks"),
).round(3)

# %% mystnb={"figure": {"caption": "Learning curves under artist-grouped cross-validation: mean test accuracy over the folds (solid, with a band of one standard deviation) and mean training accuracy (dotted).", "name": "fig-learning-curve"}, "image": {"alt": "Line chart of accuracy against the number of training tracks for the book's model (orange) and logistic regression (blue): solid lines with bands for the test folds, dotted lines for the training rows."}} tolerance={"why": "a figure of the learning curves above: its pixels follow their last digits"}
fig, ax = plt.subplots(figsize=(7, 4))
for (name, parts), color in zip(curves.items(), [HIT_COLORS["hit"], HIT_COLORS["flop"]]):
    test_mean, test_std = parts["test"].mean(axis=1), parts["test"].std(axis=1, ddof=1)
    ax.plot(sizes, test_mean, marker="o", color=color, label=f"{name}, test folds")
    ax.fill_between(sizes, test_mean - test_std, test_mean + test_std, color=color, alpha=0.2)
    ax.plot(sizes, parts["training"].mean(axis=1), linestyle=":", color=color, label=f"{name}, training rows")
ax.set(xlabel="training tracks", ylabel="accuracy")
ax.legend(fontsize="small")
fig.tight_layout()

# %% [markdown]
# Where does the last step lead? Going from half to all of the training tracks is a paired comparison
# over the same test folds, so the corrected interval applies, and so it does to the gap between
# the two models at full size.

# %% tolerance={"abs": 0.05, "why": "differences in points between learning-curve accuracies: logistic regression solved by L-BFGS, whose sums use the CPU's BLAS kernels: on another CPU a test row or two per fold can flip (0.0001 of accuracy each)"}
half, full = TRAIN_SHARES.index(0.5), TRAIN_SHARES.index(1.0)  # TRAIN_SHARES must hold both
ratio = fold_ratio(N_SPLITS)
levers = pd.DataFrame(
    {
        **{
            f"{name}: all tracks minus half": paired_difference(
                parts["test"][full], parts["test"][half], test_train_ratio=ratio
            )
            for name, parts in curves.items()
        },
        "all tracks: book's model minus logistic regression": paired_difference(
            curves["book's model"]["test"][full], curves["logistic regression"]["test"][full], test_train_ratio=ratio
        ),
    }
).T
(100 * levers[["difference", "low", "high"]]).round(2).rename(columns=lambda c: f"{c} (points)")

# %% tags=["remove-input"] tolerance={"abs": 0.05, "why": "the differences above, in points: logistic regression solved by L-BFGS, whose sums use the CPU's BLAS kernels: on another CPU a test row or two per fold can flip (0.0001 of accuracy each)"}
for key, name in (("book", "book's model"), ("lr", "logistic regression")):
    step = levers.loc[f"{name}: all tracks minus half"]
    glue(f"{key}_last_step", float(100 * step["difference"]), display=False)
    glue(f"{key}_last_step_low", float(100 * step["low"]), display=False)
    glue(f"{key}_last_step_high", float(100 * step["high"]), display=False)
    glue(
        f"{key}_fit_gap",
        float(100 * (curves[name]["training"][full] - curves[name]["test"][full]).mean()),
        display=False,
    )
model_gap = levers.loc["all tracks: book's model minus logistic regression"]
glue("model_gap", float(100 * model_gap["difference"]), display=False)
glue("model_gap_low", float(100 * model_gap["low"]), display=False)
glue("model_gap_high", float(100 * model_gap["high"]), display=False)
book_step = levers.loc["book's model: all tracks minus half"]
data_verdict = read_interval(
    book_step,
    above="the curve is still climbing, so more tracks of the same kind would probably help it further",
    below="the larger training parts do worse, which would need a closer look before anything else",
    around="with zero in the interval, these folds cannot tell the last step from no gain at all",
)
glue("data_verdict", data_verdict, display=False)

# %% [markdown]
# Doubling the training tracks from half to all changes the book's model's accuracy by
# {glue:text}`book_last_step:.1f` points (95 % interval {glue:text}`book_last_step_low:.1f` to
# {glue:text}`book_last_step_high:.1f`): {glue:text}`data_verdict`. For logistic regression the same
# step changes it by {glue:text}`lr_last_step:.1f` points ({glue:text}`lr_last_step_low:.1f` to
# {glue:text}`lr_last_step_high:.1f`), while at full size the book's model is
# {glue:text}`model_gap:.1f` points ahead of it ({glue:text}`model_gap_low:.1f` to
# {glue:text}`model_gap_high:.1f`). Compare the two sizes of lever: what a doubling of the data buys
# each model, and what the change of model bought.
#
# The dotted lines add a second reading. With all its tracks, logistic regression scores
# {glue:text}`lr_fit_gap:.1f` points higher on its training rows than on unseen artists: it cannot fit
# even the rows it sees much better, the mark of a model limited by what it can express. The book's
# model is {glue:text}`book_fit_gap:.1f` points better on its training rows than on unseen artists:
# room that more data could narrow.
#
# "More data" here means more tracks of *this* dataset: hits from the charts and flops from
# non-mainstream genres, by artists like these. A curve cannot say what other kinds of tracks would do.
#
# ## Exercises
#
# :::{admonition} Exercise 1: how far back?
# Take the first of the 2000–2019 artist-grouped folds. For each decade before 2000 *on its own*, train
# the book's model on that decade's tracks (without those that name an act of the test fold, found
# with `names_an_act_of`) and score it on the fold's test tracks, with the audio features only as above.
# Does a more recent training decade do better?
#
# Check your accuracies, one per decade, with `check("8.1", accuracies, pipeline, tracks, audio, X_new.index[test])`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 1
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
train, test = modern_folds[0]
test_acts = names_an_act_of(tracks["artist"], credits_new.iloc[test])
scores = {}
for decade in [d for d in decades if d < 2000]:
    rows = (tracks["decade"] == decade).to_numpy() & ~test_acts
    model = clone(pipeline).fit(tracks.loc[rows, audio], y[rows])
    scores[names[decade]] = model.score(X_new.iloc[test][audio], y_new.iloc[test])
scores = pd.Series(scores, name="accuracy on 2000-2019 test artists")
glue("ex1_best", scores.idxmax(), display=False)
glue("ex1_best_acc", float(scores.max()), display=False)
glue("ex1_worst_acc", float(scores.min()), display=False)
check("8.1", scores, pipeline, tracks, audio, X_new.index[test])
scores.round(3)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# On this fold the model trained on the {glue:text}`ex1_best` alone does best
# ({glue:text}`ex1_best_acc:.3f`; the weakest single decade reaches {glue:text}`ex1_worst_acc:.3f`).
# The decade closest to the test era stands out although it has the fewest tracks, while the earlier
# decades are close to one another: what "tastes drift" predicts, more a step than a slope. It is a
# single fold, so read it as a hint, not a measurement.
# :::

# %% [markdown]
# :::{admonition} Exercise 2 (open-ended): more recent tracks?
# The temporal model learned from all the 1960–1999 tracks, the within-era model from part of the
# 2000–2019 ones. Design an experiment that tells whether the within-era model would gain from more
# recent tracks, run it, and say what you would collect next if you were building a predictor for new
# releases.
#
# One design, if you want a start: draw the learning curve of the within-era model (the audio features
# only) on `modern_folds`, with `TRAIN_SHARES`, `shuffle=True` and `random_state=0` as above.
#
# Check its mean test accuracy per share with
# `check("8.2", means, pipeline, X_new[audio], y_new, modern_folds, TRAIN_SHARES)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 2
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
era_sizes, era_train, era_test = learning_curve(
    clone(pipeline),
    X_new[audio],
    y_new,
    cv=modern_folds,
    train_sizes=TRAIN_SHARES,
    shuffle=True,
    random_state=0,
    n_jobs=-1,
)
era_curve = pd.DataFrame(
    {"training": era_train.mean(axis=1), "test": era_test.mean(axis=1)},
    index=pd.Index(era_sizes, name="training tracks"),
)
era_step = paired_difference(era_test[full], era_test[half], test_train_ratio=ratio)
glue("ex2_first_size", int(era_sizes[0]), display=False)
glue("ex2_first_acc", float(era_curve["test"].iloc[0]), display=False)
glue("ex2_last_size", int(era_sizes[-1]), display=False)
glue("ex2_last_acc", float(era_curve["test"].iloc[-1]), display=False)
glue_intervals(ex2_step=era_step)  # in points
check("8.2", era_curve["test"], pipeline, X_new[audio], y_new, modern_folds, TRAIN_SHARES)
era_curve.round(3)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# The within-era model scores {glue:text}`ex2_first_acc:.3f` with {glue:text}`ex2_first_size:,`
# training tracks and {glue:text}`ex2_last_acc:.3f` with {glue:text}`ex2_last_size:,`; its last step,
# from half to all, changes it by {glue:text}`ex2_step_difference:.1f` points (95 % interval
# {glue:text}`ex2_step_low:.1f` to {glue:text}`ex2_step_high:.1f`). An interval above zero says more
# recent tracks would still help; one that holds zero says these folds cannot see a gain. What to
# collect next follows from the two experiments together: the learning curve says whether more recent
# tracks pay, and the temporal comparison says whether older tracks can stand in for them. Either way,
# collect tracks by *new* artists, since those are what the folds test and what a predictor for new
# releases meets.
# :::

# %% [markdown]
# ## Quiz
#
# Answer each question for yourself before you open it.
#
# :::{dropdown} 1. A model trained on 1960–1999 and tested on 2000–2019 artists scores lower than one trained within the era. What does that test tell you that random grouped folds do not?
# :class-container: quiz
# How the model fares on music from after its training data, the way a deployed model meets new releases.
# Grouped folds mix the decades, so every test fold has training tracks from its own era.
# :::
#
# :::{dropdown} 2. Permutation importance and partial dependence show which inputs the model uses and how. Do they show what makes a song a hit?
# :class-container: quiz
# No. They describe the model, which learned from constructed labels; an input it leans on may be a marker
# of how the data was collected rather than a cause of success.
# :::
#
# :::{dropdown} 3. A learning curve on held-out artists has flattened. Should you collect more data or try a better model?
# :class-container: quiz
# A flat curve says more of the same data buys little; a better model or better features is the likelier
# lever. A curve still rising at the right end says the opposite.
# :::

# %% [markdown]
# ## Recap
#
# In this chapter we:
#
# - split the book's model's accuracy on unseen artists by decade, and compared the easiest decades
#   ({glue:text}`easiest_decades`) with the hardest ({glue:text}`hardest_decades`) with a paired interval
#   rather than reading off a ranking;
# - read what the model learned, with permutation importance and partial dependence and ICE curves for
#   its top inputs ({glue:md}`top_features`), as a description of the model;
# - showed that a model trained on 1960–1999 reaches {glue:text}`temporal_acc:.3f` on unseen 2000–2019
#   artists, against {glue:text}`within_era_acc:.3f` for a model trained within the era, both on the
#   audio features alone;
# - drew learning curves under artist-grouped cross-validation and weighed what more data would buy
#   ({glue:text}`book_last_step:.1f` points for the last doubling) against what a better model bought
#   ({glue:text}`model_gap:.1f` points over logistic regression).
#
# ## What's next
#
# {doc}`09_deployment` turns the book's model into something people can use: a small web predictor that takes a
# track's features and returns a hit probability, with its honest accuracy and its limits on the page.
