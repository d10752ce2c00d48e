# %% [markdown]
# # Hits across the decades
#
# The original project's most visible output was a set of interactive graphs of the features across the
# 1960s to the 2010s, and a few conclusions read off them: danceability, energy, loudness and valence are
# higher for hits in every decade, while chorus_hit, duration, liveness, mode, sections and speechiness
# "fluctuate", with songs that have more of them more likely to flop in recent decades. A conclusion read
# off a line chart has no error bar. This chapter rebuilds the graphs with their uncertainty drawn in,
# gives every hit–flop gap a size that does not depend on the feature's unit, tests each conclusion
# against a rule fixed before looking, and asks how the hits themselves changed. {doc}`08_models_and_time` then puts
# the same questions to the book's model.
#
# **Learning objectives.** By the end of this chapter you can:
#
# - measure a gap between two groups with a standardized mean difference (Cohen's d) and read its size;
# - put a bootstrap confidence interval on it that respects the data's structure (whole artists);
# - turn a claim read off a chart into a test with a stated verdict, and keep many such tests from
#   raising false alarms (Holm's correction);
# - build an interactive plotly figure from aggregated data, with a dropdown to pick the feature.
#
# **Prerequisites.** {doc}`01_data_tour` (how flops were chosen, the standardised difference) and
# {doc}`02_baselines` (artist groups, which the bootstrap resamples whole).
#
# **Time.** About 30 minutes.

# %% tags=["hide-input"]
# Colab only: install what this chapter needs: hitlib, scikit-learn at the book's version (the results
# depend on it) and myst-nb (for glue). Elsewhere this does nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess

    HITLIB = "hitlib @ git+https://github.com/hit-or-flop/hit-or-flop-book"  # synced from _config.yml
    LOCKED = ["scikit-learn==1.9.1"]  # synced from requirements-lock.txt
    # pip reports what it changes; if Colab then asks to restart the session, do so and run from the top
    subprocess.run([sys.executable, "-m", "pip", "install", HITLIB, *LOCKED, "myst-nb"], check=True)

# %% tags=["parameters"]
# Parameters (papermill can replace them, e.g. `-p QUICK True`, or `-y "{DECADES: [1990, 2000, 2010], N_BOOTSTRAP: 50}"`).
QUICK = False  # True: smaller settings for a live class (about a minute); the numbers then differ from the book's
DECADES = [1960, 1970, 1980, 1990, 2000, 2010]  # at least one decade before 2000 and one from 2000 on
N_BOOTSTRAP = 2000  # bootstrap resamples per decade for the confidence intervals and standard errors
SEED = 0  # seeds the bootstrap

# %%
if QUICK:
    DECADES, N_BOOTSTRAP = [1990, 2000, 2010], 50
    print("QUICK run: three decades and 50 bootstrap resamples; the numbers below differ from the book's.")

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import seaborn as sns
from IPython.display import Markdown
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Patch
from myst_nb import glue
from scipy import stats

from hitlib.data import checked_decades, load_tracks
from hitlib.decades import bootstrap_cohens_d, cohens_d
from hitlib.evaluation import artist_groups, holm
from hitlib.exercises import check
from hitlib.features import BY_NAME, FEATURE_NAMES
from hitlib.plotting import DECADE_COLORS, HIT_COLORS, set_style, use_book_renderer

set_style()
use_book_renderer()
pd.set_option("display.max_colwidth", None)  # show the verdicts in full

# %%
decades = sorted(checked_decades(DECADES))
assert min(decades) < 2000 <= max(decades), "DECADES needs a decade before 2000 and one from 2000 on"
tracks = load_tracks(decades)
tracks["label"] = np.where(tracks["target"] == 1, "hit", "flop")
groups = artist_groups(tracks)  # the main artist of every track (*Baselines*)
names = {d: f"{d}s" for d in decades}  # 1960 -> "1960s"

# %% [markdown]
# ## The claims, stated before we look
#
# The original drew the mean of each feature for hits and for flops in every decade and read three
# conclusions off the lines:
#
# 1. **Consistently higher.** `danceability`, `energy`, `loudness` and `valence` are higher for hits
#    than for flops in every decade.
# 2. **Fluctuating.** `chorus_hit`, `duration_ms`, `liveness`, `mode`, `sections` and `speechiness`
#    fluctuate: their hit–flop gap changes from decade to decade.
# 3. **Recent decades.** For those six, songs with more of them are more likely to be flops in recent
#    decades, which we take to mean the 2000s and the 2010s.
#
# Reading gaps off a chart is risky: the eye judges a gap against the axis range the plotting library
# happened to choose, and it cannot tell a real difference from noise. So we fix the rules first. In each
# decade we compute the gap's size, its uncertainty and a {term}`p-value <p-value>` for "no gap" (all defined below). We
# test every feature in every decade, {glue:text}`n_tests` gaps at once, so the p-values are adjusted for that number
# (Holm's correction, {doc}`interlude_a_vs_b`). A decade counts as **hits higher** if the gap is positive and its
# adjusted p-value is below 0.05, **hits lower** if it is negative and below 0.05, and **no clear gap**
# otherwise. Claim 1 holds for a feature if every decade is "hits higher"; claim 2 if
# the sign really reverses (some decades "hits higher", others "hits lower"); claim 3 if both recent
# decades are "hits lower".
#
# A word on "more likely to be flops": every decade holds exactly as many hits as flops ({ref}`by construction <what-is-a-hit>`), so
# a feature whose values are lower for hits is also one whose higher values come with a higher share of
# flops. Comparing the two classes' averages answers the question.

# %%
CONSISTENT = ["danceability", "energy", "loudness", "valence"]  # claim 1
FLUCTUATING = ["chorus_hit", "duration_ms", "liveness", "mode", "sections", "speechiness"]  # claims 2 and 3
recent = [d for d in decades if d >= 2000]  # "recent decades" in claim 3

# %% [markdown]
# ## Means per decade, with their uncertainty
#
# The figures below are built from a small summary table: for every feature, decade and class the mean,
# the standard deviation and the number of tracks. Durations are shown in minutes, which read better
# than milliseconds.

# %%
shown = tracks[FEATURE_NAMES].assign(duration_ms=tracks["duration_ms"] / 60_000)
UNITS = {name: BY_NAME[name].unit for name in FEATURE_NAMES} | {"duration_ms": "minutes"}
long = shown.assign(decade=tracks["decade"], label=tracks["label"]).melt(
    id_vars=["decade", "label"], var_name="feature"
)
summary = long.groupby(["feature", "decade", "label"])["value"].agg(["mean", "std", "count"])
summary["ci"] = 1.96 * summary["std"] / np.sqrt(summary["count"])  # half-width of a 95 % interval
summary.loc["loudness"].round(3)


# %% [markdown]
# The interval mean ± 1.96 {term}`standard errors <Standard error>` treats the tracks as independent draws. They are not quite:
# an artist's songs resemble each other. We come back to this when we test the claims; for the picture
# these intervals are good enough.
#
# The interactive figure shows one feature at a time. Plotly's `updatemenus` adds a dropdown whose
# buttons switch which traces are visible, so all fifteen features live in one small figure. The helper
# below builds that menu for any figure whose traces come in feature order, a fixed number per feature.


# %%
def feature_menu(fig, per_feature):
    """Add a dropdown that shows the `per_feature` traces of one feature at a time (FEATURE_NAMES order)."""
    buttons = []
    for i, name in enumerate(FEATURE_NAMES):
        visible = [i * per_feature <= j < (i + 1) * per_feature for j in range(len(fig.data))]
        buttons.append(
            dict(
                label=name,
                method="update",
                args=[{"visible": visible}, {"yaxis.title.text": f"{name} ({UNITS[name]})"}],
            )
        )
    for j, trace in enumerate(fig.data):
        trace.visible = j < per_feature  # start with the first feature
    fig.update_layout(
        # the menu just above the plot, the title at the very top: neither covers the other
        updatemenus=[dict(buttons=buttons, x=0, xanchor="left", y=1.03, yanchor="bottom")],
        title_y=0.97,
        title_yanchor="top",
        yaxis_title=f"{FEATURE_NAMES[0]} ({UNITS[FEATURE_NAMES[0]]})",
    )
    return fig


# %%
fig = go.Figure()
for name in FEATURE_NAMES:
    for label in ("hit", "flop"):
        rows = summary.loc[(name, slice(None), label)]
        fig.add_scatter(
            x=[names[d] for d in decades],
            y=rows["mean"].round(4),
            name=label + "s",
            error_y=dict(type="data", array=rows["ci"].round(4), thickness=1.5),
            mode="lines+markers",
            line_color=HIT_COLORS[label],
            legendgroup=label,
        )
fig.update_layout(
    template="plotly_white",
    height=450,
    margin=dict(t=110),
    title="Mean per decade<br>with a 95 % confidence interval",  # <br>: two lines fit a phone's width
)
feature_menu(fig, per_feature=2).show()

# %% [markdown]
# Pick a feature in the menu at the top left. The error bars are short: with a few thousand tracks per
# class and decade, each mean is known precisely, and for most features the hit and flop lines lie far
# apart compared with their bars. That is exactly why "is there a gap?" is the wrong question here;
# most gaps are real in that narrow sense (the tests below count them). The useful questions are *how large* the gap is compared with the spread of the songs,
# and whether its *direction* holds across decades.
#
# A mean can also hide the shape of a distribution. The second figure draws, per decade, a box from the
# 25th to the 75th percentile with the median inside and whiskers from the 5th to the 95th percentile.
# Five quantiles per feature, decade and class are all it needs: a few hundred numbers in total, not the
# tracks themselves.

# %%
quantiles = long.groupby(["feature", "decade", "label"])["value"].quantile([0.05, 0.25, 0.5, 0.75, 0.95])
quantiles = quantiles.unstack().round(4)  # one row per feature, decade and class; one column per quantile

# %%
fig = go.Figure()
for name in FEATURE_NAMES:
    for label in ("hit", "flop"):
        q = quantiles.loc[(name, slice(None), label)]
        fig.add_box(
            x=[names[d] for d in decades],
            lowerfence=q[0.05],
            q1=q[0.25],
            median=q[0.5],
            q3=q[0.75],
            upperfence=q[0.95],
            name=label + "s",
            marker_color=HIT_COLORS[label],
            offsetgroup=label,
            legendgroup=label,
        )
fig.update_layout(
    template="plotly_white",
    height=450,
    margin=dict(t=110),
    boxmode="group",
    title="Distribution per decade:<br>5th, 25th, 50th, 75th, 95th percentiles",
)
feature_menu(fig, per_feature=2).show()

# %% [markdown]
# The boxes overlap heavily for every feature in every decade. Even where the means differ clearly, a
# single track's value says little about its class, which is why the models of the previous chapters
# needed all features together.
#
# For readers of a printed copy, the same boxes as a static figure, drawn from the same quantiles with
# matplotlib's `bxp`, for the "fluctuating" features except `mode` (a 0/1 flag, whose boxes say
# nothing; its mean, the share of tracks in a major key, is in the next figure), and then the means of
# all fifteen:

# %% mystnb={"figure": {"caption": "Distribution per decade of five features the original called fluctuating: boxes from the 25th to the 75th percentile, white line at the median, whiskers at the 5th and 95th percentiles. Hits vermillion, flops blue; durations in minutes.", "name": "fig-boxes"}, "image": {"alt": "Five panels of paired box plots per decade, hits in vermillion and flops in blue, for chorus_hit, duration, liveness, sections and speechiness."}}
fig, axes = plt.subplots(1, 5, figsize=(15, 3.8))
positions = np.arange(len(decades))
for ax, name in zip(axes, [f for f in FLUCTUATING if f != "mode"]):
    for shift, label in ((-0.18, "hit"), (0.18, "flop")):
        q = quantiles.loc[(name, slice(None), label)]
        boxes = [dict(whislo=r[0.05], q1=r[0.25], med=r[0.5], q3=r[0.75], whishi=r[0.95]) for _, r in q.iterrows()]
        ax.bxp(
            boxes,
            positions=positions + shift,
            widths=0.3,
            showfliers=False,
            patch_artist=True,
            boxprops=dict(facecolor=HIT_COLORS[label]),
            medianprops=dict(color="white"),
        )
    ax.set_title(f"{name} ({UNITS[name]})", fontsize=10)
    ax.set_xticks(positions, [str(d)[2:] + "s" for d in decades], fontsize=9)
fig.legend(handles=[Patch(color=HIT_COLORS[k], label=k + "s") for k in ("hit", "flop")], loc="upper right")
fig.tight_layout(rect=(0, 0, 0.94, 1))

# %% mystnb={"figure": {"caption": "Mean of each feature per decade for hits (vermillion) and flops (blue), with 95 % confidence intervals (often shorter than the markers). Durations in minutes.", "name": "fig-means"}, "image": {"alt": "Fifteen small line charts, one per feature, each with the mean per decade for hits in vermillion and flops in blue and short 95 % error bars."}}
fig, axes = plt.subplots(3, 5, figsize=(13, 7), sharex=True)
for ax, name in zip(axes.flat, FEATURE_NAMES):
    for shift, label in ((-0.08, "hit"), (0.08, "flop")):
        rows = summary.loc[(name, slice(None), label)]
        ax.errorbar(
            positions + shift,
            rows["mean"],
            yerr=rows["ci"],
            color=HIT_COLORS[label],
            marker="o",
            markersize=3,
            label=label + "s",
        )
    ax.set_title(f"{name} ({UNITS[name]})", fontsize=10)
    ax.set_xticks(positions, [str(d)[2:] + "s" for d in decades])
axes.flat[0].legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# ## A size for every gap: Cohen's d
#
# A gap of 2 dB in loudness and a gap of 0.05 in danceability cannot be compared directly. Dividing a
# gap by the spread of the values makes it unit-free. {ref}`The data tour <hits-versus-flops>` divided by the standard deviation over all
# tracks; here we use the more common **{term}`Cohen's d`** {cite:p}`cohen1988power`, which divides by the *pooled* standard deviation
# within the two classes:
#
# $$
# d = \frac{\bar{x}_{\text{hit}} - \bar{x}_{\text{flop}}}{s_p}, \qquad
# s_p^2 = \frac{(n_{\text{hit}} - 1)\, s_{\text{hit}}^2 + (n_{\text{flop}} - 1)\, s_{\text{flop}}^2}
#              {n_{\text{hit}} + n_{\text{flop}} - 2}.
# $$
#
# A positive $d$ means hits have the larger values. As a rough guide, $|d|$ around 0.2 is called small,
# 0.5 medium and 0.8 large: at $d = 0.5$ the two classes' distributions still overlap by about 80 %.
# `hitlib.decades.cohens_d` computes it for one class pair, one value per feature column.

# %%
effect = pd.DataFrame(
    {
        decade: cohens_d(
            tracks.loc[(tracks["decade"] == decade) & (tracks["target"] == 1), FEATURE_NAMES],
            tracks.loc[(tracks["decade"] == decade) & (tracks["target"] == 0), FEATURE_NAMES],
        )
        for decade in decades
    },
    index=FEATURE_NAMES,
)
effect.rename(columns=names).round(2)

# %% [markdown]
# ## How sure are we? A bootstrap that respects artists
#
# The **{term}`bootstrap <Bootstrap>`** {cite:p}`efron1993bootstrap` estimates how much a statistic would vary if we could collect the data again: draw a
# new sample of the same size *with replacement* from the data, recompute the statistic, repeat many
# times, and read the middle 95 % of the results as a confidence interval (the *percentile* interval).
# For one feature and one decade, drawing single tracks, it takes a few lines:

# %%
feature, decade = "energy", decades[-1]
in_decade = tracks[tracks["decade"] == decade]
hit_values = in_decade.loc[in_decade["target"] == 1, feature].to_numpy()
flop_values = in_decade.loc[in_decade["target"] == 0, feature].to_numpy()
rng = np.random.default_rng(SEED)
by_track = [
    cohens_d(rng.choice(hit_values, size=len(hit_values)), rng.choice(flop_values, size=len(flop_values)))
    for _ in range(N_BOOTSTRAP)
]
np.quantile(by_track, [0.025, 0.975]).round(3)

# %% [markdown]
# Drawing single tracks assumes they are independent. They are not: {ref}`the data tour showed <all-hit-or-all-flop>` that an artist's
# tracks share a label and a sound, so ten songs by one band carry less information than ten songs by ten
# bands. The honest resampling unit is the artist. `hitlib.decades.bootstrap_cohens_d` draws whole
# artists with replacement, separately among hits and among flops, and recomputes $d$ for every feature
# at once; it returns one row per resample. On the same feature and decade:

# %%
in_decade_rows = (tracks["decade"] == decade).to_numpy()
by_artist = bootstrap_cohens_d(
    tracks.loc[in_decade_rows, [feature]],
    (tracks["target"] == 1)[in_decade_rows],
    groups[in_decade_rows],
    n_resamples=N_BOOTSTRAP,
    seed=SEED,
)[feature]
width_ratio = np.ptp(by_artist.quantile([0.025, 0.975])) / np.ptp(np.quantile(by_track, [0.025, 0.975]))
glue("width_ratio", float(width_ratio), display=False)
glue("demo_feature", Markdown(f"`{feature}`"), display=False)
glue("demo_decade", names[decade], display=False)
by_artist.quantile([0.025, 0.975]).round(3)

# %% [markdown]
# For {glue:md}`demo_feature` in the {glue:text}`demo_decade` the artist bootstrap gives an interval
# {glue:text}`width_ratio:.1f` times as wide as the track bootstrap. Wider is more honest here: it admits
# that the songs of one artist are partly repeats of the same information. Every interval from now on
# resamples artists, {glue:text}`n_bootstrap` times per decade.

# %%
glue("n_bootstrap", N_BOOTSTRAP, display=False)
low, high, standard_error = {}, {}, {}
for decade in decades:
    rows = (tracks["decade"] == decade).to_numpy()
    resamples = bootstrap_cohens_d(
        tracks.loc[rows, FEATURE_NAMES], (tracks["target"] == 1)[rows], groups[rows], n_resamples=N_BOOTSTRAP, seed=SEED
    )
    low[decade], high[decade] = resamples.quantile(0.025), resamples.quantile(0.975)
    standard_error[decade] = resamples.std(ddof=1)
low, high, standard_error = pd.DataFrame(low), pd.DataFrame(high), pd.DataFrame(standard_error)

# %% [markdown]
# ### Many tests at once
#
# An interval answers "how large is the gap?". The verdicts ask a yes-or-no question, "is there a gap at
# all?", in {glue:text}`n_tests` places at once (every feature in every decade). At a 5 % level each,
# about {glue:text}`expected_false_alarms:.1f` of {glue:text}`n_tests` gaps that were truly zero would
# still look real: the more questions we ask, the more false alarms.
#
# A **p-value** for one gap: if hits and flops did not differ, $d$ divided by its bootstrap standard
# error would behave like a draw from the standard normal distribution, so a value far from zero is
# unlikely under "no gap". That normal approximation is checked below: its 95 % interval,
# $d \pm 1.96\,\text{SE}$, nearly coincides with the bootstrap's own percentile interval.
# **Holm's correction** {cite:p}`holm1979simple` ({doc}`interlude_a_vs_b`) then adjusts all the p-values together, so that the chance of even one
# false alarm among them stays below 5 %.

# %% tolerance={"rel": 1e-09, "why": "effect sizes: NumPy sums in the CPU's vector width, so their 16th digit can differ between CPUs"}
normal_gap = np.maximum((effect - 1.96 * standard_error - low).abs(), (effect + 1.96 * standard_error - high).abs())
p_value = pd.DataFrame(2 * stats.norm.sf((effect / standard_error).abs()), index=effect.index, columns=effect.columns)
adjusted = holm(p_value.stack()).unstack()[decades]
clear = adjusted < 0.05
direction = np.sign(effect).astype(int).where(clear, 0)  # +1 hits higher, -1 hits lower, 0 no clear gap
glue("normal_gap_max", float(normal_gap.to_numpy().max()), display=False)
glue("n_tests", int(p_value.size), display=False)
glue("expected_false_alarms", 0.05 * p_value.size, display=False)
glue("n_clear_raw", int((p_value < 0.05).to_numpy().sum()), display=False)
glue("n_clear_holm", int(clear.to_numpy().sum()), display=False)
pd.Series(
    {
        "clear at 5 %, one test at a time": int((p_value < 0.05).to_numpy().sum()),
        "clear after Holm": int(clear.to_numpy().sum()),
    }
)

# %% [markdown]
# Of the {glue:text}`n_tests` gaps, {glue:text}`n_clear_raw` have a p-value below 0.05 on their own and
# {glue:text}`n_clear_holm` stay below it after Holm's correction. The normal interval and the bootstrap
# percentile interval differ by at most {glue:text}`normal_gap_max:.3f` at either end: that is the size
# of the error the normal approximation brings into the p-values.


# %% [markdown]
# (decade-heat-map)=
# ## Every feature, every decade: one heat map
#
# The heat map shows $d$ for each feature and decade; vermillion means hits have the larger values, blue
# the flops, in the book's hit and flop colours. Hover over a cell for its 95 % interval and adjusted
# p-value. Values in parentheses are the ones with no clear gap after Holm's correction.


# %%
def cell_text(d, clear):
    return f"{d:.2f}" if clear else f"({d:.2f})"


text = [[cell_text(effect.loc[f, d], direction.loc[f, d] != 0) for d in decades] for f in FEATURE_NAMES]
limit = float(np.ceil(effect.abs().to_numpy().max() * 10) / 10)  # a symmetric colour scale
diverging = [[0, HIT_COLORS["flop"]], [0.5, "#f7f7f7"], [1, HIT_COLORS["hit"]]]
interval = np.dstack([low.to_numpy(), high.to_numpy(), adjusted.to_numpy()]).round(3)  # shown on hover

# %%
fig = go.Figure(
    go.Heatmap(
        z=effect.to_numpy().round(3),
        x=[names[d] for d in decades],
        y=FEATURE_NAMES,
        text=text,
        texttemplate="%{text}",
        customdata=interval,
        colorscale=diverging,
        zmin=-limit,
        zmax=limit,
        colorbar=dict(title="d"),
        hovertemplate="%{y}, %{x}<br>d = %{z:.2f}, 95 % CI [%{customdata[0]:.2f}, %{customdata[1]:.2f}]"
        "<br>Holm-adjusted p = %{customdata[2]:.3f}<extra></extra>",
    )
)
fig.update_layout(
    template="plotly_white",
    height=560,
    yaxis_autorange="reversed",
    title="Cohen's d, hits minus flops, per decade<br>(artist bootstrap 95 % CI on hover)",
)
fig.show()

# %% mystnb={"figure": {"caption": "Cohen's d of hits against flops for every feature and decade. Vermillion: hits higher; blue: flops higher. In parentheses: no clear gap (Holm-adjusted p-value of 0.05 or more).", "name": "fig-effects"}, "image": {"alt": "Heat map of Cohen's d with features as rows and decades as columns; vermillion cells where hits have larger values, blue where flops do, values in parentheses where there is no clear gap after Holm's correction."}}
fig, ax = plt.subplots(figsize=(7.5, 6.5))
sns.heatmap(
    effect.rename(columns=names),
    annot=np.array(text),
    fmt="",
    vmin=-limit,
    vmax=limit,
    cmap=LinearSegmentedColormap.from_list("flop_hit", [c for _, c in diverging]),
    cbar_kws={"label": "Cohen's d (hits minus flops)"},
    ax=ax,
)
ax.set(xlabel="", ylabel="")
fig.tight_layout()


# %% [markdown]
# ## The verdicts
#
# Now the rules fixed at the start of the chapter, applied to every claim. Each row gives $d$ per decade
# with its Holm-adjusted p-value, then the verdict.


# %%
def listed(chosen):
    return ", ".join(names[d] for d in chosen)


def higher_everywhere(feature):
    signs = direction.loc[feature]
    if (signs == 1).all():
        return "supported: hits higher in every decade"
    return f"not supported: no clear gap or hits lower in {listed(signs.index[signs != 1])}"


# %% [markdown]
# Each claim becomes a function of a feature's row of directions (+1 hits higher, −1 hits lower, 0 no
# clear gap) that returns a verdict in words. Claim 1 needs +1 in every decade. Claim 2 needs a real
# reversal, both signs among the decades; a gap that only grows or shrinks counts as "partly".


# %%
def fluctuates(feature):
    signs = direction.loc[feature]
    up, down = list(signs.index[signs == 1]), list(signs.index[signs == -1])
    if up and down:
        return f"supported: hits higher in {listed(up)}, lower in {listed(down)}"
    if not up and not down:
        return "not supported: no clear gap in any decade"
    if len(up) == len(signs) or len(down) == len(signs):
        return f"not supported: hits {'higher' if up else 'lower'} in every decade"
    return f"partly: the gap changes size but never reverses (hits {'higher' if up else 'lower'} or no clear gap)"


# %%
def flop_in_recent_decades(feature):
    signs = direction.loc[feature, recent]
    if (signs == -1).all():
        return f"supported: hits lower in {listed(recent)}"
    if (signs == 1).any():
        return f"contradicted: hits higher in {listed(signs.index[signs == 1])}"
    return f"not supported: no clear gap in {listed(signs.index[signs == 0])}"


# %% [markdown]
# Claim 3 looks at the recent decades only. Then the three rules are applied to their features, and the
# table shows, next to each verdict, the evidence it rests on: $d$ and its adjusted p-value per decade.


# %%
def p_text(p):
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


claim_tests = [
    ("1. higher for hits in every decade", CONSISTENT, higher_everywhere),
    ("2. fluctuates", FLUCTUATING, fluctuates),
    ("3. in recent decades more of it means a flop", FLUCTUATING, flop_in_recent_decades),
]
rows = {}
for claim, features, verdict in claim_tests:
    for f in features:
        cells = {names[d]: f"{effect.loc[f, d]:.2f} (p {p_text(adjusted.loc[f, d])})" for d in decades}
        rows[(claim, f)] = cells | {"verdict": verdict(f)}
claims = pd.DataFrame.from_dict(rows, orient="index")
claims.index.names = ["claim", "feature"]
claims


# %%
def features_where(verdicts, word):
    chosen = [f for f, v in verdicts.items() if v.startswith(word)]
    return Markdown(", ".join(f"`{f}`" for f in chosen) if chosen else "none")


verdicts = {number: claims.loc[claim, "verdict"] for number, (claim, _, _) in enumerate(claim_tests, start=1)}
glue("claim1_supported", features_where(verdicts[1], "supported"), display=False)
glue("claim2_supported", features_where(verdicts[2], "supported"), display=False)
glue("claim2_partly", features_where(verdicts[2], "partly"), display=False)
glue("claim2_not", features_where(verdicts[2], "not supported"), display=False)
glue("claim3_supported", features_where(verdicts[3], "supported"), display=False)
glue("claim3_contradicted", features_where(verdicts[3], "contradicted"), display=False)
glue("claim3_unclear", features_where(verdicts[3], "not supported"), display=False)

# %% [markdown]
# The prose below names the features in each verdict from the table itself, so the words cannot drift
# from the numbers.

# %% tolerance={"rel": 1e-09, "why": "effect sizes: NumPy sums in the CPU's vector width, so their 16th digit can differ between CPUs"}
strongest = effect.loc[CONSISTENT].min(axis=1).idxmax()
glue("claim1_strongest", Markdown(f"`{strongest}`"), display=False)
glue("claim1_strongest_min", float(effect.loc[strongest].min()), display=False)
glue("energy_first", float(effect.loc["energy", decades[0]]), display=False)
glue("energy_last", float(effect.loc["energy", decades[-1]]), display=False)
glue("energy_last_p", p_text(adjusted.loc["energy", decades[-1]]), display=False)
energy_passes = direction.loc["energy", decades[-1]] == 1
glue("energy_last_verdict", "still counts as hits higher" if energy_passes else "is no clear gap", display=False)
for d in recent:
    glue(f"mode_{d}", float(effect.loc["mode", d]), display=False)
    glue(f"mode_{d}_p", p_text(adjusted.loc["mode", d]), display=False)
glue("first_decade", names[decades[0]], display=False)
glue("last_decade", names[decades[-1]], display=False)
glue("speech_first", float(effect.loc["speechiness", decades[0]]), display=False)
glue("speech_last", float(effect.loc["speechiness", decades[-1]]), display=False)

# %% [markdown]
# **Claim 1, consistently higher: supported for** {glue:md}`claim1_supported`. The gaps are substantial:
# {glue:md}`claim1_strongest` never drops below $d =$ {glue:text}`claim1_strongest_min:.2f`. But "in every decade" hides a trend: the energy gap shrinks from
# {glue:text}`energy_first:.2f` in the {glue:text}`first_decade` to {glue:text}`energy_last:.2f` in the
# {glue:text}`last_decade`, a small effect (adjusted p {glue:text}`energy_last_p`) that
# {glue:text}`energy_last_verdict` under the rule; exercise 2 shows how fragile that row is.
#
# **Claim 2, fluctuating: supported for** {glue:md}`claim2_supported`, whose direction really reverses
# between decades. **Partly** for {glue:md}`claim2_partly`: the gap changes size, but hits are never
# clearly on the other side. **Not supported**, the same clear direction in every decade:
# {glue:md}`claim2_not`. "Fluctuate" was too vague a word to be wrong; the table says which kind of change each feature
# shows.
#
# **Claim 3, more of it means a flop in recent decades: supported for** {glue:md}`claim3_supported`,
# **contradicted for** {glue:md}`claim3_contradicted`; without a clear gap in a recent decade:
# {glue:md}`claim3_unclear`. The contradictions are the most interesting rows. Speechiness went from
# {glue:text}`speech_first:.2f` in the {glue:text}`first_decade` to {glue:text}`speech_last:.2f` in the
# {glue:text}`last_decade`: rap and spoken passages arrived in the charts. For `mode` (1 for a major key,
# 0 for minor) the recent gaps are small, $d$ = {glue:text}`mode_2000:.2f` in the 2000s (adjusted p
# {glue:text}`mode_2000_p`) and {glue:text}`mode_2010:.2f` in the 2010s (p {glue:text}`mode_2010_p`):
# gaps this small are where a fixed rule and a correction for many tests matter most.
#
# Two of the supported rows deserve a second look. `chorus_hit` and `sections` carry the label by
# construction ({ref}`known-problems`: every row with a zero `chorus_hit` or fewer than three sections is a flop),
# and `sections` is closely tied to `duration_ms`. Do the flops' zeros make the negative $d$? They pull
# the flops' mean *down*, which works against it. Leave those rows out and compare:

# %% tolerance={"rel": 1e-09, "why": "effect sizes: NumPy sums in the CPU's vector width, so their 16th digit can differ between CPUs"}
recent = tracks[tracks["decade"] == decades[-1]]
without_zeros = recent[(recent["chorus_hit"] > 0) & (recent["sections"] >= 3)]


def effect_of(rows, name):
    return float(cohens_d(rows.loc[rows["target"] == 1, [name]], rows.loc[rows["target"] == 0, [name]])[0])


artefact_effect = pd.DataFrame(
    {
        "all rows": {name: effect_of(recent, name) for name in ("chorus_hit", "sections")},
        "without the zero rows": {name: effect_of(without_zeros, name) for name in ("chorus_hit", "sections")},
    }
)
glue("n_zero_rows_last", len(recent) - len(without_zeros), display=False)
glue("duration_d_last", float(effect.loc["duration_ms", decades[-1]]), display=False)
for name in artefact_effect.index:
    glue(f"{name}_d_all", float(artefact_effect.loc[name, "all rows"]), display=False)
    glue(f"{name}_d_without", float(artefact_effect.loc[name, "without the zero rows"]), display=False)
artefact_effect.round(3)

# %% [markdown]
# Without the {glue:text}`n_zero_rows_last` zero rows of the {glue:text}`last_decade`, $d$ goes from
# {glue:text}`chorus_hit_d_all:.3f` to {glue:text}`chorus_hit_d_without:.3f` for `chorus_hit` and from
# {glue:text}`sections_d_all:.3f` to {glue:text}`sections_d_without:.3f` for `sections`: a little *more*
# negative. The construction does not make these effects; if anything it hides a sliver of them. What
# remains is mostly the link to length: in the {glue:text}`last_decade` hits are shorter than flops
# ($d$ = {glue:text}`duration_d_last:.2f` for `duration_ms`), so they have fewer sections and reach
# their third one sooner.
#
# ## How the music changed
#
# So far we compared hits with flops within each decade. Now look at the hits alone, across the decades:
# how did chart music itself change? The same summary table holds the answer.

# %%
TREND = ["loudness", "duration_ms", "acousticness", "danceability", "energy", "speechiness"]
hits_by_decade = summary.xs("hit", level="label")["mean"].unstack("decade")
flops_by_decade = summary.xs("flop", level="label")["mean"].unstack("decade")
hits_by_decade.loc[TREND].rename(columns=names).round(3)

# %% mystnb={"figure": {"caption": "How the hits changed: mean per decade with 95 % confidence intervals, markers in the book's decade colours. Durations in minutes.", "name": "fig-trends"}, "image": {"alt": "Six small line charts of the hits' mean per decade for loudness, duration, acousticness, danceability, energy and speechiness, with one coloured marker per decade."}}
fig, axes = plt.subplots(2, 3, figsize=(11, 5.5), sharex=True)
for ax, name in zip(axes.flat, TREND):
    rows = summary.loc[(name, slice(None), "hit")]
    ax.plot(positions, rows["mean"], color=HIT_COLORS["hit"], zorder=1)
    ax.errorbar(positions, rows["mean"], yerr=rows["ci"], fmt="none", ecolor="#555555", zorder=2)
    ax.scatter(positions, rows["mean"], c=[DECADE_COLORS[d] for d in decades], s=45, zorder=3, edgecolors="#333333")
    ax.set_title(f"{name} ({UNITS[name]})", fontsize=10)
    ax.set_xticks(positions, [names[d] for d in decades], fontsize=8)
fig.suptitle("Hits only: mean per decade with 95 % confidence interval")
fig.tight_layout()

# %%
peak = hits_by_decade.loc["duration_ms"].idxmax()
glue("hit_loud_first", float(hits_by_decade.loc["loudness", decades[0]]), display=False)
glue("hit_loud_last", float(hits_by_decade.loc["loudness", decades[-1]]), display=False)
glue(
    "hit_loud_change",
    float(hits_by_decade.loc["loudness"].iloc[-1] - hits_by_decade.loc["loudness"].iloc[0]),
    display=False,
)
glue(
    "flop_loud_change",
    float(flops_by_decade.loc["loudness"].iloc[-1] - flops_by_decade.loc["loudness"].iloc[0]),
    display=False,
)
loudness_steps = hits_by_decade.loc["loudness"].diff()  # change from the decade before
step_to = loudness_steps.idxmax()
glue("loud_step", float(loudness_steps.max()), display=False)
glue("loud_step_from", names[decades[decades.index(step_to) - 1]], display=False)
glue("loud_step_to", names[step_to], display=False)

# %% tags=["remove-input"]
glue("duration_peak_decade", names[peak], display=False)
glue("duration_peak", float(hits_by_decade.loc["duration_ms", peak]), display=False)
glue("duration_first", float(hits_by_decade.loc["duration_ms", decades[0]]), display=False)
glue("duration_last", float(hits_by_decade.loc["duration_ms", decades[-1]]), display=False)
glue("acoustic_first", float(hits_by_decade.loc["acousticness", decades[0]]), display=False)
glue("acoustic_last", float(hits_by_decade.loc["acousticness", decades[-1]]), display=False)

# %% [markdown]
# A careful reading:
#
# - **Louder.** Hits went from {glue:text}`hit_loud_first:.1f` dB on average in the
#   {glue:text}`first_decade` to {glue:text}`hit_loud_last:.1f` dB in the {glue:text}`last_decade`, a
#   change of {glue:text}`hit_loud_change:+.1f` dB, with the largest step, {glue:text}`loud_step:+.1f` dB,
#   from the {glue:text}`loud_step_from` to the {glue:text}`loud_step_to`. This fits the
#   "loudness war" of mastering engineers, and it is not a property of hits: the flops moved by
#   {glue:text}`flop_loud_change:+.1f` dB over the same years. Loudness measures the recording as much
#   as the song.
# - **Longer, then shorter.** Hits averaged {glue:text}`duration_first:.1f` minutes in the
#   {glue:text}`first_decade`, peaked at {glue:text}`duration_peak:.1f` minutes in the
#   {glue:text}`duration_peak_decade` and came back to {glue:text}`duration_last:.1f` minutes in the
#   {glue:text}`last_decade`. Two suspects for the short songs at either end: the 1960s single, whose
#   side held only a few minutes, and streaming, which pays per play; the data cannot say which
#   explanations are right.
# - **Less acoustic.** Mean acousticness fell from {glue:text}`acoustic_first:.2f` to
#   {glue:text}`acoustic_last:.2f`, the electric and then electronic production of later decades.
#
# These are descriptions, not causes, and each is an average over a few thousand songs.
#
# **Remember what the flops are.** A flop in this dataset is not a song that tried to chart and failed.
# It is a track from a genre the dataset author judged non-mainstream or avant-garde, by an artist who
# never had a hit in that decade, found by searching Spotify by genre and year (see {doc}`../book/data`).
# So "hits have higher danceability" means *Billboard hits are more danceable than non-mainstream
# tracks of the same decade*, not that more danceable songs are more likely to chart. Which genres were
# searched also shapes the flops of each decade, so a change in a hit–flop gap over time can come from
# the flops as much as from the hits; the loudness figures above show both moving.
#
# ## Exercises
#
# :::{admonition} Exercise 1: two standardised differences
# {ref}`The data tour <hits-versus-flops>` divided the hit–flop gap by the standard deviation over *all* tracks; Cohen's d divides by
# the pooled standard deviation *within* the classes. Compute both for every feature in the last decade.
# Which is larger in absolute value, and why do the two always have the same sign?
#
# Check both, one value per feature each, with `check("7.1", (standardised_gap, d), tracks)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 1
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
last = tracks[tracks["decade"] == decades[-1]]
gap = last.loc[last["target"] == 1, FEATURE_NAMES].mean() - last.loc[last["target"] == 0, FEATURE_NAMES].mean()
check("7.1", (gap / last[FEATURE_NAMES].std(), effect[decades[-1]]), tracks)
pd.DataFrame({"gap / overall sd (data tour)": gap / last[FEATURE_NAMES].std(), "Cohen's d": effect[decades[-1]]}).round(
    3
)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# Both divide the same gap by a positive number, so the signs agree. The overall standard deviation
# also contains the spread *between* the classes, so it is larger and the data tour's number smaller in
# absolute value; the difference grows with the gap.
# :::

# %% [markdown]
# :::{admonition} Exercise 2: medians instead of means
# A mean can be pulled by a few extreme tracks. Repeat the check of claim 1 with the difference of the
# *medians* (hits minus flops) in every decade. Does any feature change direction?
#
# Check your table of median gaps with `check("7.2", gaps, tracks, CONSISTENT)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 2
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
medians = tracks.groupby(["decade", "target"])[CONSISTENT].median()
median_gap = (medians.xs(1, level="target") - medians.xs(0, level="target")).T
reversed_gaps = [
    f"`{f}` in the {listed(median_gap.columns[median_gap.loc[f] <= 0])}"
    for f in CONSISTENT
    if (median_gap.loc[f] <= 0).any()
]
glue("median_reversed", Markdown("; ".join(reversed_gaps) or "none"), display=False)
check("7.2", median_gap, tracks, CONSISTENT)
median_gap.rename(columns=names).round(3)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# Medians that reverse the direction of the mean gap: {glue:md}`median_reversed`. In the recent decades
# the typical hit is slightly *less* energetic than the typical flop, yet the mean still favours the hits.
# The flops are spread much more widely: many are more energetic than most hits, and a long tail of very
# quiet tracks pulls their mean down. When a gap is this small, "higher for hits" depends on which
# average you choose, and the claim should say which.
# :::

# %% [markdown]
# :::{admonition} Exercise 3 (open-ended): a few prolific artists?
# Some artists have dozens of tracks in a decade. Design an analysis that tells whether a decade's
# hit–flop gaps are carried by such artists rather than by hits and flops in general, run it for the
# last decade, and say which features' gaps you would trust less afterwards.
#
# One design, if you want a start: average each main artist's hits, and separately their flops, into
# one row each (`artist_groups(tracks)` gives the main artist), compute Cohen's d over these artist rows
# and compare it with the d over tracks in the table above.
#
# Check your d over artists, one per feature, with `check("7.3", d_over_artists, tracks)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 3
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
last = tracks[tracks["decade"] == decades[-1]]
artist_means = last.groupby([artist_groups(last), last["target"]])[FEATURE_NAMES].mean()
over_artists = pd.Series(
    cohens_d(artist_means.xs(1, level="target"), artist_means.xs(0, level="target")), index=FEATURE_NAMES
)
gaps = pd.DataFrame({"d over tracks": effect[decades[-1]], "d over artists": over_artists})
gaps["change"] = gaps["d over artists"] - gaps["d over tracks"]
largest_change = gaps["change"].abs().idxmax()
glue("ex3_n_artists", int(artist_means.index.get_level_values(0).nunique()), display=False)
glue("ex3_n_same_sign", int((np.sign(gaps["d over artists"]) == np.sign(gaps["d over tracks"])).sum()), display=False)
glue("ex3_max_change_feature", Markdown(f"`{largest_change}`"), display=False)
glue("ex3_max_change_from", float(gaps.loc[largest_change, "d over tracks"]), display=False)
glue("ex3_max_change_to", float(gaps.loc[largest_change, "d over artists"]), display=False)
check("7.3", over_artists, tracks)
gaps.sort_values("change", key=abs, ascending=False).round(3)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# The {glue:text}`ex3_n_artists:,` main artists of the last decade give one row per class they appear
# in. Over these rows, {glue:text}`ex3_n_same_sign` of the 15 gaps keep their sign, and the largest
# change is in {glue:md}`ex3_max_change_feature`, from {glue:text}`ex3_max_change_from:.2f` over tracks
# to {glue:text}`ex3_max_change_to:.2f` over artists. A gap that keeps its size when every artist
# counts once is not the work of a few prolific ones; one that shrinks rests partly on them, and its
# track-level interval is too narrow (the artist bootstrap above widens it for the same reason). Other
# designs: draw one track per artist at random and repeat, or weight each track by one over its artist's
# number of tracks; each answers the same question with a different notion of "one artist, one vote".
# :::

# %% [markdown]
# ## Quiz
#
# Answer each question for yourself before you open it.
#
# :::{dropdown} 1. Why resample artists rather than tracks in the bootstrap?
# :class-container: quiz
# Tracks by one artist are alike, so they are not independent draws. Resampling tracks pretends they are
# and gives intervals that are too narrow; resampling whole artists keeps that dependence.
# :::
#
# :::{dropdown} 2. Why adjust the p-values when every feature is tested in every decade?
# :class-container: quiz
# With many tests, some gaps look significant by chance alone. Holm's adjustment raises the p-values so
# that the chance of even one false alarm among all of them stays below 5 %.
# :::
#
# :::{dropdown} 3. What does Cohen's d tell you that a p-value does not?
# :class-container: quiz
# The size of a gap, in standard deviations of the feature. A tiny gap can have a small p-value in a large
# sample; d says whether the gap is large enough to matter.
# :::
#
# :::{dropdown} 4. Why write down each claim and the rule for judging it before looking at the results?
# :class-container: quiz
# So that the rule cannot be chosen to fit what the data show. A verdict decided afterwards can make
# almost any claim look supported.
# :::

# %% [markdown]
# ## Recap
#
# In this chapter we:
#
# - rebuilt the original's decade graphs as three interactive plotly figures from aggregated data: means
#   with 95 % intervals, quantile boxes, and a heat map of Cohen's d, each feature one dropdown click away;
# - measured every hit–flop gap with Cohen's d and an artist bootstrap interval, which was
#   {glue:text}`width_ratio:.1f` times as wide as a naive track bootstrap in our example, and judged all
#   {glue:text}`n_tests` gaps together with Holm's correction;
# - tested the original's three claims with rules fixed in advance: "higher in every decade" holds for
#   {glue:md}`claim1_supported`, "fluctuating" is a mix of reversals and changes of size, and
#   "more of it means a flop lately" is contradicted for {glue:md}`claim3_contradicted`;
# - followed the hits over sixty years (louder, longer then shorter, less acoustic) and kept in mind that
#   flops are non-mainstream tracks by construction.
#
# ## What's next
#
# {doc}`08_models_and_time` asks the same questions of a model: is the book's model as good in every decade, what has it
# learned, can a model trained on older music judge newer music, and would more data help it?
