# `make` alone lists the targets below with their `##` lines. Every target bootstraps .venv from
# requirements-lock.txt first and is safe to run again. How long each takes, and why `test` and `perturb` run
# as they do: CONTRIBUTING.md, "Performance".
SHELL := /bin/bash
.DEFAULT_GOAL := help
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

# The book's model and everything read from it (hitlib/build.py)
MODEL := models/hit_predictor/model.json

.PHONY: help check model book execute lab edition test perturb lint format pair outputs timings data sync glossary lock \
	serve serve-book load clean

$(INSTALLED): requirements-lock.txt pyproject.toml
	@$(PYTHON) tools/check_python.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements-lock.txt
	$(PIP) install --no-deps -e .
	touch $@

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

## help: list the targets and what each does (the default goal)
help:
	@awk -F': ' '/^## [a-z-]+: / { sub(/^## /, ""); printf "  make %-11s %s\n", $$1, substr($$0, length($$1) + 3) }' $(MAKEFILE_LIST)

## check: the inner loop, under a minute: ruff, then the unit and project tests (runs no notebook)
# Two workers, one OpenMP thread each, as nbval in `test`.
check: lint data
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest tests/unit tests/project -n 2 --durations=5

## data: find (or download) the six CSVs and verify their checksums
data: $(INSTALLED)
	$(BIN)/python -m hitlib.data

## model: train, save and export the book's model and its card into models/hit_predictor
model: $(MODEL)
$(MODEL): $(INSTALLED) hitlib/build.py hitlib/models.py hitlib/templates/model_card.md | data
	$(BIN)/python -m hitlib.build models/hit_predictor

## book: build the site into _build/html from the notebooks' committed outputs, executing nothing
book: model $(NODE_MODULES)
	HITLIB_BOOK_EXECUTE=off $(BIN)/jupyter-book build . $(BOOK_FLAGS)

## execute: the same site, executing every notebook first (a cache reruns only what changed)
execute: model $(NODE_MODULES)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)

## lab: open the notebook edition (chapters/) in JupyterLab, as Binder does
lab: data
	$(BIN)/jupyter lab chapters/01_data_tour.ipynb

## test: every layer: ruff, the site, nbval on every notebook, then units, notebooks, app and browser
# nbval: two notebooks at a time, each notebook's cells in order on one worker, one OpenMP thread per kernel.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/notebooks/nbval_sanitize.cfg -p tests.notebooks.nbval_tolerance
test: lint model $(NODE_MODULES)
	$(MAKE) --no-print-directory book
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest notebooks $(NBVAL) -n 2 --dist loadscope --durations=10
	$(BIN)/python -m pytest tests --durations=10

## perturb: nbval with every network retrained from other seeds, to check a tolerance (NB=one.ipynb for one)
PERTURB_SEEDS ?= 1 2
perturb: model
	for seed in $(PERTURB_SEEDS); do \
	  echo "networks seeded with SEED + $$seed"; \
	  HITLIB_PERTURB_SEED=$$seed OMP_NUM_THREADS=1 $(BIN)/python -m pytest $(NB) $(NBVAL) -n 2 --dist loadscope || exit 1; \
	done

## lint: ruff's checks and formatting on hitlib, tests, tools and the chapters' scripts
LINTED := hitlib tests tools notebooks/*.py
lint: $(INSTALLED)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

## format: pair, let ruff fix and format, then carry the scripts back into the notebooks
format: pair
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)
	$(BIN)/jupytext --sync notebooks/*.ipynb

## pair: after editing a notebook or its py:percent script, bring the other one up to date
pair: $(INSTALLED)
	$(BIN)/jupytext --sync notebooks/*.ipynb

## outputs: re-execute notebooks in place, record their times and memory, write the edition (NB=one.ipynb)
NB ?= notebooks/*.ipynb
outputs: data
	for notebook in $(NB); do \
	  $(BIN)/python tools/peak_memory.py --record book/peak_memory.csv \
	    $(BIN)/jupyter execute --inplace --timeout=600 $$notebook || exit 1; \
	done
	-$(MAKE) --no-print-directory timings
	$(MAKE) --no-print-directory edition

## edition: write chapters/, the notebook edition Colab and Binder open, from the executed notebooks/
edition: $(INSTALLED)
	$(BIN)/python tools/notebook_edition.py

## timings: write book/timings.csv from the notebooks' execution records; fail if a budget is broken
timings: $(INSTALLED)
	$(BIN)/python tools/cell_times.py --csv book/timings.csv

## sync: copy the repository URL from _config.yml into the README, notebooks, citation and issue forms
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

## serve-book: show the built book on http://127.0.0.1:8000
serve-book:
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

## serve: run the predictor web app on http://127.0.0.1:8000
serve: model
	$(BIN)/python -m uvicorn hitlib.app:app --host 127.0.0.1 --port 8000

## load: measure the app under load with wrk on loopback, next to the original design
load: model
	command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(BIN)/python tools/load_run.py

## clean: remove the built site (_build)
clean:
	rm -rf _build
