// The hit predictor's one front-end, used by two pages:
// - the web app's page (hitlib.app, GET /), which scores through the app's HTTP API: data-backend="api";
// - the book's "Try it" page (book/predictor.md), which scores in the browser: data-backend="trees". The
//   book build copies this file and trees.json, the model's trees as plain lists (`make model` writes it
//   and checks it against scikit-learn, hitlib.models.export_trees), next to it; hitProbability below
//   walks them.
// Both read the same configuration, computed once in Python (hitlib.app.frontend): GET /api/config, or
// the predictor.json the book build writes. So the form, its defaults (the catalogue medians), the number
// formatting, the search, the what-if and the hit/flop colours (hitlib.plotting.HIT_COLORS) are the same.
// Catalogue tracks show their out-of-fold probability, never the served model's score of a track it saw.
// Text from the data or from the server is only ever inserted as text (textContent), never as HTML.
(function () {
  "use strict";
  const root = document.getElementById("hit-predictor");
  if (!root) { return; }
  const status = root.querySelector("#hp-status") || root.appendChild(element("p", {id: "hp-status", role: "status"}));

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) { node.setAttribute(name, value); }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function fail(message) {
    status.textContent = message;
    status.className = "hp-error";
  }

  // One way to write numbers on both pages.
  const format = {
    probability: (p) => (100 * p).toFixed(1) + " %",
    value: (x) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)))),
    points: (change) => Math.abs(100 * change).toFixed(1),
    label: (p) => (p > 0.5 ? "hit" : "flop"),
  };

  // Case- and accent-insensitive text, as the app's search folds it (NFKD, marks dropped, case folded).
  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/ß/g, "ss");
  }

  async function getJson(response) {
    const data = await response.json().catch(() => ({}));
    if (!response.ok) { throw new Error(data.message || ("HTTP " + response.status)); }
    return data;
  }

  // The what-if as the app computes it: the probability minus the probability with one input at its
  // typical value; the largest changes first (ties in column order), zero changes left out.
  function topContributions(config, values, probabilities) {
    const names = config.model_inputs;
    const byName = Object.fromEntries(config.inputs.map((input) => [input.name, input]));
    const change = names.map((_, j) => probabilities[0] - probabilities[j + 1]);
    return names.map((_, j) => j)
      .sort((a, b) => Math.abs(change[b]) - Math.abs(change[a]))
      .slice(0, config.top_contributions)
      .filter((j) => change[j] !== 0)
      .map((j) => ({feature: names[j], label: byName[names[j]].label, value: values[names[j]],
                    typical: byName[names[j]].default, change: change[j]}));
  }

  // Search as the app does it: title matches first, then artist matches, at most `limit`.
  function searchRecords(records, query, limit) {
    const needle = fold(query);
    const found = records.filter((r) => r.foldedTrack.includes(needle));
    if (found.length < limit) {
      found.push(...records.filter((r) => !r.foldedTrack.includes(needle) && r.foldedArtist.includes(needle)));
    }
    return found.slice(0, limit);
  }

  // Backend 1: the app's HTTP API.
  function apiBackend() {
    return {
      async load() { return getJson(await fetch(root.dataset.config)); },
      describe() { return "Search the whole catalogue by title or artist, or set the features yourself."; },
      async search(query, limit) {
        const url = root.dataset.tracks + "?limit=" + limit + "&q=" + encodeURIComponent(query);
        return (await getJson(await fetch(url))).tracks;
      },
      async score(values) {
        const reply = await fetch(root.dataset.predict, {
          method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(values)});
        const data = await getJson(reply);
        return {probability: data.probability, contributions: data.contributions};
      },
    };
  }

  // The model's hit probability for one row of inputs (in config.model_inputs order): each tree sends the
  // row left while its value is at most the node's threshold (a missing value goes where the tree says),
  // the leaves' values add up with the baseline, and the logistic function turns the sum into a probability.
  function hitProbability(model, row) {
    let raw = model.baseline;
    for (const tree of model.trees) {
      let node = 0;
      while (tree.feature[node] >= 0) {
        const x = row[tree.feature[node]];
        const left = Number.isNaN(x) ? tree.missing_left[node] === 1 : x <= tree.threshold[node];
        node = left ? tree.left[node] : tree.right[node];
      }
      raw += tree.value[node];
    }
    return 1 / (1 + Math.exp(-raw));
  }

  // Backend 2: the model's trees and a sample of the catalogue, shipped next to this script.
  function treesBackend() {
    let model = null;
    let config = null;
    let records = [];
    return {
      async load() {
        const url = (name) => new URL(name, new URL(root.dataset.assets, document.baseURI)).href;
        [config, model] = await Promise.all([
          fetch(new URL(root.dataset.config, document.baseURI).href).then(getJson),
          fetch(url("trees.json")).then(getJson),
        ]);
        const columns = config.catalogue.columns;
        const features = config.inputs.filter((input) => input.name !== "decade").map((input) => input.name);
        records = config.catalogue.rows.map((row) => {
          const cell = Object.fromEntries(columns.map((name, i) => [name, row[i]]));
          return {track: cell.track, artist: cell.artist, uri: cell.uri, decade: cell.decade, label: cell.label,
                  probability: cell.probability, features: Object.fromEntries(features.map((n) => [n, cell[n]])),
                  foldedTrack: fold(cell.track), foldedArtist: fold(cell.artist)};
        });
        return config;
      },
      describe() {
        const hits = records.filter((r) => r.label === "hit").length;
        return "Search a sample of " + records.length + " catalogue tracks (" + hits + " hits, " +
               (records.length - hits) + " flops) by title or artist, or set the features yourself.";
      },
      async search(query, limit) { return searchRecords(records, query, limit); },
      async score(values) {
        // The track and, for each input, the track with that input at its typical value.
        const names = config.model_inputs;
        const typical = Object.fromEntries(config.inputs.map((input) => [input.name, input.default]));
        const probabilities = [-1, ...names.keys()].map((swapped) =>
          hitProbability(model, names.map((name, j) => (j === swapped ? typical[name] : values[name]))));
        return {probability: probabilities[0], contributions: topContributions(config, values, probabilities)};
      },
    };
  }

  function build(backend, config) {
    root.style.setProperty("--hp-hit", config.colors.hit);
    root.style.setProperty("--hp-flop", config.colors.flop);
    const values = Object.fromEntries(config.inputs.map((input) => [input.name, input.default]));
    const shown = config.inputs.filter((input) => input.used);
    const ignored = config.inputs.filter((input) => !input.used).map((input) => input.name);
    let chosen = null;
    let searchTimer = null;
    let scoreTimer = null;
    let asked = 0;

    const search = element("input", {type: "search", id: "hp-search", maxlength: config.max_query_chars,
                                     autocomplete: "off", placeholder: "e.g. jealous kind"});
    const searchLabel = element("label", {for: "hp-search", class: "hp-search-label"},
                                "Title or artist (case and accents do not matter)");
    const note = element("p", {id: "hp-search-note", class: "hp-muted", "aria-live": "polite"});
    const list = element("ul", {id: "hp-tracks", class: "hp-tracks"});
    const chosenText = element("p", {id: "hp-chosen", class: "hp-muted"});
    const form = element("form", {id: "hp-form", class: "hp-form", novalidate: ""});
    const grid = element("div", {class: "hp-grid"});
    const controls = {};
    for (const input of shown) {
      const field = element("div", {class: "hp-field"});
      const label = element("label", {for: "hp-f-" + input.name}, input.label + " ");
      label.append(element("span", {class: "hp-unit"}, "(" + input.unit + ", " + input.range + ")"));
      let control;
      if (input.choices) {
        control = element("select", {id: "hp-f-" + input.name, name: input.name, required: ""});
        for (const choice of input.choices) { control.append(element("option", {value: choice}, choice + "s")); }
      } else {
        control = element("input", {id: "hp-f-" + input.name, name: input.name, type: "number", required: "",
                                    min: input.low, max: input.high, step: input.integer ? 1 : "any",
                                    title: input.definition});
      }
      controls[input.name] = control;
      field.append(label, control);
      grid.append(field);
    }
    form.append(grid, element("p", {class: "hp-muted"}, "Not used by the model: " + ignored.join(", ") +
                              " (they give the label away by construction: see the data tour)."));
    const error = element("p", {id: "hp-error", class: "hp-error", role: "alert"});

    const result = element("section", {id: "hp-result", class: "hp-result", "aria-live": "polite", hidden: ""});
    const probability = element("strong", {id: "hp-probability"});
    const label = element("strong", {id: "hp-label"});
    const headline = element("p", {class: "hp-headline"});
    headline.append(probability, document.createTextNode(" probability of a hit: "), label);
    const source = element("p", {id: "hp-source", class: "hp-muted"});
    const truth = element("p", {id: "hp-truth", hidden: ""});
    const truthLabel = element("strong", {id: "hp-truth-label"});
    const explain = element("div", {id: "hp-explain"});
    const contributions = element("ul", {id: "hp-contributions", class: "hp-contributions"});
    const none = element("p", {id: "hp-no-contributions", class: "hp-muted"});
    explain.append(element("p", {class: "hp-subhead"}, "The inputs that pushed it most"),
                   element("p", {class: "hp-muted"}, "A what-if, not a cause: for each input, how the probability " +
                           "changes when that one value is replaced by the catalogue median and everything else " +
                           "stays as it is."),
                   contributions, none);
    result.append(headline, source, truth, explain);
    root.append(searchLabel, search, note, list, chosenText, form, error, result);

    function showValues() {
      for (const [name, control] of Object.entries(controls)) { control.value = String(values[name]); }
    }

    function describeChosen() {
      chosenText.textContent = chosen
        ? "Chosen: \u201c" + chosen.track + "\u201d by " + chosen.artist + " (" + chosen.decade + "s)."
        : "No catalogue track chosen: the values are your own.";
    }

    function showProbability(p) {
      result.dataset.probability = String(p);
      probability.textContent = format.probability(p);
      label.textContent = format.label(p);
      label.className = "hp-" + format.label(p);
      result.hidden = false;
    }

    function contributionItem(c) {
      const item = element("li");
      const towards = c.change > 0 ? "hit" : "flop";
      const bar = element("span", {class: "hp-bar hp-bg-" + towards, "aria-hidden": "true"});
      bar.style.width = Math.min(12, 0.3 + 60 * Math.abs(c.change)) + "rem";
      item.append(bar, element("span", {}, c.label + " = " + format.value(c.value) + ": with the typical " +
        format.value(c.typical) + " instead, the probability would be " + (c.change > 0 ? "lower" : "higher") +
        " by " + format.points(c.change) + " percentage points (pushes towards " + towards + ")"));
      return item;
    }

    // A catalogue track: its out-of-fold probability next to its true label; no call to the model.
    function showChosen() {
      result.dataset.source = "out-of-fold";
      showProbability(chosen.probability);
      source.textContent = "Out of fold: the score of a model trained without this artist (artist-grouped " +
        "cross-validation). The served model was trained on this track, so its own score would flatter it; " +
        "change any value to score your own variation.";
      truth.replaceChildren(document.createTextNode("In the dataset this track is labelled "), truthLabel,
                            document.createTextNode(" (" + chosen.decade + "s)."));
      truthLabel.textContent = chosen.label;
      truthLabel.className = "hp-tag hp-tag-" + chosen.label;
      truth.hidden = false;
      explain.hidden = true;
    }

    async function scoreValues() {
      const ticket = ++asked;
      try {
        const answer = await backend.score({...values});
        if (ticket !== asked || chosen) { return; }
        result.dataset.source = "model";
        showProbability(answer.probability);
        source.textContent = "The served model's score of the values above.";
        truth.hidden = true;
        contributions.replaceChildren(...answer.contributions.map(contributionItem));
        none.textContent = answer.contributions.length ? "" : "No single input changes the probability.";
        explain.hidden = false;
        error.textContent = "";
      } catch (problem) {
        if (ticket === asked) { error.textContent = problem.message; }
      }
    }

    function choose(track) {
      chosen = track;
      Object.assign(values, track.features, {decade: track.decade});
      showValues();
      list.replaceChildren();
      note.textContent = "";
      error.textContent = "";
      asked += 1;  // an answer still on its way is for other values
      describeChosen();
      showChosen();
    }

    async function runSearch() {
      const query = search.value.trim();
      if (!query) { list.replaceChildren(); note.textContent = ""; return; }
      try {
        const found = await backend.search(query, config.search_limit);
        if (search.value.trim() !== query) { return; }
        list.replaceChildren(...found.map((track) => {
          const button = element("button", {type: "button"}, track.track + " \u2014 " + track.artist + " \u00b7 " +
            track.decade + "s \u00b7 labelled " + track.label + " \u00b7 out of fold " + format.probability(track.probability));
          button.addEventListener("click", () => choose(track));
          const item = element("li");
          item.append(button);
          return item;
        }));
        note.textContent = found.length ? "" : "No track matches.";
      } catch (problem) {
        list.replaceChildren();
        note.textContent = problem.message;
      }
    }

    function edited() {
      chosen = null;
      describeChosen();
      const invalid = Object.entries(controls).find(([, control]) => control.value === "" || !control.checkValidity());
      if (invalid) {
        const input = config.inputs.find((i) => i.name === invalid[0]);
        error.textContent = input.label + ": enter a value in " + input.range + (input.integer ? " (whole numbers)" : "") + ".";
        asked += 1;
        return;
      }
      error.textContent = "";
      for (const [name, control] of Object.entries(controls)) { values[name] = Number(control.value); }
      clearTimeout(scoreTimer);
      scoreTimer = setTimeout(scoreValues, 150);
    }

    search.addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(runSearch, 200); });
    form.addEventListener("input", edited);
    form.addEventListener("submit", (event) => { event.preventDefault(); edited(); });
    status.textContent = backend.describe();
    showValues();
    describeChosen();
    scoreValues();
  }

  let backend;
  try {
    backend = root.dataset.backend === "trees" ? treesBackend() : apiBackend();
  } catch (problem) {
    fail(problem.message);
    return;
  }
  backend.load()
    .then((config) => build(backend, config))
    .catch((problem) => fail("The predictor could not load: " + problem.message));
}());
