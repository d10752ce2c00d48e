// The book's in-browser predictor: chapter 5's model, exported to ONNX in chapter 7, run by onnxruntime-web.
// Everything is computed here; predictor.json (written at build time) holds the inputs and a track sample.
(function () {
  "use strict";
  var root = document.getElementById("hit-predictor");
  if (!root) { return; }
  var assets = new URL(root.dataset.assets, document.baseURI).href;
  var status = root.querySelector(".hp-status");

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function fail(message) {
    status.textContent = message;
    status.className = "hp-error";
  }

  if (typeof WebAssembly !== "object" || typeof window.ort !== "object") {
    fail("This predictor needs WebAssembly, which this browser does not offer. The web app of chapter 7 " +
         "(make serve) gives the same numbers from a server.");
    return;
  }
  ort.env.wasm.numThreads = 1;  // threads need a cross-origin-isolated page; one is plenty for one tree model
  ort.env.wasm.wasmPaths = {mjs: assets + "ort-wasm-simd-threaded.js", wasm: assets + "ort-wasm-simd-threaded.wasm"};

  function fold(text) {  // case- and accent-insensitive matching
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function build(config, session) {
    var values = {};
    var sliders = {};
    var chosen = null;
    var inputs = config.inputs;
    var column = {};
    config.columns.forEach(function (name, i) { column[name] = i; });

    var hits = config.tracks.filter(function (t) { return t[column.target] === 1; }).length;
    status.textContent = "Pick one of " + config.tracks.length + " sample tracks (" + hits + " hits), " +
      "or set the features yourself.";

    var search = element("input", {type: "search", id: "hp-search", placeholder: "Search title or artist",
                                   "aria-label": "Search the sample tracks by title or artist"});
    var list = element("ul", {class: "hp-tracks", id: "hp-tracks"});
    var form = element("div", {class: "hp-form"});
    var result = element("div", {class: "hp-result", id: "hp-result", "aria-live": "polite"});
    root.append(search, list, form, result);

    inputs.forEach(function (input) {
      var row = element("label", {class: "hp-row"});
      var name = element("span", {class: "hp-name"}, input.label + (input.unit ? " (" + input.unit + ")" : ""));
      var shown = element("span", {class: "hp-value"});
      var control;
      if (input.choices) {
        control = element("select", {name: input.name});
        input.choices.forEach(function (choice) { control.append(element("option", {value: choice}, choice + "s")); });
      } else {
        var step = input.integer ? 1 : (input.high - input.low) / 1000;
        control = element("input", {type: "range", name: input.name, min: input.low, max: input.high, step: step});
      }
      control.addEventListener("input", function () {
        values[input.name] = Number(control.value);
        chosen = null;
        update();
      });
      row.append(name, control, shown);
      form.append(row);
      sliders[input.name] = {control: control, shown: shown};
      values[input.name] = input.default;
    });

    function show() {
      inputs.forEach(function (input) {
        var slider = sliders[input.name];
        slider.control.value = values[input.name];
        slider.shown.textContent = input.choices ? "" : String(Number(values[input.name].toPrecision(4)));
      });
    }

    function update() {
      show();
      var data = Float32Array.from(inputs.map(function (input) { return values[input.name]; }));
      var feed = {};
      feed[session.inputNames[0]] = new ort.Tensor("float32", data, [1, data.length]);
      session.run(feed).then(function (output) {
        var probability = output.probabilities.data[1];
        result.textContent = "";
        result.dataset.probability = String(probability);
        var headline = element("p", {class: "hp-headline"});
        headline.append(element("strong", {id: "hp-probability"}, probability.toFixed(4)),
                        document.createTextNode(" probability of a hit: "),
                        element("strong", {id: "hp-label"}, probability > 0.5 ? "hit" : "flop"));
        result.append(headline);
        if (chosen) {
          result.append(element("p", {id: "hp-truth"}, "\u201c" + chosen[column.track] + "\u201d by " +
            chosen[column.artist] + " (" + chosen[column.decade] + "s) is a " +
            (chosen[column.target] === 1 ? "hit" : "flop") + " in the data."));
        }
      }).catch(function (error) { fail("The model could not run: " + error.message); });
    }

    function choose(track) {
      chosen = track;
      inputs.forEach(function (input) { values[input.name] = track[column[input.name]]; });
      update();
    }

    search.addEventListener("input", function () {
      var query = fold(search.value.trim());
      list.textContent = "";
      if (query.length < 2) { return; }
      config.tracks.filter(function (t) {
        return fold(t[column.track]).indexOf(query) >= 0 || fold(t[column.artist]).indexOf(query) >= 0;
      }).slice(0, 10).forEach(function (track) {
        var button = element("button", {type: "button"}, track[column.track] + " \u2014 " + track[column.artist] +
                             " (" + track[column.decade] + "s)");
        button.addEventListener("click", function () { list.textContent = ""; search.value = track[column.track]; choose(track); });
        var item = element("li");
        item.append(button);
        list.append(item);
      });
    });
    update();
  }

  Promise.all([
    fetch(assets + "predictor.json").then(function (r) { return r.json(); }),
    ort.InferenceSession.create(assets + "model.onnx", {executionProviders: ["wasm"]}),
  ]).then(function (loaded) { build(loaded[0], loaded[1]); })
    .catch(function (error) { fail("The predictor could not load: " + error.message); });
}());
