"""App layer: the predictor's API and page (hitlib.app), with a small real model built for the tests.

The model directory is made by `make model`'s own code (hitlib.build) with fewer trees and folds
(the `model_dir` fixture), so these tests do not depend on `make model` having run.
"""

from __future__ import annotations

import ast
import json
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import hitlib.app
from hitlib.app import create_app
from hitlib.app.errors import field_path
from hitlib.app.frontend import typical_values
from hitlib.app.schemas import MAX_BATCH, MAX_BODY_BYTES, MAX_LIMIT
from hitlib.app.service import MODEL_DIR_VARIABLE, fold_text
from hitlib.data import DECADES
from hitlib.features import BY_NAME, FEATURE_NAMES, FEATURES
from hitlib.models import (
    CARD_FILE,
    EXPORT_TOLERANCE,
    ONNX_FILE,
    OUT_OF_FOLD_FILE,
    ModelFileError,
    OnnxModel,
    load_model,
)
from hitlib.plotting import HIT_COLORS
from tests.helpers.model import DESCRIPTION, KNOWN_TITLE, LEAKY, MODEL_INPUTS, hit_probability

FIELDS = [*FEATURE_NAMES, "decade"]
APP_PACKAGE = Path(hitlib.app.__file__).parent


def body_of(row: pd.Series) -> dict:
    """A request body from a catalogue row: the 15 features (ints kept as ints) and the decade."""
    return {
        name: (int(row[name]) if feature.integer else float(row[name]))
        for name, feature in zip(FEATURE_NAMES, FEATURES, strict=True)
    } | {"decade": int(row["decade"])}


def test_health_names_the_model_and_counts_the_tracks(client, model_dir, tracks):
    reply = client.get("/health")
    card = json.loads((model_dir / CARD_FILE).read_text())
    assert reply.status_code == 200
    assert reply.json() == {
        "status": "ok",
        "model_sha256": card["sha256"],
        "tracks": len(tracks),
        "features_used": MODEL_INPUTS,
        "load_per_request": False,
    }


def test_the_onnx_export_agrees_with_scikit_learn_on_the_whole_catalogue(model_dir, pipeline, tracks):
    onnx = OnnxModel.from_file(model_dir / ONNX_FILE)
    gap = np.abs(onnx.hit_probability(tracks[MODEL_INPUTS].to_numpy(float)) - hit_probability(pipeline, tracks))
    assert gap.max() <= EXPORT_TOLERANCE == 1e-5


def test_predictions_are_the_onnx_models_and_agree_with_predict_proba(client, model_dir, pipeline, tracks):
    sample = tracks.sample(25, random_state=1)
    expected = hit_probability(pipeline, sample)
    onnx = OnnxModel.from_file(model_dir / ONNX_FILE).hit_probability(sample[MODEL_INPUTS].to_numpy(float))
    for (_, row), probability, exact in zip(sample.iterrows(), expected, onnx, strict=True):
        reply = client.post("/api/predict", json=body_of(row))
        assert reply.status_code == 200, reply.text
        answer = reply.json()
        assert answer["probability"] == exact
        assert answer["probability"] == pytest.approx(probability, abs=1e-5)
        assert answer["label"] == ("hit" if exact > 0.5 else "flop")
        assert answer["features_used"] == MODEL_INPUTS and answer["features_ignored"] == list(LEAKY)


def test_contributions_are_what_ifs_against_the_catalogue_median(client, pipeline, tracks, known):
    answer = client.post("/api/predict", json=body_of(known)).json()
    changes = [c["change"] for c in answer["contributions"]]
    assert 1 <= len(changes) <= 5 and changes == sorted(changes, key=abs, reverse=True)
    for contribution in answer["contributions"]:
        name = contribution["feature"]
        whole = name == "decade" or BY_NAME[name].integer
        median = tracks[name].quantile(0.5, interpolation="lower" if whole else "linear")
        assert contribution["typical"] == median and contribution["value"] == known[name]
        swapped = known.to_frame().T.astype({c: float for c in MODEL_INPUTS})
        swapped[name] = median
        expected = answer["probability"] - hit_probability(pipeline, swapped)[0]
        assert contribution["change"] == pytest.approx(expected, abs=2e-5)  # two ONNX scores, each within 1e-5


def test_chorus_hit_and_sections_are_checked_but_not_used(client, known):
    body = body_of(known)
    first = client.post("/api/predict", json=body).json()["probability"]
    changed = client.post("/api/predict", json=body | {"chorus_hit": 0.0, "sections": 1}).json()["probability"]
    assert first == changed
    assert client.post("/api/predict", json=body | {"sections": 1001}).status_code == 422


def test_batch_gives_the_same_answers_in_order(client, pipeline, tracks):
    sample = tracks.sample(40, random_state=2)
    reply = client.post("/api/predict/batch", json={"tracks": [body_of(r) for _, r in sample.iterrows()]})
    assert reply.status_code == 200
    got = [p["probability"] for p in reply.json()["predictions"]]
    assert got == pytest.approx(list(hit_probability(pipeline, sample)), abs=1e-5)
    singles = [client.post("/api/predict", json=body_of(r)).json()["probability"] for _, r in sample.head(5).iterrows()]
    assert got[:5] == singles


def break_body(body: dict, how: str) -> dict:
    """A copy of a valid body with one kind of mistake."""
    broken = dict(body)
    if how == "missing":
        del broken["energy"]
    elif how == "wrong type":
        broken["energy"] = "loud"
    elif how == "boolean":
        broken["mode"] = True
    elif how == "fraction for a whole number":
        broken["key"] = 3.5
    elif how == "out of range":
        broken["danceability"] = 1.5
    elif how == "below range":
        broken["loudness"] = -61
    elif how == "unknown decade":
        broken["decade"] = 1950
    elif how == "decade as text":
        broken["decade"] = "1960"
    elif how == "extra field":
        broken["popularity"] = 50
    elif how == "null":
        broken["tempo"] = None
    return broken


@pytest.mark.parametrize(
    ("how", "field", "words"),
    [
        ("missing", "energy", "required"),
        ("wrong type", "energy", "valid number"),
        ("boolean", "mode", "valid integer"),
        ("fraction for a whole number", "key", "valid integer"),
        ("out of range", "danceability", "less than or equal to 1"),
        ("below range", "loudness", "greater than or equal to -60"),
        ("unknown decade", "decade", "1960, 1970, 1980, 1990, 2000, 2010"),
        ("decade as text", "decade", "valid integer"),
        ("extra field", "popularity", "unknown field"),
        ("null", "tempo", "valid number"),
    ],
)
def test_bad_input_gets_422_naming_the_field(client, known, how, field, words):
    reply = client.post("/api/predict", json=break_body(body_of(known), how))
    assert reply.status_code == 422
    message = reply.json()["message"]
    assert message.startswith(f"{field}: ") and words in message, message
    assert [d["field"] for d in reply.json()["detail"]] == [field]


def test_a_bad_track_in_a_batch_is_named_by_position(client, known):
    tracks = [body_of(known), break_body(body_of(known), "out of range")]
    reply = client.post("/api/predict/batch", json={"tracks": tracks})
    assert reply.status_code == 422 and reply.json()["message"].startswith("tracks[1].danceability: ")


@pytest.mark.parametrize(("count", "words"), [(MAX_BATCH + 1, f"at most {MAX_BATCH}"), (0, "at least 1")])
def test_batch_size_is_bounded(client, known, count, words):
    reply = client.post("/api/predict/batch", json={"tracks": [body_of(known)] * count})
    assert reply.status_code == 422
    assert reply.json()["message"].startswith("tracks: ") and words in reply.json()["message"]


def test_the_largest_batch_is_accepted(client, known):
    reply = client.post("/api/predict/batch", json={"tracks": [body_of(known)] * MAX_BATCH})
    assert reply.status_code == 200 and len(reply.json()["predictions"]) == MAX_BATCH


def oversized() -> bytes:
    return b'{"tracks": [' + b" " * MAX_BODY_BYTES + b"]}"


def test_an_oversized_body_with_content_length_gets_413(client):
    reply = client.post("/api/predict/batch", content=oversized(), headers={"Content-Type": "application/json"})
    assert reply.status_code == 413
    assert f"{MAX_BODY_BYTES:,} bytes" in reply.json()["message"]


def test_an_oversized_body_without_content_length_gets_413(client):
    def chunks():
        body = oversized()
        for start in range(0, len(body), 65_536):
            yield body[start : start + 65_536]

    reply = client.post("/api/predict", content=chunks(), headers={"Content-Type": "application/json"})
    assert reply.status_code == 413 and "larger than the limit" in reply.json()["message"]


def test_a_body_just_under_the_limit_is_read(client, known):
    text = json.dumps(body_of(known))
    padded = text[:-1] + " " * (MAX_BODY_BYTES - len(text)) + "}"
    reply = client.post("/api/predict", content=padded.encode(), headers={"Content-Type": "application/json"})
    assert len(padded) == MAX_BODY_BYTES and reply.status_code == 200


@pytest.mark.parametrize(
    ("content", "content_type", "status", "words"),
    [
        (b'{"energy": 0.5,', "application/json", 422, "body: not valid JSON at character 15"),
        (b"[1, 2]", "application/json", 422, "body: expected a JSON object"),
        (b"energy=0.5", "application/x-www-form-urlencoded", 422, "body: expected a JSON object"),
        (b"[" * 100_000, "application/json", 400, "There was an error parsing the body"),
    ],
)
def test_a_body_that_is_not_a_json_object_gets_a_4xx_with_a_message(client, content, content_type, status, words):
    reply = client.post("/api/predict", content=content, headers={"Content-Type": content_type})
    assert reply.status_code == status and words in reply.json()["message"], reply.text


def test_user_text_comes_back_as_data_not_escaped_and_never_as_html(client, known):
    name = "<script>alert('x')</script> & co"
    reply = client.post("/api/predict", json=body_of(known) | {name: 1})
    assert reply.status_code == 422
    assert reply.json()["message"] == f"{name}: unknown field; send only the 15 features and decade"
    assert reply.json()["detail"][0]["field"] == name
    assert reply.headers["content-type"] == "application/json"
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_a_lone_surrogate_in_a_field_name_is_a_422_not_a_crash(client, known):
    text = json.dumps(body_of(known))[:-1] + ', "\\ud800": 1}'
    reply = client.post("/api/predict", content=text.encode(), headers={"Content-Type": "application/json"})
    assert reply.status_code == 422 and reply.json()["message"]


@pytest.mark.parametrize(
    "query", ["cancion mixteca", "CANCIÓN MIXTECA", "Qué lejos", "ｃａｎｃｉｏｎ mixteca"]
)  # full-width letters fold too (NFKD)
def test_search_ignores_case_and_accents(client, query):
    titles = [t["track"] for t in client.get("/api/tracks", params={"q": query}).json()["tracks"]]
    assert KNOWN_TITLE in titles


def test_search_finds_artists_and_returns_full_records_with_out_of_fold_probabilities(client, model_dir, tracks, known):
    found = client.get("/api/tracks", params={"q": "guty cardenas", "limit": 50}).json()["tracks"]
    record = next(t for t in found if t["track"] == KNOWN_TITLE)
    out_of_fold = pd.read_csv(model_dir / OUT_OF_FOLD_FILE)["probability"]  # one row per catalogue row, in order
    assert record == {
        "track": KNOWN_TITLE,
        "artist": known["artist"],
        "uri": known["uri"],
        "decade": int(known["decade"]),
        "label": "hit" if known["target"] == 1 else "flop",
        "probability": out_of_fold.iloc[tracks.index.get_loc(known.name)],
        "features": {k: v for k, v in body_of(known).items() if k != "decade"},
    }


def test_catalogue_probabilities_are_out_of_fold_not_the_served_models(client, model_dir, pipeline, tracks):
    """The served model saw every track: its own scores of the catalogue are better than honest ones."""
    found = client.get("/api/tracks", params={"q": "love", "limit": MAX_LIMIT}).json()["tracks"]
    table = pd.read_csv(model_dir / OUT_OF_FOLD_FILE)
    assert list(table["uri"]) == list(tracks["uri"])
    for track in found:  # a few tracks appear twice in the catalogue, in two decades
        same = table[(table["uri"] == track["uri"]) & (table["decade"] == track["decade"])]
        assert track["probability"] in list(same["probability"])
    in_sample = hit_probability(pipeline, tracks)
    assert not np.allclose(table["probability"], in_sample, atol=1e-3)


def test_search_is_bounded(client):
    assert len(client.get("/api/tracks", params={"q": "a"}).json()["tracks"]) == 10
    assert len(client.get("/api/tracks", params={"q": "a", "limit": MAX_LIMIT}).json()["tracks"]) == MAX_LIMIT
    assert client.get("/api/tracks", params={"q": "zzqqxxnotatrack"}).json() == {"tracks": []}


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"q": "love", "limit": 0}, "limit", "greater than or equal to 1"),
        ({"q": "love", "limit": MAX_LIMIT + 1}, "limit", f"less than or equal to {MAX_LIMIT}"),
        ({"q": "love", "limit": "ten"}, "limit", "valid integer"),
        ({"q": ""}, "q", "at least 1 character"),
        ({"q": "   "}, "q", "at least one letter"),
        ({"q": "\u0301"}, "q", "at least one letter"),
        ({"q": "x" * 101}, "q", "at most 100 characters"),
        ({}, "q", "required"),
    ],
)
def test_bad_search_gets_422_naming_the_parameter(client, params, field, words):
    reply = client.get("/api/tracks", params=params)
    assert reply.status_code == 422
    assert reply.json()["message"].startswith(f"{field}: ") and words in reply.json()["message"]


def test_the_page_is_a_template_with_its_script_and_style_from_this_server(client, model_dir):
    reply = client.get("/")
    page = reply.text
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/html")
    policy = reply.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "sha256-" not in policy and "unsafe-inline" not in policy
    assert "http://" not in page and "https://" not in page
    assert '<script src="/static/predictor.js" defer></script>' in page
    assert '<link rel="stylesheet" href="/static/predictor.css">' in page
    assert page.count("<script") == 1 and "<style" not in page and " style=" not in page
    assert not re.search(r"<[^>]*\son\w+=", page)  # no inline event handlers
    assert "Test model &lt;small&gt; &amp; quick" in page and DESCRIPTION not in page
    assert 'data-backend="api"' in page and 'data-config="/api/config"' in page
    assert "2024-11-27" in page and "out-of-fold" in page
    card = json.loads((model_dir / CARD_FILE).read_text())
    assert f"{card['metrics']['grouped_roc_auc']:.3f}" in page


@pytest.mark.parametrize(("name", "kind"), [("predictor.js", "javascript"), ("predictor.css", "text/css")])
def test_the_pages_script_and_stylesheet_are_static_files(client, name, kind):
    reply = client.get(f"/static/{name}")
    assert reply.status_code == 200 and kind in reply.headers["content-type"]
    assert reply.content == (APP_PACKAGE / "static" / name).read_bytes()
    assert "innerHTML" not in reply.text and "#D55E00" not in reply.text.upper()  # colours come from the config


def test_no_html_css_or_javascript_in_python_strings():
    """The page is a Jinja2 template and static files; the package's Python holds none of their text."""
    markers = ("<html", "<script", "<style", "<div", "<body", "document.", "addEventListener", "font:", "display:")
    for module in APP_PACKAGE.glob("*.py"):
        strings = [n.value for n in ast.walk(ast.parse(module.read_text())) if isinstance(n, ast.Constant)]
        found = [m for m in markers for text in strings if isinstance(text, str) and m in text]
        assert found == [], f"{module.name}: {found}"


def test_the_config_gives_both_pages_the_same_inputs_defaults_and_colours(client, tracks):
    config = client.get("/api/config").json()
    names = [i["name"] for i in config["inputs"]]
    assert names == FIELDS and config["model_inputs"] == MODEL_INPUTS
    assert [i["default"] for i in config["inputs"]] == list(typical_values(tracks, FIELDS))
    assert {i["name"] for i in config["inputs"] if not i["used"]} == set(LEAKY)
    decade = config["inputs"][-1]
    assert decade["choices"] == list(DECADES) and decade["default"] in DECADES
    assert config["colors"] == HIT_COLORS
    for spec, feature in zip(config["inputs"], FEATURES, strict=False):
        assert (spec["low"], spec["high"], spec["integer"]) == (feature.low, feature.high, feature.integer)


def test_openapi_is_generated_from_the_feature_table(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/predict", "/api/predict/batch", "/api/tracks", "/health"} <= set(schema["paths"])
    fields = schema["components"]["schemas"]["TrackFeatures"]
    assert sorted(fields["required"]) == sorted(FIELDS) and fields["additionalProperties"] is False
    for feature in FEATURES:
        spec = fields["properties"][feature.name]
        assert (spec["minimum"], spec["maximum"]) == (feature.low, feature.high)
        assert spec["type"] == ("integer" if feature.integer else "number")
    assert fields["properties"]["decade"]["enum"] == list(DECADES)
    assert "not used by the model" in fields["properties"]["chorus_hit"]["description"]


@pytest.mark.parametrize(("page", "asset"), [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")])
def test_docs_pages_are_served_offline(client, page, asset):
    reply = client.get(page)
    assert reply.status_code == 200 and "/openapi.json" in reply.text
    assert "https://" not in reply.text and f"/static-offline-docs/{asset}" in reply.text
    assert client.get(f"/static-offline-docs/{asset}").status_code == 200


def test_unknown_routes_and_methods_get_a_message(client):
    assert client.get("/nowhere").json()["message"] == "Not Found"
    reply = client.get("/api/predict")
    assert reply.status_code == 405 and reply.json()["message"] == "Method Not Allowed"


def test_a_missing_model_stops_start_up_with_a_clear_message(tmp_path):
    with pytest.raises(ModelFileError, match="model.skops: file not found .`make model` creates it"):
        with TestClient(create_app(model_dir=tmp_path / "none")):
            pass


def copy_of(model_dir: Path, folder: Path) -> Path:
    shutil.copytree(model_dir, folder)
    return folder


def test_a_missing_onnx_export_stops_start_up(model_dir, tmp_path):
    folder = copy_of(model_dir, tmp_path / "model")
    (folder / ONNX_FILE).unlink()
    with pytest.raises(ModelFileError, match="model.onnx: file not found"):
        with TestClient(create_app(model_dir=folder)):
            pass


def test_an_onnx_export_of_another_model_stops_start_up(model_dir, tmp_path, tracks):
    from hitlib.models import export_onnx, hit_predictor

    folder = copy_of(model_dir, tmp_path / "model")
    sample = tracks.sample(2000, random_state=0)
    other = hit_predictor(max_iter=5).fit(sample[MODEL_INPUTS], sample["target"])
    (folder / ONNX_FILE).write_bytes(export_onnx(other, len(MODEL_INPUTS)))
    with pytest.raises(ModelFileError, match="model.onnx: its probabilities differ from model.skops"):
        with TestClient(create_app(model_dir=folder)):
            pass


@pytest.mark.parametrize("damage", ["missing", "other order"])
def test_out_of_fold_scores_for_another_catalogue_stop_start_up(model_dir, tmp_path, damage):
    folder = copy_of(model_dir, tmp_path / "model")
    path = folder / OUT_OF_FOLD_FILE
    if damage == "missing":
        path.unlink()
    else:
        pd.read_csv(path).iloc[::-1].to_csv(path, index=False)
    with pytest.raises(ModelFileError, match="out_of_fold.csv: "):
        with TestClient(create_app(model_dir=folder)):
            pass


def test_model_dir_comes_from_the_environment_relative_to_the_cwd(model_dir, monkeypatch):
    monkeypatch.chdir(model_dir.parent)
    monkeypatch.setenv(MODEL_DIR_VARIABLE, model_dir.name)
    with TestClient(create_app()) as local:
        assert local.get("/health").json()["model_sha256"] == load_model(model_dir)[1]["sha256"]


def test_loading_per_request_gives_the_same_answer(model_dir, client, known):
    with TestClient(create_app(model_dir=model_dir, load_per_request=True)) as slow:
        assert slow.get("/health").json()["load_per_request"] is True
        answer = slow.post("/api/predict", json=body_of(known)).json()
    fast = client.post("/api/predict", json=body_of(known)).json()
    assert answer["probability"] == pytest.approx(fast["probability"], abs=1e-5)  # scikit-learn vs ONNX
    assert [c["feature"] for c in answer["contributions"]] == [c["feature"] for c in fast["contributions"]]


def test_helpers():
    assert fold_text("Beyoncé ÅSA Straße") == "beyonce asa strasse"
    assert field_path(("body", "tracks", 3, "energy")) == "tracks[3].energy"
    assert field_path(("query", "q")) == "q" and field_path(("body",)) == "body"


# --- Property-based fuzzing: any JSON body gets 200 when valid, 422 when not, never a 5xx ---


def valid_value(feature):
    if feature.integer:
        return st.integers(int(feature.low), int(feature.high))
    return st.floats(feature.low, feature.high, allow_nan=False) | st.integers(int(feature.low), int(feature.high))


VALID_BODIES = st.fixed_dictionaries({f.name: valid_value(f) for f in FEATURES} | {"decade": st.sampled_from(DECADES)})
JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from([*DECADES, "1960", 1960.0, -1, 7_200_001, 10**400, -(10**400), float("inf")]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def broken_bodies(draw) -> dict:
    """A valid body with a few random mistakes: dropped keys, junk values, extra keys."""
    body = draw(VALID_BODIES)
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
        del body[name]
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
        body[name] = draw(JUNK)
    body.update(draw(st.dictionaries(st.text(max_size=10), JUNK, max_size=2)))
    return body


def is_valid(body: object) -> bool:
    """The API's contract, written independently of its pydantic model."""
    if not isinstance(body, dict) or set(body) != set(FIELDS):
        return False
    for feature in FEATURES:
        value = body[feature.name]
        whole = type(value) is int and feature.low <= value <= feature.high
        fraction = type(value) is float and math.isfinite(value) and feature.low <= value <= feature.high
        if not (whole or (fraction and not feature.integer)):
            return False
    return type(body["decade"]) is int and body["decade"] in DECADES


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=st.one_of(VALID_BODIES, broken_bodies(), JUNK))
def test_fuzzed_bodies_never_get_a_server_error(client, body):
    reply = client.post("/api/predict", content=json.dumps(body), headers={"Content-Type": "application/json"})
    assert reply.status_code < 500, reply.text
    event("valid" if is_valid(body) else "invalid")
    if is_valid(body):
        assert reply.status_code == 200, (body, reply.text)
        assert 0.0 <= reply.json()["probability"] <= 1.0
    else:
        assert reply.status_code == 422, (body, reply.text)
        assert reply.json()["message"]
