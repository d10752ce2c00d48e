# %% [markdown]
# # Deployment: a predictor people can use
#
# The original project ended with a web page: type a song and an artist, and a Flask app fetched the
# track's audio features from Spotify, loaded the pickled model from disk, and answered "hit" or "flop"
# with a probability. That page is gone. Its secret key was committed to its repository, it reloaded
# the model on every request, and since 27 November 2024 Spotify no longer gives new applications
# audio features at all. This chapter builds what the page should have been: a model file that is safe
# to load, a small web API with honest validation, and a predictor that runs inside this book, in the
# reader's browser.
#
# **Learning objectives.** By the end of this chapter you can:
#
# - explain why loading a pickle from an unknown source is dangerous, and save and load a model with skops instead;
# - write a model card that states data, protocol, metrics, intended use and limits;
# - call the book's FastAPI app from Python and read its validation errors;
# - export a scikit-learn model to ONNX and check that its probabilities match to 1e-5;
# - evaluate a gradient-boosted model by hand, tree by tree, as the book's predictor page does;
# - weigh a server-side app against an in-browser model, and list what a real product would still need.
#
# **Prerequisites.** {doc}`06_gradient_boosting`, which chooses the model this chapter serves (`make model` builds it into
# `models/hit_predictor/`; where it has not run, the setup below builds it). Some idea of what an HTTP
# request is.
#
# **Time.** About 40 minutes.

# %% tags=["hide-input"]
# Colab only: install what this chapter needs: hitlib with its `app` extra (the saved model's ONNX export
# and the web app), scikit-learn at the book's version (the results depend on it) and myst-nb (for glue).
# Elsewhere this does nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess

    HITLIB = "hitlib[app] @ git+https://github.com/hit-or-flop/hit-or-flop-book"  # synced from _config.yml
    LOCKED = ["scikit-learn==1.9.1"]  # synced from requirements-lock.txt
    # pip reports what it changes; if Colab then asks to restart the session, do so and run from the top
    subprocess.run([sys.executable, "-m", "pip", "install", HITLIB, *LOCKED, "myst-nb"], check=True)

# %% tags=["parameters"]
# Parameters (papermill can replace them, e.g. `-p QUICK True`, or `-y "DECADES: [2000, 2010]"`).
QUICK = False  # True: smaller settings for a live class (about a minute); the numbers then differ from the book's
DECADES = [1960, 1970, 1980, 1990, 2000, 2010]  # tracks used to compare ONNX with scikit-learn
MODEL_DIR = "../models/hit_predictor"  # built by `make model` (hitlib.build) from `hitlib.models.hit_predictor`

# %%
if QUICK:
    DECADES = [2000, 2010]
    print("QUICK run: two decades; the numbers below differ from the book's.")

# %%
import json
import pickle
from pathlib import Path

import numpy as np
import onnxruntime
import pandas as pd
import skops.io as sio
from fastapi.testclient import TestClient
from IPython.display import Markdown
from myst_nb import glue
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType

from hitlib.app import create_app
from hitlib.build import ensure_model
from hitlib.data import load_tracks
from hitlib.exercises import check
from hitlib.features import FEATURE_NAMES
from hitlib.models import MODEL_CARD_FILE, ONNX_FILE, TREES_FILE, TRUSTED_TYPES, load_model, trees_hit_probability

model_dir = ensure_model(MODEL_DIR)  # builds it first where `make model` has not run


# %% [markdown]
# ## Why not a pickle
#
# The original saved its model with `pickle`. A pickle is not data: it is a small program that Python
# runs to rebuild the objects, and that program may call any function. Here is a harmless object whose
# pickle prints a line when it is *loaded*; a malicious one could delete files or open a connection just
# as easily.


# %%
class Surprise:
    def __reduce__(self):  # tells pickle how to rebuild the object: "call print with this text"
        return (print, ("this line was printed by loading a file",))


payload = pickle.dumps(Surprise())
restored = pickle.loads(payload)

# %% [markdown]
# Nothing in the file's name or size warns you. So never unpickle a file you did not make yourself.
#
# [skops](https://skops.readthedocs.io) stores a scikit-learn model as plain arrays and a description of
# the objects, and rebuilds only types that it trusts. Anything else has to be allowed by name. Before
# loading, we can ask which types a file holds beyond skops' defaults:

# %%
sio.get_untrusted_types(file=model_dir / "model.skops")

# %% [markdown]
# One type, the tree structure of scikit-learn's gradient boosting, which `hitlib.models` lists in
# `TRUSTED_TYPES`. `load_model` also checks the file's SHA-256 against the card written with it, so a
# file altered after it was built is refused rather than loaded.

# %%
model, card = load_model(model_dir)
features = card["features"]
glue("n_inputs", len(features), display=False)
TRUSTED_TYPES, model

# %% [markdown]
# ## A model card
#
# A model file answers "how", not "what for". A {term}`model card <Model card>` sits next to it and answers the rest:
# what the model was trained on, how it was evaluated, what it is for and where it fails. `make model`
# writes ours, `MODEL_CARD.md`, from the figures it has just measured (the template is
# `hitlib/templates/model_card.md`), so its numbers cannot drift from the file. Here it is, without its
# title:

# %%
model_card = (model_dir / MODEL_CARD_FILE).read_text()
Markdown(model_card.split("\n", 1)[1])

# %% [markdown]
# ## The web app
#
# The original loaded the model from disk on every request and trusted whatever the form sent. The
# book's app, `hitlib.app`, is built with [FastAPI](https://fastapi.tiangolo.com): it loads the model
# directory that `make model` wrote and the catalogue once at start-up, validates every request against
# the feature table of {ref}`the data tour <fifteen-features>`, scores it with `model.onnx` (the export below, the same file the book's
# predictor page runs), and answers in JSON:
#
# - `POST /api/predict` with the 15 features and the decade returns the probability of a hit, the label,
#   and the features that moved the probability most (what the model says if that feature alone took a
#   typical value instead);
# - `POST /api/predict/batch` does the same for many tracks at once, up to a stated maximum;
# - `GET /api/tracks?q=…` searches the catalogue by title or artist; each track comes with its
#   *out-of-fold* probability (from the fold of `make model`'s cross-validation that did not train on
#   it), never the score of a model that saw the track;
# - `GET /api/config` gives the page its inputs, defaults and colours; `GET /health` says the app is up;
# - the API description is at `/openapi.json` (readable at `/docs`);
# - `GET /` is a page with a search box, a form and the answer; its script is the one the book's
#   predictor page uses.
#
# `make serve` starts it on http://127.0.0.1:8000. In a notebook we do not need a server at all:
# FastAPI's `TestClient` sends requests to the app in-process.

# %%
client = TestClient(create_app(model_dir=model_dir))
client.__enter__()  # runs the app's start-up: the model and the catalogue are loaded here, once
health = client.get("/health").json()  # also names the model by its SHA-256 and lists its inputs
{key: health[key] for key in ("status", "tracks", "load_per_request")}

# %% [markdown]
# Search the catalogue (case and accents do not matter):

# %%
found = client.get("/api/tracks", params={"q": "bohemian rhapsody"}).json()["tracks"]
pd.DataFrame(found)[["track", "artist", "decade", "label", "probability"]]

# %% [markdown]
# The same recording appears in several decades, one of the dataset's duplicates ({ref}`known-problems`). We ask
# the model about the first: the body holds the 15 features as the catalogue stores them, and the decade.
# The answer is JSON: the probability, the label, and under `contributions` the inputs whose what-if
# moves the probability most, each with the track's value, a typical value (the catalogue's median) and
# `change`, the probability with the track's value minus the probability with the typical one. The
# table below shows them.

# %%
track = found[0]
body = track["features"] | {"decade": track["decade"]}
answer = client.post("/api/predict", json=body).json()
glue("api_probability", answer["probability"], display=False)
glue("search_probability", track["probability"], display=False)
print(f"keys: {list(answer)}; probability {answer['probability']:.3f}, label {answer['label']!r}")
pd.DataFrame(answer["contributions"]).set_index("feature").round(3)

# %% [markdown]
# The API answers {glue:text}`api_probability:.3f` for this track, and the search above showed
# {glue:text}`search_probability:.3f`. Both are right, and they answer different questions. The search
# shows the track's out-of-fold probability, from the model of the cross-validation fold that did not
# train on it: what the model says about a song it has never heard. The API scores with the deployed
# model, fitted on every track, this one included, so for a catalogue track it answers about a song it
# has learned from; for new music, which no model has seen, there is only the second kind of answer.
#
# Bad input gets a 422 answer that names the problem, never a crash. A loudness of +20 dB is out of
# range:

# %%
bad = client.post("/api/predict", json=body | {"loudness": 20})
bad.status_code, bad.json()

# %% [markdown]
# ## A portable model: ONNX
#
# The app scores with `model.onnx` in one onnxruntime session (it opens the skops file only at start-up, to
# check the export against it). [ONNX](https://onnx.ai) is an open format for trained models, which runtimes
# in many languages execute (onnxruntime in Python here). `skl2onnx` converts the fitted model; we declare
# its input, a table of float32 values with one column per feature, and ask for plain probabilities rather
# than a list of dictionaries (`zipmap=False`). `make model` does exactly this
# (`hitlib.models.export_onnx`), so we compare our bytes with its file:

# %%
onnx_model = to_onnx(
    model,
    initial_types=[("features", FloatTensorType([None, len(features)]))],
    target_opset=17,
    options={"zipmap": False},
)
onnx_bytes = onnx_model.SerializeToString()
print(
    "the same bytes as the model.onnx that `make model` exported:", onnx_bytes == (model_dir / ONNX_FILE).read_bytes()
)
glue("onnx_kb", len(onnx_bytes) / 1024, display=False)
glue("skops_kb", (model_dir / "model.skops").stat().st_size / 1024, display=False)

# %% [markdown]
# Does the converted model say the same thing? We score every track with both and compare:

# %%
tracks = load_tracks(DECADES)
session = onnxruntime.InferenceSession(onnx_bytes)
in_python = model.predict_proba(tracks[features])[:, 1]
in_onnx = session.run(["probabilities"], {"features": tracks[features].to_numpy(np.float32)})[0][:, 1]
largest_gap = float(np.abs(in_python - in_onnx).max())
if largest_gap > 1e-5:
    raise ValueError(f"ONNX and scikit-learn disagree by {largest_gap:.2e}: do not ship this export")
glue("onnx_max_gap", largest_gap, display=False)
glue("n_compared", len(tracks), display=False)
print(f"{len(tracks):,} tracks compared, largest difference {largest_gap:.1e}")

# %% [markdown]
# Across {glue:text}`n_compared:,` tracks the two never differ by more than
# {glue:text}`onnx_max_gap:.1e`. The small differences come from ONNX storing thresholds and leaf values
# as 32-bit floats where scikit-learn uses 64 bits; a value lying exactly on a threshold could in
# principle take the other branch, which is why we check the whole catalogue rather than a few rows.
#
# ## The predictor inside the book
#
# A server costs money and must be kept running. For a model this small there is another way: run it
# in the reader's browser. onnxruntime also exists for the web, but its WebAssembly runtime weighs
# megabytes, far more than the model itself, and a reader on a slow connection would wait for it.
# A gradient-boosted model does not need a runtime. Each tree is a chain of questions, "is this input at
# most this threshold?", that ends in a leaf holding a number; the model adds one leaf from every tree to
# a baseline and turns the sum `s` into a probability with the logistic function, `1 / (1 + exp(-s))`.
# `make model` writes the trees as plain lists of numbers (`trees.json`, `hitlib.models.export_trees`),
# and the page's script walks them in a dozen lines. Here is the same walk, written out for one track:

# %%
trees = json.loads((model_dir / TREES_FILE).read_text())
inputs = tracks[features].iloc[0].to_numpy(float)
total = trees["baseline"]
for tree in trees["trees"]:
    node = 0
    while tree["feature"][node] >= 0:  # -1 marks a leaf
        value = inputs[tree["feature"][node]]
        node = tree["left"][node] if value <= tree["threshold"][node] else tree["right"][node]
    total += tree["value"][node]
by_hand = 1 / (1 + np.exp(-total))
glue("n_trees", len(trees["trees"]), display=False)
print(f"{len(trees['trees'])} trees: {by_hand:.6f} by hand, {in_python[0]:.6f} from scikit-learn")

# %% [markdown]
# `hitlib.models.trees_hit_probability` does the same for a whole table at once (and sends a missing
# value where each tree says, which the form never needs). `make model` refuses to write `trees.json`
# unless it agrees with scikit-learn on every track; we check again:

# %% tolerance={"abs": 1e-12, "why": "rounding in a sum of the trees' leaf values: zero or a few 1e-16, depending on the CPU's arithmetic"}
trees_gap = float(np.abs(in_python - trees_hit_probability(trees, tracks[features])).max())
glue("trees_max_gap", trees_gap, display=False)
glue("trees_kb", (model_dir / TREES_FILE).stat().st_size / 1024, display=False)
print(f"largest difference over {len(tracks):,} tracks: {trees_gap:.1e}")

# %% [markdown]
# The trees file keeps scikit-learn's 64-bit numbers, so the two agree up to the order of a sum
# ({glue:text}`trees_max_gap:.0e`). The book's build copies `trees.json` ({glue:text}`trees_kb:.0f` kB,
# against {glue:text}`onnx_kb:.0f` kB for `model.onnx` and {glue:text}`skops_kb:.0f` kB for the skops file),
# the app's script and a sample of tracks into the site: the page [Try the predictor](../book/predictor.md)
# scores with them. The trade-offs:
#
# | aspect | web app (server) | in the book (browser) |
# |---|---|---|
# | runs where | a machine someone pays for and keeps up | the reader's browser; any static host |
# | privacy | requests reach the server | nothing leaves the page |
# | first load | a small page | the model's trees and a sample of tracks |
# | catalogue | all tracks, searched on the server | a sample shipped with the page |
# | the model | private, replaced without readers noticing | public: anyone can download the file |
# | needs | Python and the model's libraries | JavaScript (the page says so when it is off) |

# %% [markdown]
# ## What changed at Spotify, and what a real product would need
#
# The original asked Spotify's Web API for a track's audio features when a visitor typed its name. On
# 27 November 2024 Spotify stopped serving audio features (and audio analysis) to new applications, so
# that design cannot be rebuilt today: the book's predictor can only score tracks whose features are
# already in the catalogue, or features a reader types in. A real product would need, at least:
#
# - **its own features**: measure comparable descriptors from the audio itself, with a licence to
#   process it, and re-train on those, since the model only understands Spotify's scales;
# - **honest labels**: real outcomes (chart runs, streams) for songs of every genre, not a construction
#   in which flops come from other genres;
# - **operations**: secrets in the environment and never in the repository, authentication and rate
#   limits, logs without personal data, monitoring of the inputs for drift, and a plan for re-training;
# - **evaluation that matches use**: tested on new artists and on the newest period, as in {doc}`05_random_forest`,
#   {doc}`06_gradient_boosting` and {doc}`08_models_and_time`, and re-checked whenever the model changes.
#
# ### A container recipe
#
# No container engine runs on the machine that builds this book, so this recipe is not tested here.
# It installs the locked dependencies, adds the package and the model, and runs the app as an
# unprivileged user:
#
# ```dockerfile
# FROM python:3.11-slim
# WORKDIR /srv
# COPY requirements-lock.txt pyproject.toml README.md ./
# COPY hitlib/ hitlib/
# RUN pip install --no-cache-dir -r requirements-lock.txt && pip install --no-cache-dir --no-deps .
# COPY models/hit_predictor/ models/hit_predictor/
# ENV HITLIB_MODEL_DIR=/srv/models/hit_predictor HITLIB_DATA_DIR=/srv/data
# USER nobody
# EXPOSE 8000
# CMD ["uvicorn", "hitlib.app:app", "--host", "0.0.0.0", "--port", "8000"]
# ```
#
# The six CSV files are mounted at `/srv/data` when the container starts (the app's search needs them),
# so the image holds no data. The lock installs every extra of the book, TensorFlow included; an image
# for the app alone would use a lock made from the `app` extra only, a fraction of the size.

# %% [markdown]
# ## Exercises
#
# :::{admonition} Exercise 1: skops says no
# Save an object of a class you define yourself (for example a `Surprise()` inside a list) with
# `sio.dump`, and ask `sio.get_untrusted_types` about the file. What happens when you `sio.load` it
# without listing that type as trusted?
#
# Check what you found with `check("9.1", (untrusted_types, what_load_raised))`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 1
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
import tempfile

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "surprise.skops"
    sio.dump([Surprise()], path)
    untrusted = sio.get_untrusted_types(file=path)
    try:
        sio.load(path)
        outcome = "loaded"
    except Exception as error:  # skops refuses untrusted types with an UntrustedTypesFoundException
        outcome = type(error).__name__
glue("ex1_untrusted", ", ".join(untrusted), display=False)
glue("ex1_outcome", outcome, display=False)
check("9.1", (untrusted, outcome))
untrusted, outcome

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# `get_untrusted_types` lists {glue:text}`ex1_untrusted`, and `sio.load` stops with
# {glue:text}`ex1_outcome` before it builds anything: no `Surprise` is created, so nothing is printed.
# skops only rebuilds the types it trusts by default or that you name in `trusted=`, which is why the
# book's model lists its one extra type in `TRUSTED_TYPES`. Name a type only after reading where it
# comes from.
# :::

# %% [markdown]
# :::{admonition} Exercise 2: the same answer three ways
# For the track found above, compute the hit probability with the scikit-learn model, with the ONNX
# session and through the API. How large are the differences?
#
# Check your three probabilities with `check("9.2", probabilities, model, row)`, `row` being the track's features.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 2
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"] tolerance={"abs": 1e-06, "why": "probabilities from 32-bit float trees (ONNX) and their differences: the last float32 step can differ by CPU"}
row = pd.DataFrame([body])[features]
three_ways = pd.Series(
    {
        "scikit-learn": model.predict_proba(row)[0, 1],
        "ONNX": session.run(["probabilities"], {"features": row.to_numpy(np.float32)})[0][0, 1],
        "API": answer["probability"],
    }
)
glue("ex2_onnx_gap", float(abs(three_ways["ONNX"] - three_ways["scikit-learn"])), display=False)
glue("ex2_api_gap", float(abs(three_ways["API"] - three_ways["ONNX"])), display=False)
glue("ex2_float32_step", float(np.spacing(np.float32(three_ways["ONNX"]))), display=False)
check("9.2", three_ways, model, row)
three_ways

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# ONNX and scikit-learn differ by {glue:text}`ex2_onnx_gap:.1e`, the API and the ONNX session by
# {glue:text}`ex2_api_gap:.1e`. ONNX stores the trees' thresholds and leaf values as 32-bit floats and
# adds in 32 bits, and one step of a 32-bit float near this probability is
# {glue:text}`ex2_float32_step:.1e`: the gaps are rounding of that size, far below the 1e-5 that the
# build accepts and far below anything a reader of the probability could see.
# :::

# %% [markdown]
# :::{admonition} Exercise 3 (open-ended): watching for drift
# The list above asks for monitoring of the inputs. Design a check the app could run on each batch of
# incoming tracks that tells when they no longer look like the tracks the model learned from, and say
# what it can and cannot catch. Try it with the last decade in `tracks` as the incoming batch and the
# earlier decades as what the model knew.
#
# One design, if you want a start: for every feature, the batch's mean minus the reference mean, in
# units of the reference's standard deviation ({ref}`the data tour's standardised difference <hits-versus-flops>`), and an alarm
# beyond some size, say 0.5.
#
# Check your fifteen shifts with `check("9.3", shift, tracks)`.
# :::

# %% [markdown] tags=["remove-cell"]
# #### Solution to exercise 3
#
# The solution's code and output are folded below: unfold them once you have tried.


# %% jupyter={"outputs_hidden": true, "source_hidden": true} mystnb={"code_prompt_hide": "Hide the solution", "code_prompt_show": "Show the solution: code and output"} tags=["hide-cell", "solution"]
latest = tracks["decade"] == tracks["decade"].max()
reference, batch = tracks.loc[~latest, FEATURE_NAMES], tracks.loc[latest, FEATURE_NAMES]
shift = ((batch.mean() - reference.mean()) / reference.std()).rename("shift in reference SDs")
alarms = shift[shift.abs() > 0.5]
glue("ex3_alarms", Markdown(", ".join(f"`{name}`" for name in alarms.index) or "none"), display=False)
glue("ex3_n_alarms", len(alarms), display=False)
check("9.3", shift, tracks)
shift.sort_values(key=abs, ascending=False).round(2).to_frame()

# %% [markdown]
# :::{dropdown} Answer
# :class-container: answer
# With an alarm at 0.5 standard deviations, {glue:text}`ex3_n_alarms` feature(s) would sound for the
# last decade: {glue:md}`ex3_alarms`. Such a check is cheap, needs no labels, and catches a change in
# what comes in (longer or louder tracks, another genre mix). It cannot catch a change in what makes a
# hit when the features look the same, nor a change in the spread or in how features combine while the
# means stay put; for those, compare whole distributions (quantiles, a classifier that tries to tell
# batch from reference) and, above all, collect outcomes and score the model on them again.
# :::

# %%
client.__exit__(None, None, None)  # shut the in-process app down

# %% [markdown]
# ## Quiz
#
# Answer each question for yourself before you open it.
#
# :::{dropdown} 1. Why should you never load a pickle you did not make yourself?
# :class-container: quiz
# Loading a pickle can run code: the file tells Python what to call to rebuild the object. skops stores
# the model as data and loads only the types you trust.
# :::
#
# :::{dropdown} 2. What belongs in a model card?
# :class-container: quiz
# What the model was trained on, how it was evaluated and with what results, what it is for, and its
# limits (here: constructed labels and a genre marker), so a user knows when not to trust it.
# :::
#
# :::{dropdown} 3. The ONNX export is checked against scikit-learn on thousands of tracks. Why is one check on one track not enough?
# :class-container: quiz
# A conversion can change results for some inputs only, for instance where float32 rounding meets a tree's
# threshold. Many tracks bound the largest difference over the data the model will see.
# :::
#
# :::{dropdown} 4. Why does the app refuse an impossible loudness instead of answering anyway?
# :class-container: quiz
# A model returns a number for any input, even one far outside its data, and that number means nothing. A
# clear error that names the field tells the user what to fix.
# :::

# %% [markdown]
# ## Recap
#
# In this chapter we:
#
# - saw a pickle run code while loading, and loaded the book's model with skops and an explicit list of
#   trusted types, checked against the SHA-256 in its card;
# - wrote a model card from the facts stored with the model: data, protocol, metrics, use and limits;
# - called the book's FastAPI app in-process, and watched it reject an impossible loudness with a
#   message that names the field;
# - exported the model to ONNX ({glue:text}`onnx_kb:.0f` kB) for the app and checked it against
#   scikit-learn on {glue:text}`n_compared:,` tracks (largest difference {glue:text}`onnx_max_gap:.1e`);
# - walked the model's {glue:text}`n_trees` trees by hand, the way the book's predictor page scores in
#   the browser from a {glue:text}`trees_kb:.0f` kB file, with no runtime to download;
# - listed what Spotify's change rules out and what a real product would still need.
#
# ## What's next
#
# This is the last chapter of the learner path. Try the predictor page, run `make serve` and use the
# app, read the deep dives ({doc}`dive_feature_drop`, {doc}`dive_decade_input`), which take two of the
# book's measurements further, or go back to {doc}`01_data_tour` with a question of your own: every notebook runs in Binder or Colab with its parameters
# cell at the top.
