"""App layer: the predictor's API and page (hitlib.app), with a small real model trained for the tests.

The model is trained here on the real catalogue with the same inputs as chapter 5's saved model, so
these tests do not depend on the chapter having run.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hitlib.app import MAX_BATCH, MAX_BODY_BYTES, MAX_LIMIT, MODEL_DIR_VARIABLE, create_app, field_path, fold_text
from hitlib.data import DECADES
from hitlib.features import BY_NAME, FEATURE_NAMES, FEATURES
from hitlib.models import CARD_FILE, ModelFileError, load_model
from tests.helpers import DESCRIPTION, KNOWN_TITLE, LEAKY, MODEL_INPUTS, ROOT, hit_probability

FIELDS = [*FEATURE_NAMES, "decade"]


@pytest.fixture(scope="module")
def client(model_dir):
    with TestClient(create_app(model_dir=model_dir)) as test_client:
        yield test_client


def body_of(row: pd.Series) -> dict:
    """A request body from a catalogue row: the 15 features (ints kept as ints) and the decade."""
    return {
        name: (int(row[name]) if feature.integer else float(row[name]))
        for name, feature in zip(FEATURE_NAMES, FEATURES, strict=True)
    } | {"decade": int(row["decade"])}


def test_the_fixture_model_has_the_real_cards_inputs():
    card = ROOT / "models" / "hit_predictor" / CARD_FILE
    assert card.is_file(), "models/hit_predictor is made by chapter 5 (make test runs the notebooks first)"
    assert json.loads(card.read_text())["features"] == MODEL_INPUTS


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


def test_predictions_equal_predict_proba(client, pipeline, tracks):
    sample = tracks.sample(25, random_state=1)
    expected = hit_probability(pipeline, sample)
    for (_, row), probability in zip(sample.iterrows(), expected, strict=True):
        reply = client.post("/api/predict", json=body_of(row))
        assert reply.status_code == 200, reply.text
        answer = reply.json()
        assert answer["probability"] == probability
        assert answer["label"] == ("hit" if probability > 0.5 else "flop")
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
        assert contribution["change"] == pytest.approx(expected, abs=1e-12)


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
    assert got == list(hit_probability(pipeline, sample))


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


def test_user_text_is_escaped_in_messages(client, known):
    name = "<script>alert('x')</script>"
    reply = client.post("/api/predict", json=body_of(known) | {name: 1})
    assert reply.status_code == 422
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;: unknown field" in reply.json()["message"]
    assert "<script>" not in reply.text


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


def test_search_finds_artists_and_returns_full_records(client, known):
    found = client.get("/api/tracks", params={"q": "guty cardenas", "limit": 50}).json()["tracks"]
    record = next(t for t in found if t["track"] == KNOWN_TITLE)
    assert record == {
        "track": KNOWN_TITLE,
        "artist": known["artist"],
        "uri": known["uri"],
        "decade": int(known["decade"]),
        "label": "hit" if known["target"] == 1 else "flop",
        "features": {k: v for k, v in body_of(known).items() if k != "decade"},
    }


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


def test_the_page_is_self_contained_and_escapes_the_card(client):
    reply = client.get("/")
    page = reply.text
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in reply.headers["content-security-policy"]
    assert "http://" not in page and "https://" not in page and " src=" not in page
    assert "Test model &lt;small&gt; &amp; quick" in page and DESCRIPTION not in page
    for feature in FEATURES:
        assert f'name="{feature.name}"' in page
    assert 'min="0" max="1" step="any"' in page and 'min="-1" max="11" step="1"' in page
    assert all(f'<option value="{d}"' in page for d in DECADES)
    assert "innerHTML" not in page and "2024-11-27" in page and "what-if" in page.lower()
    assert "0.880" in page  # the card's grouped ROC AUC


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


def test_docs_page_is_served(client):
    reply = client.get("/docs")
    assert reply.status_code == 200 and "/openapi.json" in reply.text
    assert "https://" not in reply.text
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_unknown_routes_and_methods_get_a_message(client):
    assert client.get("/nowhere").json()["message"] == "Not Found"
    reply = client.get("/api/predict")
    assert reply.status_code == 405 and reply.json()["message"] == "Method Not Allowed"


def test_a_missing_model_stops_start_up_with_a_clear_message(tmp_path):
    with pytest.raises(ModelFileError, match="model.skops: file not found .`make model` creates it"):
        with TestClient(create_app(model_dir=tmp_path / "none")):
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
    assert answer == client.post("/api/predict", json=body_of(known)).json()


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
