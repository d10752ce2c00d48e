# Every target bootstraps .venv from requirements-lock.txt first and is safe to run again.
SHELL := /bin/bash
# The Python that requirements-lock.txt is resolved for (its header names it), found on the PATH if
# installed; tools/check_python.py stops make with a clear message if PYTHON is another version.
LOCK_PYTHON := $(shell sed -n 's/.*Python \([0-9]*\.[0-9]*\)\..*/\1/p' requirements-lock.txt)
PYTHON ?= $(or $(shell command -v python$(LOCK_PYTHON)),python3)
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-from-lock
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

# The same string hashes, so the same set order, in every kernel. (TensorFlow's settings are in hitlib/nn.py.)
export PYTHONHASHSEED := 0

BOOK_FLAGS := --warningiserror --keep-going
# Font Awesome's stylesheet for the book's icons, and axe-core for the browser tests' accessibility checks,
# installed from package-lock.json
NODE_MODULES := node_modules/.package-lock.json

## The book's model and everything read from it (hitlib/build.py)
MODEL := models/hit_predictor/model.json

.PHONY: model book execute lab edition test perturb lint format pair outputs timings data sync glossary lock serve serve-book load clean

$(INSTALLED): requirements-lock.txt pyproject.toml
	@$(PYTHON) tools/check_python.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements-lock.txt
	$(PIP) install --no-deps -e .
	touch $@

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

## data: find (or download) the six CSVs and verify their checksums
data: $(INSTALLED)
	$(BIN)/python -m hitlib.data

## model: train, evaluate, save and export the book's model into models/hit_predictor (hitlib.build)
model: $(MODEL)
$(MODEL): $(INSTALLED) hitlib/build.py hitlib/models.py hitlib/templates/model_card.md | data
	$(BIN)/python -m hitlib.build models/hit_predictor

## book: build the Jupyter Book into _build/html from the notebooks' committed outputs, executing nothing
## (`make test` proves those outputs with nbval)
book: model $(NODE_MODULES)
	HITLIB_BOOK_EXECUTE=off $(BIN)/jupyter-book build . $(BOOK_FLAGS)

## execute: the same book, executing every notebook first (myst-nb's cache reruns only changed ones)
execute: model $(NODE_MODULES)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)

## lab: the notebook edition in JupyterLab, as Binder shows it, opened at the first chapter
lab: data
	$(BIN)/jupyter lab chapters/01_data_tour.ipynb

## test: every test layer. ruff first; then the site is rendered from the notebooks' committed outputs; then
## nbval re-executes every notebook and fails if any output differs from the committed one (exactly, or beyond
## the tolerance a cell states: tests/notebooks/nbval_tolerance.py); then the other layers (tests/): units,
## notebooks (each chapter alone in a fresh Colab-like environment with its fast parameters; jupytext pairs),
## the web app, and the site in headless Chromium. nbval runs two notebooks at a time (pytest-xdist; `--dist
## loadscope` keeps each notebook's cells on one worker, in order): 506 s instead of 646 s. Each kernel then
## gets one OpenMP thread, since two kernels with two threads each keep waiting for one another's threads
## (a gradient-boosting fit took 2.3 times as long); the committed outputs pass either way. The other layers
## run one test at a time: two workers saved 10 % there and made the browser's timings noisy.
## Chapters 8 and 9 and the app read `make model`'s files, so no layer waits for another.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/notebooks/nbval_sanitize.cfg -p tests.notebooks.nbval_tolerance
test: lint model $(NODE_MODULES)
	$(MAKE) --no-print-directory book
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest notebooks $(NBVAL) -n 2 --dist loadscope --durations=10
	$(BIN)/python -m pytest tests --durations=10

## perturb: nbval as in `make test`, with every network retrained from other seeds (PERTURB_SEEDS; hitlib.nn's
## set_seed), as another CPU in effect retrains it: what holds across seeds holds across CPUs. Run it after a
## change to a cell that trains something (CONTRIBUTING.md, "Checking a tolerance"); NB=one.ipynb for one
PERTURB_SEEDS ?= 1 2
perturb: model
	for seed in $(PERTURB_SEEDS); do \
	  echo "networks seeded with SEED + $$seed"; \
	  HITLIB_PERTURB_SEED=$$seed OMP_NUM_THREADS=1 $(BIN)/python -m pytest $(NB) $(NBVAL) -n 2 --dist loadscope || exit 1; \
	done

## lint: ruff's checks and formatting on the package, the tests, the tools and the chapters' scripts
LINTED := hitlib tests tools notebooks/*.py
lint: $(INSTALLED)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

## format: pair first (so no notebook edit is lost), let ruff fix and format, then carry the scripts back
format: pair
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)
	$(BIN)/jupytext --sync notebooks/*.ipynb

## pair: after editing a notebook or its py:percent script (jupytext.toml), bring the other side up to date
pair: $(INSTALLED)
	$(BIN)/jupytext --sync notebooks/*.ipynb

## outputs: re-execute notebooks in place, one at a time, so their committed outputs are today's (NB=one.ipynb
## for one); record each one's peak memory and times for the timings page (tools/peak_memory.py,
## tools/cell_times.py); write the edition
NB ?= notebooks/*.ipynb
outputs: data
	for notebook in $(NB); do \
	  $(BIN)/python tools/peak_memory.py --record book/peak_memory.csv \
	    $(BIN)/jupyter execute --inplace --timeout=600 $$notebook || exit 1; \
	done
	-$(MAKE) --no-print-directory timings
	$(MAKE) --no-print-directory edition

## edition: write chapters/, the notebook edition that Colab, Binder and the launch buttons open, from the
## executed chapters in notebooks/ (tools/notebook_edition.py)
edition: $(INSTALLED)
	$(BIN)/python tools/notebook_edition.py

## timings: each notebook's time, from the execution records `make outputs` leaves in the notebooks, into
## book/timings.csv; fails, naming the cell, while a budget is broken (tools/cell_times.py; `make outputs`
## records the times whatever the verdict)
timings: $(INSTALLED)
	$(BIN)/python tools/cell_times.py --csv book/timings.csv

## sync: copy the repository URL from _config.yml into the README badges and notebooks
sync: $(INSTALLED)
	$(BIN)/python tools/sync_repo_url.py
	$(BIN)/jupytext --sync notebooks/*.ipynb

## glossary: regenerate book/glossary.md from hitlib/features.py
glossary: $(INSTALLED)
	$(BIN)/python -m hitlib.features > book/glossary.md

## lock: re-resolve requirements-lock.txt from pyproject.toml in a throwaway environment
lock:
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet --upgrade pip
	$(VENV)-lock/bin/python -m pip install --quiet ".[nn,book,dev,app,lab]"
	{ sed -n '1,2p' requirements-lock.txt; $(VENV)-lock/bin/python -m pip freeze --exclude-editable \
	    | grep -v '^hitlib'; } > requirements-lock.txt.new && mv requirements-lock.txt.new requirements-lock.txt
	rm -rf $(VENV)-lock

## serve-book: look at the built book on http://127.0.0.1:8000
serve-book:
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

## serve: the predictor app (chapter 9) on http://127.0.0.1:8000, with the model `make model` builds
serve: model
	$(BIN)/python -m uvicorn hitlib.app:app --host 127.0.0.1 --port 8000

## load: load run on loopback with wrk (apt-get install wrk): /health, predict with the ONNX session made once,
## and the original design (model read from disk per request); one table, 1 and 4 concurrent clients
load: model
	command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(BIN)/python tools/load_run.py

clean:
	rm -rf _build
