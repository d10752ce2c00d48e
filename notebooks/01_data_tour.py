# %% [markdown]
# # The data tour
#
# Before fitting any model we look hard at the data. Where do the labels come from? What does each
# feature measure, and how do hits and flops differ? Which rows are repeated, odd, or give the answer
# away? The original project went straight to modelling; this chapter does the reading first, and what
# it finds decides how every later chapter measures its models.
#
# **Learning objectives.** By the end of this chapter you can:
#
# - load the dataset with one verified call and say what a row, a hit and a flop are;
# - describe the fifteen audio features and compare their distributions for hits and flops;
# - read a correlation matrix and say which features are related to the label;
# - list the dataset's construction artefacts and explain why almost-pure artists make a random
#   train/test split flatter every model;
# - measure how far a single threshold on one feature gets, and say what that reveals about how the
#   labels were built.
#
# **Prerequisites.** Python and a first acquaintance with pandas (`groupby`, `value_counts`).
# No machine learning yet.
#
# **Time.** About 35 minutes.

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
# Parameters (papermill can replace them, e.g. `-p QUICK True`, or `-y "DECADES: [1960, 2010]"`).
QUICK = False  # True: smaller settings for a live class (about a minute); the numbers then differ from the book's
DECADES = None  # None: all six decades; or a list such as [1960, 2010]

# %%
if QUICK:
    DECADES = [1960, 2010]
    print("QUICK run: two decades; the numbers below differ from the book's.")

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import seaborn as sns
from IPython.display import Markdown
from matplotlib.ticker import EngFormatter
from myst_nb import glue
from sklearn.model_selection import train_test_split

from hitlib import audit
from hitlib.data import load_tracks
from hitlib.exercises import check
from hitlib.features import FEATURE_NAMES, feature_table
from hitlib.plotting import HIT_COLORS, set_style, use_book_renderer

set_style()
use_book_renderer()

# %% [markdown]
# ## One call, one verified table
#
# `load_tracks` reads the six decade files, checks each against its published SHA-256, validates every
# value (type, range, missing fields) and returns a single table with a `decade` column. If a file is
# damaged it stops with an error naming the file and the problem instead of returning a partial table.

# %%
tracks = load_tracks(DECADES)
tracks.head()

# %%
n_decades = tracks["decade"].nunique()
glue("n_tracks", len(tracks), display=False)
glue("n_decades", n_decades, display=False)
glue("first_decade", int(tracks["decade"].min()), display=False)
glue("last_decade", int(tracks["decade"].max()) + 9, display=False)

# %% [markdown]
# The table has {glue:text}`n_tracks:,` tracks from {glue:text}`n_decades` decades
# ({glue:text}`first_decade`–{glue:text}`last_decade`). Each row is one track on Spotify: its title,
# the credited artist, Spotify's identifier (`uri`), fifteen numbers describing the audio, and the
# label `target`.

# %% [markdown]
# (what-is-a-hit)=
# ## What is a hit, and what is a flop?
#
# A **hit** (`target == 1`) is a track that appeared on Billboard's weekly Hot-100 at least once in that
# decade. A **flop** (`target == 0`) is *not* simply a song that charted poorly: the dataset's author
# searched Spotify for tracks of unusual, non-mainstream genres whose artist never had a hit that decade,
# then kept as many of them as there were hits. The page {doc}`../book/data` tells the whole story.
# Count the two classes per decade:

# %%
tracks["label"] = tracks["target"].map(audit.CLASS_NAMES)
per_decade = pd.crosstab(tracks["decade"], tracks["label"], margins=True, margins_name="all")
per_decade

# %% tags=["remove-input"]
glue("hit_share", float(tracks["target"].mean()), display=False)

# %% [markdown]
# Every decade is exactly balanced, so {glue:text}`hit_share:.0%` of all tracks are hits. Two
# consequences for later chapters: accuracy is a fair first metric, and a model that always answers
# "hit" scores 50 %, the {term}`baseline <Baseline>` to beat.
#
# So the question the models will answer is narrower than "will this song chart?". It is: *given a
# Billboard hit and a non-mainstream track by an artist who never charted, which is which?*

# %% [markdown]
# (fifteen-features)=
# ## The fifteen features
#
# Spotify computes these numbers from the audio itself. The table below comes from `hitlib.features`,
# the same place the {doc}`../book/glossary` and the web predictor use.

# %%
feature_table()

# %%
tracks[FEATURE_NAMES].describe().T.round(2)

# %% [markdown]
# The scales differ enormously: `duration_ms` runs into the millions, the scores from 0 to 1, `loudness`
# is negative. That will matter for some models and not others: {doc}`the normalization chapter <03_normalization>` says
# which.
#
# (hits-versus-flops)=
# ## Hits versus flops, feature by feature
#
# For each feature we draw the distribution of hits and of flops, each normalised to its own area so the
# shapes can be compared. To keep long tails (a 70-minute track) from squashing the picture, each panel
# shows the central 99 % of its values.

# %% mystnb={"figure": {"caption": "Distribution of each feature for hits (vermillion) and flops (blue), central 99 % of values, each class normalised to unit area.", "name": "fig-distributions"}, "image": {"alt": "Fifteen small histograms, one per audio feature, each overlaying hits in vermillion and flops in blue."}}
fig, axes = plt.subplots(3, 5, figsize=(13, 6.5))
for ax, feature in zip(axes.flat, FEATURE_NAMES):
    low, high = tracks[feature].quantile([0.005, 0.995])
    shown = tracks[tracks[feature].between(low, high)]
    sns.histplot(
        data=shown,
        x=feature,
        hue="label",
        stat="density",
        common_norm=False,
        element="step",
        bins=40,
        palette=HIT_COLORS,
        ax=ax,
        legend=feature == FEATURE_NAMES[0],
    )
    ax.set(title=feature, xlabel="", ylabel="")
    ax.locator_params(axis="x", nbins=4)  # few enough ticks to stay apart
axes.flat[FEATURE_NAMES.index("duration_ms")].xaxis.set_major_formatter(EngFormatter(sep=""))  # 250k, not 250000
fig.tight_layout()

# %% [markdown]
# A single number per feature helps rank these differences, the *standardised difference*
#
# $$
# d = \frac{\bar{x}_{\text{hit}} - \bar{x}_{\text{flop}}}{s},
# $$
#
# the gap between the class means $\bar{x}$ in units of the feature's standard deviation $s$ over all
# tracks. Its sign says which class has the larger values; $|d|$ near 0 means the feature barely separates
# them.

# %%
means = tracks.groupby("label")[FEATURE_NAMES].mean().T
means["standardised difference"] = (means["hit"] - means["flop"]) / tracks[FEATURE_NAMES].std()
means = means.sort_values("standardised difference", key=abs, ascending=False)
means.round(3)

# %% tags=["remove-input"]
glue("top_features", Markdown(", ".join(f"`{name}`" for name in means.index[:3])), display=False)
glue("top_five", Markdown(", ".join(f"`{name}`" for name in means.index[:5])), display=False)
glue("weakest_feature", Markdown(f"`{means.index[-1]}`"), display=False)

# %% [markdown]
# The three features that separate the classes most are {glue:md}`top_features`; the weakest is
# {glue:md}`weakest_feature`. No single feature splits hits from flops cleanly: every histogram
# overlaps. A model will have to combine them.

# %% [markdown]
# ## An interactive view across the decades
#
# Music changed over sixty years, and so did the hits. The figure below averages each feature per decade
# and class, so it is built from a few dozen numbers rather than from every track. It shows one feature
# at a time, which stays legible on a phone: pick another in the menu at its top left. Hover to read
# values; click a class in the legend to hide it.

# %%
by_decade = (
    tracks.groupby(["decade", "label"])[FEATURE_NAMES]
    .mean()
    .reset_index()
    .melt(id_vars=["decade", "label"], var_name="feature", value_name="mean")
)
fig = go.Figure()
for name in FEATURE_NAMES:
    for label in ("hit", "flop"):
        rows = by_decade[(by_decade["feature"] == name) & (by_decade["label"] == label)]
        fig.add_scatter(
            x=rows["decade"],
            y=rows["mean"].round(4),
            name=label + "s",
            mode="lines+markers",
            line_color=HIT_COLORS[label],
            legendgroup=label,
            visible=name == FEATURE_NAMES[0],  # the first feature until another is picked
        )
# The menu: one button per feature, each showing that feature's two lines (hits, flops) and hiding the rest.
buttons = [
    dict(
        label=name,
        method="update",
        args=[
            {"visible": [shown == name for shown in FEATURE_NAMES for _ in ("hit", "flop")]},
            {"yaxis.title.text": name},
        ],
    )
    for name in FEATURE_NAMES
]
fig.update_layout(
    updatemenus=[dict(buttons=buttons, x=0, xanchor="left", y=1.03, yanchor="bottom")],
    title=dict(text="Mean per decade, hits and flops", y=0.97, yanchor="top"),
    yaxis_title=FEATURE_NAMES[0],
    xaxis_dtick=10,
    template="plotly_white",
    height=450,
    margin=dict(t=110),
)
fig.show()

# %% [markdown]
# Averaged per decade, some gaps are stable (pick `danceability`: hits are more danceable than flops in
# every decade) while others move (pick `duration_ms`: hits grew longer from the 1960s to the 1990s and
# shorter after that). {doc}`07_decade_analysis` takes this further.
#
# (feature-correlations)=
# ## Correlations
#
# How do the features relate to one another, and to the label? A correlation matrix answers both at a
# glance (for the binary `target` the coefficient is the point-biserial correlation).

# %% mystnb={"figure": {"caption": "Pearson correlations between the features and the target. Red is positive, blue negative.", "name": "fig-correlations"}, "image": {"alt": "A 16-by-16 heatmap of correlations between the fifteen features and the target, red positive, blue negative."}}
corr = tracks[FEATURE_NAMES + ["target"]].corr()
ax = sns.heatmap(
    corr,
    cmap="vlag",
    center=0,
    vmin=-1,
    vmax=1,
    square=True,
    cbar_kws={"shrink": 0.7},
    xticklabels=True,
    yticklabels=True,
)
ax.figure.set_size_inches(7, 6)

# %%
pairs = corr.drop(index="target", columns="target").stack()
pairs = pairs[pairs.index.get_level_values(0) < pairs.index.get_level_values(1)]
strongest = pairs.abs().idxmax()
glue("corr_pair", Markdown(f"`{strongest[0]}` and `{strongest[1]}`"), display=False)
glue("corr_pair_value", float(pairs[strongest]), display=False)
with_target = corr["target"].drop("target")
most_related = with_target.abs().idxmax()
glue("corr_target_feature", Markdown(f"`{most_related}`"), display=False)
glue("corr_target_value", float(with_target[most_related]), display=False)
dropped_in_chapter_4 = ["key", "tempo", "speechiness", "chorus_hit"]
with_others = corr.drop(index="target", columns="target")[dropped_in_chapter_4].abs()
for name in dropped_in_chapter_4:
    with_others.loc[name, name] = 0  # a feature's correlation with itself does not count
glue("dropped_max_corr", float(with_others.max().max()), display=False)
glue("dropped_max_target_corr", float(with_target[dropped_in_chapter_4].abs().max()), display=False)

# %% [markdown]
# The most strongly correlated pair of features is {glue:md}`corr_pair`
# ({glue:text}`corr_pair_value:.2f`). The feature most correlated with the label is {glue:md}`corr_target_feature`
# ({glue:text}`corr_target_value:.2f`). Strongly related features carry overlapping information, so a
# model that loses one of a pair keeps most of what the pair told it. The four features the original's drop table leaves out
# (`key`, `tempo`, `speechiness`, `chorus_hit`) are not in such a pair: none is correlated with another
# feature beyond |r| = {glue:text}`dropped_max_corr:.2f`, nor with the label beyond
# |r| = {glue:text}`dropped_max_target_corr:.2f`. If losing them costs a model little, it is because
# they carry little (linear) signal, not because another feature stands in for them.

# %% [markdown]
# (known-problems)=
# ## The data's known problems
#
# The dataset's documentation and a careful look reveal several problems. `hitlib.audit` turns each one
# into a table, so any reader can check them. First an overview:

# %%
audit.overview(tracks)

# %% [markdown]
# **Repeated tracks.** Some Spotify URIs occur more than once, many of them in two or more decades, and a
# few with a hit label in one decade and a flop label in another:

# %%
repeated = tracks[tracks.duplicated("uri", keep=False)]  # every row whose URI occurs more than once
labels_per_uri = repeated.groupby("uri")["target"].nunique()
print(f"{labels_per_uri.size:,} URIs repeat, in {len(repeated):,} rows; {(labels_per_uri > 1).sum()} carry both labels")
audit.conflicting_labels(tracks).head()  # hitlib.audit does the same, with the decades of each URI

# %% [markdown]
# **Identical feature vectors.** Different rows can carry exactly the same fifteen numbers (often the same
# recording under two URIs), sometimes with different labels. No model can tell those apart.

# %%
audit.identical_feature_vectors(tracks).head()

# %% [markdown]
# **Construction artefacts.** Two patterns come from how the labels were built, not from the music:

# %%
artefacts = audit.construction_artefacts(tracks)
glue("n_chorus_zero", int(artefacts.loc["chorus_hit == 0", "total"]), display=False)
zero = tracks[tracks["chorus_hit"] == 0]
glue("n_zero_short", int((zero["duration_ms"] < 60_000).sum()), display=False)
glue("zero_median_s", float(zero["duration_ms"].median() / 1000), display=False)
glue("min_hit_sections", int(tracks.loc[tracks["target"] == 1, "sections"].min()), display=False)
glue("n_featuring", int(artefacts.loc["'Featuring' in artist name", "total"]), display=False)
artefacts

# %% [markdown]
# All {glue:text}`n_chorus_zero` rows with `chorus_hit == 0` (which are also the rows with fewer than
# three sections) are flops. The data shows what they have in common, not the rule that made them:
# {glue:text}`n_zero_short` of them are shorter than a minute (their median length is
# {glue:text}`zero_median_s:.0f` s), too short for the audio analysis to find a chorus, and no hit has fewer than
# {glue:text}`min_hit_sections` sections. Whether short tracks were only ever picked as flops, or hits
# with zeros were removed, the dataset does not say; either way the zero is a flop's mark. All {glue:text}`n_featuring:,` artist names with "Featuring" belong to hits, because hits
# carry Billboard's credits and flops Spotify's. A model that could see these would learn the recipe,
# not the music.
#
# **Odd values.** A few values are possible but suspicious: no detected metre, a tempo of zero, tracks
# shorter than a minute (nearly all of them flops).

# %%
audit.odd_values(tracks)

# %% [markdown]
# (all-hit-or-all-flop)=
# ## Artists are (almost) all-hit or all-flop
#
# Flops were chosen among artists who never had a hit, so an artist's tracks nearly always share one
# label. How many rows belong to such *pure* artists?

# %%
hit_share = tracks.groupby("artist")["target"].mean()  # per artist credit: the share of its rows that are hits
pure_artists = hit_share.index[hit_share.isin([0.0, 1.0])]
pure_share = tracks["artist"].isin(pure_artists).mean()
glue("pure_share", float(pure_share), display=False)
audit.purity_summary(tracks)  # the same count in hitlib.audit, as a table

# %% [markdown]
# {glue:text}`pure_share:.1%` of the rows belong to artists whose tracks are all hits or all flops.
# Now split the rows at random, 75 % for training and 25 % for testing, as the original project did,
# and ask how many test tracks have an artist who is also in the training part:

# %%
train, test = train_test_split(tracks, test_size=0.25, random_state=12)
seen_share = test["artist"].isin(train["artist"]).mean()
glue("seen_share", float(seen_share), display=False)
f"{seen_share:.1%} of test tracks have an artist seen in training"

# %% [markdown]
# For {glue:text}`seen_share:.0%` of the test tracks, the training part already holds other songs by the
# same artist, nearly always with the same label. A model that only learns to recognise an artist's
# sound (a band's typical loudness, tempo and instrumentation) is rewarded on those tracks without
# learning anything about what makes a hit: a {term}`leak <Leakage>`. A random split therefore **flatters every model**. The
# honest test is to keep each artist entirely on one side: {doc}`02_baselines` introduces
# {ref}`artist-grouped cross-validation <artist-grouped-cv>` and measures how much the score drops.

# %% [markdown]
# (cleaning-choices)=
# ## The cleaning choices this book makes
#
# We state them once here; every later chapter follows them.
#
# 1. **Keep every row.** Repeated and conflicting rows are few (see the overview) and the original
#    results were computed with them, so reproductions use the files exactly as published.
# 2. **Features are the fifteen audio features only.** `track`, `artist` and `uri` identify a row; they
#    are never model inputs. `decade` is used only where a chapter says so.
# 3. **Keep the odd values.** They are possible values and too few to move any result.
# 4. **Name the artefacts, don't hide them.** `chorus_hit` and `sections` stay among the features, as in
#    the original project, but we report what they contribute (in {doc}`05_random_forest` and
#    {doc}`06_gradient_boosting`).
# 5. **Evaluate honestly.** Besides the original random split, every model is scored with cross-validation
#    grouped by artist: the credit without its "Featuring …" part (`hitlib.audit.main_artist`), so that
#    "A" and "A Featuring B" stay on the same side.

# %%
main_artist = tracks["artist"].str.split(r"\s+(?i:featuring)\s+", n=1, regex=True).str[0]
print("the same rule as hitlib.audit.main_artist:", main_artist.equals(audit.main_artist(tracks["artist"])))
glue("n_artists", tracks["artist"].nunique(), display=False)
glue("n_main_artists", main_artist.nunique(), display=False)
glue("n_traditional", int((tracks["artist"] == "Traditional").sum()), display=False)
main_artist.value_counts().head(3)

# %% [markdown]
# Grouping by the main artist merges {glue:text}`n_artists:,` artist credits into
# {glue:text}`n_main_artists:,` artists. The largest "artist" is not one: "Traditional" credits
# {glue:text}`n_traditional` flops whose songs have no known author. Grouping keeps them together on one
# side of every split, which costs nothing here, but they are many unrelated recordings, not one act.
#
# ## Exercises
#
# :::{admonition} Exercise 1: the length of a hit
# Compute the median duration **in minutes** of hits and of flops in each decade (one table, decades as
# rows). In which decade were hits longest?
#
# Check your table with `check("1.1", table, tracks)`; its columns are `hit` and `flop`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 1
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
minutes = tracks["duration_ms"] / 60_000
median_minutes = minutes.groupby([tracks["decade"], tracks["label"]]).median().unstack()
hits_longer = median_minutes.index[median_minutes["hit"] > median_minutes["flop"]]
glue("ex1_longest_decade", f"{median_minutes['hit'].idxmax()}s", display=False)
glue("ex1_longest_minutes", float(median_minutes["hit"].max()), display=False)
glue("ex1_hits_longer", ", ".join(f"{d}s" for d in hits_longer) or "no decade", display=False)
check("1.1", median_minutes, tracks)
median_minutes.round(2)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# Hits were longest in the {glue:text}`ex1_longest_decade`, with a median of
# {glue:text}`ex1_longest_minutes:.2f` minutes. The median hit is longer than the median flop in the
# {glue:text}`ex1_hits_longer` and shorter in the other decades, so "hits are longer" is not a rule:
# it depends on the era, as {doc}`07_decade_analysis` measures.
# :::

# %% [markdown]
# :::{admonition} Exercise 2: the most prolific artist
# Which artist has the most tracks in the dataset, how many are hits, and is the artist pure? Use
# `audit.artist_purity`.
#
# Check your answer with `check("1.2", (artist, tracks_count, hits, pure), tracks)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 2
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
purity = audit.artist_purity(tracks)
artists = purity.drop(index="Traditional", errors="ignore")  # a placeholder credit, not an artist (see above)
top_artist = artists.iloc[0]
top_hits = int(round(top_artist["rows"] * top_artist["hit_share"]))
glue("ex2_top_artist", artists.index[0], display=False)
glue("ex2_top_artist_rows", int(top_artist["rows"]), display=False)
glue("ex2_top_artist_hits", top_hits, display=False)
glue("ex2_top_artist_purity", "pure" if top_artist["pure"] else "not pure", display=False)
check("1.2", (artists.index[0], int(top_artist["rows"]), top_hits, bool(top_artist["pure"])), tracks)
purity.head(3)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# Leave out "Traditional", the placeholder credit met above ({glue:text}`n_traditional` tracks): the
# most prolific artist is {glue:text}`ex2_top_artist`, with {glue:text}`ex2_top_artist_rows` tracks,
# of which {glue:text}`ex2_top_artist_hits` are hits, so the artist is
# {glue:text}`ex2_top_artist_purity`. An artist this large weighs heavily in a random split: most of
# their tracks land in training, the rest in the test part, with the same label.
# :::

# %% [markdown]
# :::{admonition} Exercise 3: is the leak a fluke of one split?
# Repeat the "artist seen in training" measurement for five different values of `random_state`. Does
# the share move much? What does that tell you about where the leak comes from?
#
# Check your five shares with `check("1.3", shares, tracks)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 3
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
shares = {}
for seed in range(5):
    train_part, test_part = train_test_split(tracks, test_size=0.25, random_state=seed)
    shares[seed] = test_part["artist"].isin(train_part["artist"]).mean()
shares = pd.Series(shares, name="share of test tracks with a seen artist")
glue("ex3_share_min", float(shares.min()), display=False)
glue("ex3_share_max", float(shares.max()), display=False)
check("1.3", shares, tracks)
shares.round(3)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# The share stays between {glue:text}`ex3_share_min:.3f` and {glue:text}`ex3_share_max:.3f`: the leak
# comes from the data (many tracks per artist, one label per artist), not from an unlucky seed. Only changing *how* we split removes it.
# :::

# %% [markdown]
# :::{admonition} Exercise 4 (open-ended): how far does one question get?
# The flops were searched for among non-mainstream and avant-garde genres, the hits taken from the
# charts. Design the simplest possible classifier that exploits this: one feature, one threshold, a
# hit on one side and a flop on the other. Search for the feature and threshold with the highest
# accuracy on all tracks, and decide how you will search (which thresholds, which direction). What
# does your rule's accuracy say about what any model trained on these labels will learn, and why is
# the accuracy you found slightly optimistic?
#
# Check your rule with `check("1.4", (feature, threshold, accuracy), tracks)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 4
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
candidates = np.linspace(0.01, 0.99, 99)  # thresholds at each feature's percentiles
rules = []
for feature in FEATURE_NAMES:
    values = tracks[feature].to_numpy()
    thresholds = np.quantile(values, candidates)
    hit_above = ((values[:, None] > thresholds) == tracks["target"].to_numpy()[:, None]).mean(axis=0)
    best = np.argmax(np.maximum(hit_above, 1 - hit_above))
    rules.append(
        {
            "feature": feature,
            "threshold": thresholds[best],
            "a hit when": "above" if hit_above[best] >= 0.5 else "below",
            "accuracy": max(hit_above[best], 1 - hit_above[best]),
        }
    )
rules = pd.DataFrame(rules).sort_values("accuracy", ascending=False).set_index("feature")
best_feature, best_rule = rules.index[0], rules.iloc[0]
glue("ex4_feature", best_feature, display=False)
glue("ex4_threshold", float(best_rule["threshold"]), display=False)
glue("ex4_side", best_rule["a hit when"], display=False)
glue("ex4_accuracy", float(best_rule["accuracy"]), display=False)
above = tracks[best_feature] > best_rule["threshold"]
flop_side = ~above if best_rule["a hit when"] == "above" else above
glue("ex4_flop_side_flops", float((tracks.loc[flop_side, "target"] == 0).mean()), display=False)
glue("ex4_runner_up", rules.index[1], display=False)
glue("ex4_runner_up_accuracy", float(rules["accuracy"].iloc[1]), display=False)
check("1.4", (best_feature, best_rule["threshold"], best_rule["accuracy"]), tracks)
rules.head(5).round(4)

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# The best single question is about {glue:text}`ex4_feature`: "a hit when it is
# {glue:text}`ex4_side` {glue:text}`ex4_threshold:.4f`" is right for {glue:text}`ex4_accuracy:.1%` of
# all tracks, and {glue:text}`ex4_flop_side_flops:.0%` of the tracks on the other side are flops. A
# threshold this close to zero asks *does the track have any instrumental content at all?* The next best
# feature, {glue:text}`ex4_runner_up`, reaches {glue:text}`ex4_runner_up_accuracy:.1%`. A grid of
# percentiles is a fine search: the self-check tries every value of every feature and accepts a rule
# within half a point of the best.
#
# So one question that separates the charts from niche genres already gets far from a coin flip
# (50 %). Any model trained on these labels will learn this mainstream-against-niche contrast first; a
# high score does not mean it has learned what makes a hit.
# The accuracy is optimistic because the threshold was chosen on the same tracks it was scored on:
# with one threshold to choose the optimism is small, but the honest measurement picks the threshold
# on training artists and scores it on others. The gradient boosting chapter does that ({ref}`one-rule`),
# and sets the rule beside the book's best models.
# :::

# %% [markdown]
# ## Quiz
#
# Answer each question for yourself before you open it.
#
# :::{dropdown} 1. Every decade holds as many hits as flops. What accuracy does a rule that always answers "hit" reach, and why does that matter when you read a model's score?
# :class-container: quiz
# Half the tracks, 50 %. A score means something only by how far it rises above that baseline: 75 % is
# half of the way from guessing to perfect, not three quarters.
# :::
#
# :::{dropdown} 2. The flops were found among non-mainstream and avant-garde tracks by artists who never charted. What could a model learn instead of "what makes a hit"?
# :class-container: quiz
# To tell mainstream from niche music: a genre marker (instrumental, acoustic, spoken tracks) rather than
# what lifts one song onto the charts over another. Part of every score in this book is that marker.
# :::
#
# :::{dropdown} 3. Almost every artist's tracks are all hits or all flops. Why does that make a random train/test split too kind?
# :class-container: quiz
# Most test tracks then have an artist in the training part, whose other tracks carry the same label. A
# model can score well by recognising artists, which says nothing about a new artist's song.
# :::
#
# :::{dropdown} 4. No single feature separates hits from flops, though some differ a lot on average. Is a large average gap enough for a good classifier?
# :class-container: quiz
# No. An average gap can sit between two wide, overlapping distributions; the classifier has to decide for
# single tracks, many of which fall where both classes are common. Models combine features to do better
# than any one of them.
# :::

# %% [markdown]
# ## Recap
#
# In this chapter we:
#
# - loaded {glue:text}`n_tracks:,` verified tracks with one call to `load_tracks`;
# - saw that hits are Billboard chart entries while flops are non-mainstream tracks by artists who never
#   charted, balanced one-to-one in each decade;
# - compared the fifteen features for hits and flops: {glue:md}`top_five` differ most, yet no single
#   feature separates the classes;
# - listed the data's problems with `hitlib.audit`: repeated tracks, identical feature vectors,
#   construction artefacts, odd values, and artists that are almost all pure;
# - measured why a random split leaks: most test tracks share their artist with the training part.
#
# ## What's next
#
# {doc}`02_baselines` frames the prediction task, reproduces the original project's linear models on its random
# split, and then introduces the honest protocol, artist-grouped cross-validation, to see how much of
# the score was the artist talking.
