"""The hit predictor as a small web service: a JSON API and one page, with the model loaded once.

Introduced in chapter 7, Deployment. The student project this book retells served its model from a
Flask page that unpickled the model from disk on every request. Here the saved model (chapter 5,
:func:`hitlib.models.save_model`) and the track catalogue (:func:`hitlib.data.load_tracks`) are loaded
once when the server starts; requests only validate their input and call ``predict_proba``.

Run it with ``make serve`` (uvicorn on http://127.0.0.1:8000) or ``uvicorn hitlib.app:app``.

Routes:
- ``GET /``: the page (search the catalogue, edit the features, see the prediction).
- ``POST /api/predict`` and ``POST /api/predict/batch``: predictions with a what-if attribution.
- ``GET /api/tracks?q=…&limit=…``: catalogue search on title or artist.
- ``GET /health``, ``GET /openapi.json``, ``GET /docs``.

Inputs are checked against :data:`hitlib.features.FEATURES` (type and valid range) and
:data:`hitlib.data.DECADES`; bad input gets HTTP 422 with a ``message`` naming the field, a body over
:data:`MAX_BODY_BYTES` gets 413.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import unicodedata
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, create_model
from starlette.exceptions import HTTPException as StarletteHTTPException

from hitlib.data import DECADES, load_tracks
from hitlib.features import BY_NAME, FEATURE_NAMES, FEATURES, Feature
from hitlib.models import ModelFileError, load_model

MODEL_DIR_VARIABLE = "HITLIB_MODEL_DIR"
DEFAULT_MODEL_DIR = "models/hit_predictor"
MAX_BODY_BYTES = 1_000_000
MAX_BATCH = 500
MAX_QUERY_CHARS = 100
DEFAULT_LIMIT, MAX_LIMIT = 10, 50
TOP_CONTRIBUTIONS = 5
# Accepted and validated, but never given to the model: both come from how the labels were built
# (chapter 1), so a model that used them would learn the construction, not the music.
NOT_MODEL_INPUTS: tuple[str, ...] = ("chorus_hit", "sections")
SPOTIFY_CUTOFF = "2024-11-27"

# ---------------------------------------------------------------------------------------------------
# Request and response shapes, generated from the feature table
# ---------------------------------------------------------------------------------------------------


def _field_text(feature: Feature) -> str:
    """The description of one input field for the OpenAPI schema."""
    note = (
        " Accepted and checked, but not used by the model (it leaks the label)."
        if feature.name in NOT_MODEL_INPUTS
        else ""
    )
    return f"{feature.definition} Unit: {feature.unit}. Valid range: {feature.describe_range()}.{note}"


def _feature_field(feature: Feature) -> tuple[Any, Any]:
    """A pydantic field for one feature: a whole number or a number, within the feature's range."""
    if feature.integer:
        return int, Field(ge=int(feature.low), le=int(feature.high), description=_field_text(feature))
    return float, Field(ge=feature.low, le=feature.high, description=_field_text(feature))


def _known_decade(value: int) -> int:
    """Accept only the decades the dataset has."""
    if value not in DECADES:
        listed = ", ".join(map(str, DECADES))
        raise ValueError(f"decade must be one of {listed}, not {value}")
    return value


Decade = Annotated[
    int,
    AfterValidator(_known_decade),
    WithJsonSchema({"type": "integer", "enum": list(DECADES), "description": "The decade the track belongs to."}),
]

EXAMPLE_TRACK: dict[str, int | float] = {
    "danceability": 0.62,
    "energy": 0.71,
    "key": 7,
    "loudness": -6.3,
    "mode": 1,
    "speechiness": 0.045,
    "acousticness": 0.12,
    "instrumentalness": 0.0,
    "liveness": 0.14,
    "valence": 0.58,
    "tempo": 118.0,
    "duration_ms": 215_000,
    "time_signature": 4,
    "chorus_hit": 36.5,
    "sections": 10,
    "decade": 2000,
}
STRICT = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)

TrackFeatures = create_model(
    "TrackFeatures",
    __config__=ConfigDict(**STRICT, json_schema_extra={"examples": [EXAMPLE_TRACK]}),
    __doc__="The fifteen audio features of one track and its decade; every field is required.",
    **{f.name: _feature_field(f) for f in FEATURES},
    decade=(Decade, ...),
)


class Batch(BaseModel):
    """Several tracks to score at once."""

    model_config = STRICT
    tracks: Annotated[
        list[TrackFeatures],
        Field(
            min_length=1,
            max_length=MAX_BATCH,  # type: ignore[valid-type]
            description=f"1 to {MAX_BATCH} tracks.",
        ),
    ]


class Contribution(BaseModel):
    """What-if for one input: the hit probability minus what it would be with the typical value."""

    feature: str
    label: str
    value: float = Field(description="The track's value.")
    typical: float = Field(description="The catalogue median, the value the what-if puts in its place.")
    change: float = Field(
        description="Hit probability with the track's value minus with the typical value; "
        "positive pushes towards hit. Not a cause: a comparison of two inputs."
    )


class Prediction(BaseModel):
    """The model's answer for one track."""

    probability: float = Field(description="Predicted probability that the track is a hit.")
    label: Literal["hit", "flop"] = Field(
        description="'hit' when the probability is above 0.5 (as the model's own predict)."
    )
    contributions: list[Contribution]
    features_used: list[str] = Field(description="The model's inputs, in its column order.")
    features_ignored: list[str] = Field(description="Accepted and validated but not used by the model.")


class BatchPrediction(BaseModel):
    """One prediction per track, in the order sent."""

    predictions: list[Prediction]


class CatalogueTrack(BaseModel):
    """One track of the dataset, with the label it was given."""

    track: str
    artist: str
    uri: str
    decade: int
    label: Literal["hit", "flop"]
    features: dict[str, int | float]


class TrackList(BaseModel):
    """Catalogue search results."""

    tracks: list[CatalogueTrack]


class Health(BaseModel):
    """Whether the service is up, which model it serves and how many tracks it knows."""

    status: Literal["ok"]
    model_sha256: str
    tracks: int
    features_used: list[str]
    load_per_request: bool


# ---------------------------------------------------------------------------------------------------
# The model, the what-if attribution and the catalogue
# ---------------------------------------------------------------------------------------------------


def typical_values(tracks: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """The catalogue median of each column; for whole-number columns a value that actually occurs."""
    medians = []
    for column in columns:
        whole = column == "decade" or BY_NAME[column].integer
        medians.append(tracks[column].quantile(0.5, interpolation="lower" if whole else "linear"))
    return np.array(medians, dtype=float)


def what_if(
    pipeline: Any, rows: np.ndarray, typical: np.ndarray, columns: Sequence[str], hit_column: int
) -> tuple[np.ndarray, np.ndarray]:
    """Hit probabilities of ``rows`` and, per input, how much lower they are with its typical value.

    Returns ``(probability, change)``, shapes ``(n,)`` and ``(n, k)``; ``change[i, j]`` is the
    probability of row i minus the probability of row i with column j set to ``typical[j]``.
    All variants go to the model in one call.
    """
    n, k = rows.shape
    variants = np.repeat(rows[:, np.newaxis, :], k + 1, axis=1)
    inputs = np.arange(k)
    variants[:, inputs + 1, inputs] = typical
    frame = pd.DataFrame(variants.reshape(n * (k + 1), k), columns=list(columns))
    probability = pipeline.predict_proba(frame)[:, hit_column].reshape(n, k + 1)
    return probability[:, 0], probability[:, :1] - probability[:, 1:]


def top_contributions(
    values: np.ndarray, typical: np.ndarray, change: np.ndarray, columns: Sequence[str], top: int = TOP_CONTRIBUTIONS
) -> list[Contribution]:
    """The ``top`` inputs whose what-if moves the probability most (zero changes left out)."""
    order = [j for j in np.argsort(-np.abs(change), kind="stable")[:top] if change[j] != 0]
    return [
        Contribution(
            feature=columns[j],
            label=_label(columns[j]),
            value=float(values[j]),
            typical=float(typical[j]),
            change=float(change[j]),
        )
        for j in order
    ]


def _label(name: str) -> str:
    """A column's human name ('Danceability'; 'Decade' for the decade)."""
    return BY_NAME[name].label if name in BY_NAME else name.capitalize()


def fold_text(text: str) -> str:
    """Text for matching: accents dropped (NFKD, no combining marks) and case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Catalogue:
    """The dataset's tracks with folded titles and artists for search."""

    tracks: pd.DataFrame
    titles: list[str]
    artists: list[str]

    @classmethod
    def from_tracks(cls, tracks: pd.DataFrame) -> Catalogue:
        """Index a frame from :func:`hitlib.data.load_tracks`."""
        return cls(
            tracks.reset_index(drop=True),
            [fold_text(t) for t in tracks["track"]],
            [fold_text(a) for a in tracks["artist"]],
        )

    def search(self, query: str, limit: int) -> list[CatalogueTrack]:
        """Tracks whose title or artist contains ``query`` (folded): title matches first, then artist."""
        needle = fold_text(query)
        by_title = [i for i, title in enumerate(self.titles) if needle in title]
        if len(by_title) < limit:
            seen = set(by_title)
            by_title += [i for i, artist in enumerate(self.artists) if needle in artist and i not in seen]
        return [self.record(i) for i in by_title[:limit]]

    def record(self, index: int) -> CatalogueTrack:
        """One catalogue row as a response record."""
        row = self.tracks.iloc[index]
        features = {f.name: (int(row[f.name]) if f.integer else float(row[f.name])) for f in FEATURES}
        return CatalogueTrack(
            track=row["track"],
            artist=row["artist"],
            uri=row["uri"],
            decade=int(row["decade"]),
            label="hit" if row["target"] == 1 else "flop",
            features=features,
        )


@dataclass(frozen=True)
class Service:
    """Everything a request needs, built once at start-up."""

    pipeline: Any
    card: dict[str, Any]
    columns: list[str]
    typical: np.ndarray
    hit_column: int
    catalogue: Catalogue
    model_dir: Path
    load_per_request: bool
    page: str
    threads: Any

    def pipeline_for_request(self) -> Any:
        """The loaded model; or, in the original project's design, a fresh copy read from disk."""
        return load_model(self.model_dir)[0] if self.load_per_request else self.pipeline

    def predict(self, tracks: Sequence[BaseModel]) -> list[Prediction]:
        """Score tracks with their what-if contributions."""
        rows = np.array([[getattr(t, c) for c in self.columns] for t in tracks], dtype=float)
        with self.one_thread():
            probability, change = what_if(
                self.pipeline_for_request(), rows, self.typical, self.columns, self.hit_column
            )
        ignored = [name for name in FEATURE_NAMES if name not in self.columns]
        return [
            Prediction(
                probability=float(p),
                label="hit" if p > 0.5 else "flop",
                contributions=top_contributions(rows[i], self.typical, change[i], self.columns),
                features_used=self.columns,
                features_ignored=ignored,
            )
            for i, p in enumerate(probability)
        ]

    @contextmanager
    def one_thread(self) -> Iterator[None]:
        """Keep the trees' OpenMP to one thread: requests already run side by side in threads."""
        with self.threads.limit(limits=1, user_api="openmp"):
            yield


def resolve_model_dir(model_dir: str | Path | None) -> Path:
    """The argument, else ``$HITLIB_MODEL_DIR``, else ``models/hit_predictor``; relative to the cwd."""
    chosen = model_dir if model_dir is not None else os.environ.get(MODEL_DIR_VARIABLE) or DEFAULT_MODEL_DIR
    return Path(chosen).resolve()


def start_service(model_dir: str | Path | None, data_dir: str | Path | None, load_per_request: bool) -> Service:
    """Load the model and the catalogue and prepare the page; raise ModelFileError for a bad model."""
    from threadpoolctl import ThreadpoolController

    folder = resolve_model_dir(model_dir)
    pipeline, card = load_model(folder)
    columns = list(card.get("features", []))
    unknown = [c for c in columns if c not in FEATURE_NAMES and c != "decade"]
    if not columns or unknown:
        raise ModelFileError(f"{folder}: the card's features {unknown or columns} are not inputs this app knows")
    tracks = load_tracks(data_dir=data_dir)
    typical = typical_values(tracks, columns)
    page = render_page(card, columns, typical_values(tracks, [*FEATURE_NAMES, "decade"]))
    return Service(
        pipeline=pipeline,
        card=card,
        columns=columns,
        typical=typical,
        hit_column=list(pipeline.classes_).index(1),
        catalogue=Catalogue.from_tracks(tracks),
        model_dir=folder,
        load_per_request=load_per_request,
        page=page,
        threads=ThreadpoolController(),
    )


# ---------------------------------------------------------------------------------------------------
# Errors: a message that names the field, user text escaped
# ---------------------------------------------------------------------------------------------------


def clean_text(text: object, limit: int = 80) -> str:
    """User text safe to echo: shortened, unencodable characters replaced, HTML-escaped."""
    value = str(text)
    value = value if len(value) <= limit else value[:limit] + "…"
    return html.escape(value.encode("utf-8", "replace").decode("utf-8"))


def field_path(location: Sequence[object]) -> str:
    """``('body', 'tracks', 3, 'energy')`` -> ``tracks[3].energy``; ``('query', 'q')`` -> ``q``."""
    path = ""
    for part in location[1:]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or str(location[0] if location else "body")


def describe(error: dict[str, Any]) -> str:
    """One validation error as a sentence that starts with the field it is about."""
    location = error.get("loc", ())
    if error.get("type") == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "malformed")
        return f"body: not valid JSON at character {clean_text(location[-1])} ({clean_text(reason)})"
    where = clean_text(field_path(location))
    if error.get("type") == "extra_forbidden":
        return f"{where}: unknown field; send only the 15 features and decade"
    if error.get("type") == "missing":
        return f"{where}: this field is required"
    if tuple(location) == ("body",):
        return "body: expected a JSON object (sent with Content-Type: application/json)"
    return f"{where}: {clean_text(str(error.get('msg', 'invalid value')).removeprefix('Value error, '), 300)}"


def problem(status: int, messages: list[str], detail: object = None) -> JSONResponse:
    """An error response: ``message`` (sentences for a person) and ``detail`` (machine-readable)."""
    shown = messages[:5] + ([f"and {len(messages) - 5} more problems"] if len(messages) > 5 else [])
    return JSONResponse(
        {"message": "; ".join(shown), "detail": detail if detail is not None else messages}, status_code=status
    )


async def validation_problem(request: Request, error: Exception) -> JSONResponse:
    """HTTP 422 for any request that does not fit the schema, naming each field."""
    errors = error.errors() if isinstance(error, RequestValidationError) else []
    detail = [
        {"field": clean_text(field_path(e.get("loc", ()))), "type": str(e.get("type", "")), "problem": describe(e)}
        for e in errors[:50]
    ]
    return problem(422, [describe(e) for e in errors] or ["invalid request"], detail)


async def http_problem(request: Request, error: Exception) -> JSONResponse:
    """Other HTTP errors (404, 405, an unreadable body) in the same shape as the 422s."""
    status = getattr(error, "status_code", 400)
    response = problem(status, [clean_text(getattr(error, "detail", "bad request"), 300)])
    response.headers.update(getattr(error, "headers", None) or {})
    return response


def invalid_query(name: str, sentence: str) -> RequestValidationError:
    """A 422 for a query parameter that passed its type check but is still unusable."""
    return RequestValidationError([{"type": "value_error", "loc": ("query", name), "msg": sentence}])


class BodyLimit:
    """ASGI middleware: refuse a request body over ``max_bytes`` with 413, declared or streamed.

    A declared Content-Length is checked before reading; a body sent without one (chunked) is read
    up to the limit and refused as soon as it goes over. The app then gets the body already read.
    """

    def __init__(self, app: Callable[..., Awaitable[None]], max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self.refuse(scope, receive, send, declared.isdigit())
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.max_bytes:
                await self.refuse(scope, receive, send, True)
                return
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def refuse(self, scope: dict, receive: Callable, send: Callable, too_large: bool) -> None:
        """Answer 413 (or 400 for a Content-Length that is not a number)."""
        if too_large:
            response = problem(
                413,
                [
                    f"body: the request body is larger than the limit of {self.max_bytes:,} "
                    f"bytes (at most {MAX_BATCH} tracks per batch)"
                ],
            )
        else:
            response = problem(400, ["Content-Length: not a number"])
        await response(scope, receive, send)


def _replay(body: bytes, receive: Callable) -> Callable:
    """A ``receive`` that hands over the body already read, then waits on the real one."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> dict:
        return pending.pop() if pending else await receive()

    return replay


# ---------------------------------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------------------------------


def get_service(request: Request) -> Service:
    """The service built at start-up."""
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]


def predict(track: TrackFeatures, service: ServiceDep) -> Prediction:  # type: ignore[valid-type]
    """Hit probability of one track, with the inputs whose what-if moves it most.

    All 15 features and ``decade`` are required and checked; ``chorus_hit`` and ``sections`` are
    accepted but not used by the model (see ``features_ignored``). Each contribution is the hit
    probability minus the probability with that one input set to its catalogue median: a what-if
    comparison, not a cause.
    """
    return service.predict([track])[0]


def predict_batch(batch: Batch, service: ServiceDep) -> BatchPrediction:
    """Predictions for 1 to 500 tracks at once, in the order sent (bodies over 1 MB get 413)."""
    return BatchPrediction(predictions=service.predict(batch.tracks))


def search_tracks(
    service: ServiceDep,
    q: Annotated[
        str,
        Query(
            min_length=1, max_length=MAX_QUERY_CHARS, description="Part of a title or artist; case and accents ignored."
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many tracks at most.")] = DEFAULT_LIMIT,
) -> TrackList:
    """Catalogue tracks whose title or artist contains ``q``, with features, decade and true label."""
    if not fold_text(q).strip():
        raise invalid_query("q", "must contain at least one letter, digit or symbol besides spaces and accents")
    return TrackList(tracks=service.catalogue.search(q.strip(), limit))


def health(service: ServiceDep) -> Health:
    """Status, the served model's SHA-256 (from its card) and the catalogue size."""
    return Health(
        status="ok",
        model_sha256=str(service.card.get("sha256", "")),
        tracks=len(service.catalogue.tracks),
        features_used=service.columns,
        load_per_request=service.load_per_request,
    )


def home(service: ServiceDep) -> HTMLResponse:
    """The predictor page."""
    return HTMLResponse(service.page, headers=page_headers(service.page))


def add_docs(app: FastAPI) -> None:
    """``/docs`` and ``/redoc`` served from the Swagger UI and ReDoc files of ``fastapi-offline``, so
    the API description is readable without the internet (FastAPI's own pages load them from a CDN)."""
    import fastapi_offline
    from fastapi.staticfiles import StaticFiles

    assets = Path(fastapi_offline.__file__).parent / "static"
    title = f"{app.title} – API"
    app.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")
    app.get("/docs", include_in_schema=False)(
        lambda: get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=title,
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon.png",
        )
    )
    app.get("/redoc", include_in_schema=False)(
        lambda: get_redoc_html(
            openapi_url="/openapi.json",
            title=title,
            redoc_js_url="/docs-assets/redoc.standalone.js",
            redoc_favicon_url="/docs-assets/favicon.png",
            with_google_fonts=False,
        )
    )


API_DESCRIPTION = f"""
Predicts whether a track is a Billboard Hot-100 hit from its Spotify audio features, with the book's
saved model (chapter 5). Send all 15 features of the dataset and the `decade`; each is checked for
type and valid range (HTTP 422 with a `message` naming the field). `chorus_hit` and `sections` are
accepted and checked but **not used by the model**: they leak the label by construction.

Contributions are a what-if: the hit probability minus the probability with that one input replaced
by its catalogue median. They describe the model, not why a song succeeds.

Limits: request bodies up to {MAX_BODY_BYTES:,} bytes (413 above), batches of 1 to {MAX_BATCH} tracks,
search results up to {MAX_LIMIT}. The labels were constructed (hits: on the Hot-100; flops: tracks
from non-mainstream genres), and Spotify no longer serves audio features to new apps since
{SPOTIFY_CUTOFF}.
"""


def create_app(
    model_dir: str | Path | None = None, data_dir: str | Path | None = None, *, load_per_request: bool = False
) -> FastAPI:
    """The predictor app; the model and catalogue load when it starts (FastAPI lifespan).

    ``model_dir`` defaults to ``$HITLIB_MODEL_DIR``, else ``models/hit_predictor`` (relative to the
    current directory); a missing or altered model stops start-up with :class:`ModelFileError`.
    ``data_dir`` is passed to :func:`hitlib.data.load_tracks`. ``load_per_request=True`` reads the
    model from disk on every predict request, as the original project did; it exists only so
    ``tools/load_run.py`` can measure what that costs.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.service = start_service(model_dir, data_dir, load_per_request)
        yield

    app = FastAPI(
        title="Hit or Flop? predictor",
        version="1.0",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_exception_handler(RequestValidationError, validation_problem)
    app.add_exception_handler(StarletteHTTPException, http_problem)
    app.get("/", response_class=HTMLResponse, include_in_schema=False)(home)
    app.post("/api/predict", response_model=Prediction, summary="Predict one track")(predict)
    app.post("/api/predict/batch", response_model=BatchPrediction, summary="Predict many tracks")(predict_batch)
    app.get("/api/tracks", response_model=TrackList, summary="Search the catalogue")(search_tracks)
    app.get("/health", response_model=Health, summary="Service status")(health)
    add_docs(app)
    return app


# ---------------------------------------------------------------------------------------------------
# The page: built once at start-up; data goes into it escaped, and the script uses textContent only
# ---------------------------------------------------------------------------------------------------

PAGE_STYLE = """
:root { --hit: #0072b2; --flop: #d55e00; --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--ink); margin: 0 auto; max-width: 62rem; padding: 1rem; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid var(--line); }
.lead, .muted, .unit { color: var(--muted); }
#search { width: 100%; padding: .5rem; font-size: 1rem; }
#results { list-style: none; padding: 0; margin: .3rem 0; }
#results button { width: 100%; text-align: left; padding: .35rem .5rem; border: 1px solid var(--line);
  background: #fafafa; cursor: pointer; font: inherit; }
#results button:hover, #results button:focus { background: #eef4fb; }
form .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .7rem 1rem; }
form label { display: block; font-weight: 600; }
form input, form select { width: 100%; padding: .3rem; font: inherit; }
.unused label { font-weight: 400; }
button[type=submit] { margin-top: 1rem; padding: .5rem 1.5rem; font: inherit; font-weight: 600; }
#result { border: 1px solid var(--line); padding: 1rem; margin-top: 1rem; }
#probability { font-size: 2rem; font-weight: 700; }
.hit { color: var(--hit); } .flop { color: var(--flop); }
#contributions li { margin: .2rem 0; }
.bar { display: inline-block; height: .7rem; vertical-align: middle; margin-right: .4rem; }
.bar.hit { background: var(--hit); } .bar.flop { background: var(--flop); }
#error { color: #a50e0e; font-weight: 600; }
table { border-collapse: collapse; } td, th { padding: .2rem .8rem .2rem 0; text-align: left; }
[hidden] { display: none !important; }
"""

PAGE_SCRIPT = """
"use strict";
const $ = (id) => document.getElementById(id);
const form = $("predict-form");
const inputs = Array.from(form.querySelectorAll("[data-feature]"));
let chosen = null;
let searchTimer = null;

function show(id, text) { $(id).textContent = text; }
function percent(p) { return (100 * p).toFixed(1) + " %"; }
function number(x) { return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))); }

async function getJson(response) {
  const data = await response.json().catch(() => ({}));
  if (!response.ok) { throw new Error(data.message || ("HTTP " + response.status)); }
  return data;
}

function describeChosen() {
  if (!chosen) { show("chosen", "No catalogue track chosen: the values are your own."); return; }
  show("chosen", "Chosen: \u201c" + chosen.track + "\u201d by " + chosen.artist + " (" + chosen.decade + "s)");
}

function fill(track) {
  for (const input of inputs) {
    const name = input.dataset.feature;
    input.value = String(name === "decade" ? track.decade : track.features[name]);
  }
  chosen = track;
  describeChosen();
  $("results").replaceChildren();
  $("truth").hidden = true;
}

async function search() {
  const q = $("search").value.trim();
  const list = $("results");
  if (!q) { list.replaceChildren(); show("search-note", ""); return; }
  try {
    const data = await getJson(await fetch("/api/tracks?limit=10&q=" + encodeURIComponent(q)));
    const items = data.tracks.map((track) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = track.track + " \u2014 " + track.artist + " \u00b7 " + track.decade + "s";
      button.addEventListener("click", () => fill(track));
      const item = document.createElement("li");
      item.append(button);
      return item;
    });
    list.replaceChildren(...items);
    show("search-note", items.length ? "" : "No track matches.");
  } catch (error) { list.replaceChildren(); show("search-note", error.message); }
}

function contributionItem(c) {
  const item = document.createElement("li");
  const bar = document.createElement("span");
  bar.className = "bar " + (c.change > 0 ? "hit" : "flop");
  bar.style.width = Math.min(12, 0.3 + 60 * Math.abs(c.change)) + "rem";
  const points = Math.abs(100 * c.change).toFixed(1);
  const text = document.createElement("span");
  text.textContent = c.label + " = " + number(c.value) + ": with the typical " + number(c.typical) +
    " instead, the probability would be " + (c.change > 0 ? "lower" : "higher") + " by " +
    points + " percentage points (pushes towards " + (c.change > 0 ? "hit" : "flop") + ")";
  item.append(bar, text);
  return item;
}

async function predict(event) {
  event.preventDefault();
  show("error", "");
  if (!form.reportValidity()) { return; }
  const body = {};
  for (const input of inputs) { body[input.dataset.feature] = Number(input.value); }
  try {
    const data = await getJson(await fetch("/api/predict", {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)}));
    show("probability", percent(data.probability));
    show("label", data.label);
    $("label").className = data.label;
    $("contributions").replaceChildren(...data.contributions.map(contributionItem));
    show("no-contributions", data.contributions.length ? "" : "No single input changes the probability.");
    show("ignored", data.features_ignored.join(", "));
    if (chosen) {
      show("truth-label", chosen.label);
      $("truth-label").className = chosen.label;
      show("truth-decade", chosen.decade + "s");
    }
    $("truth").hidden = !chosen;
    $("result").hidden = false;
  } catch (error) { show("error", error.message); }
}

$("search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 200); });
form.addEventListener("input", () => { if (chosen) { chosen = null; describeChosen(); } });
form.addEventListener("submit", predict);
describeChosen();
"""


def _attr(value: object) -> str:
    """A value for an HTML attribute or text, escaped."""
    return html.escape(str(value), quote=True)


def _number(value: float) -> str:
    """A short decimal for a form default (whole numbers without a point)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


def _input_html(feature: Feature, default: float, used: bool) -> str:
    """One labelled number input with min, max, step and a default from the catalogue."""
    step = "1" if feature.integer else "any"
    note = "" if used else " · not used by the model"
    return (
        f'<div class="{"used" if used else "unused"}"><label for="f-{_attr(feature.name)}">'
        f'{_attr(feature.label)} <span class="unit">({_attr(feature.unit)}, {_attr(feature.describe_range())}'
        f'{note})</span></label><input id="f-{_attr(feature.name)}" name="{_attr(feature.name)}" '
        f'data-feature="{_attr(feature.name)}" type="number" required min="{_number(feature.low)}" '
        f'max="{_number(feature.high)}" step="{step}" value="{_number(default)}" '
        f'title="{_attr(feature.definition)}"></div>'
    )


def _decade_html(default: float) -> str:
    """The decade as a choice among the dataset's decades."""
    options = "".join(f'<option value="{d}"{" selected" if d == int(default) else ""}>{d}s</option>' for d in DECADES)
    return (
        f'<div class="used"><label for="f-decade">Decade <span class="unit">(1960s – 2010s)</span></label>'
        f'<select id="f-decade" name="decade" data-feature="decade" required>{options}</select></div>'
    )


def _metrics_html(card: dict[str, Any]) -> str:
    """The model card's metrics as table rows."""
    rows = "".join(
        f"<tr><th>{_attr(name)}</th><td>{float(value):.3f}</td></tr>" for name, value in card.get("metrics", {}).items()
    )
    return f"<table>{rows}</table>" if rows else "<p>The model card lists no metrics.</p>"


def render_page(card: dict[str, Any], columns: Sequence[str], defaults: np.ndarray) -> str:
    """The whole page: form defaults are catalogue medians; every data string is escaped."""
    default = dict(zip([*FEATURE_NAMES, "decade"], defaults, strict=True))
    fields = "".join(_input_html(f, default[f.name], f.name in columns) for f in FEATURES)
    versions = ", ".join(f"{k} {v}" for k, v in card.get("versions", {}).items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hit or Flop? – the predictor</title><link rel="icon" href="data:,"><style>{PAGE_STYLE}</style></head>
<body>
<h1>Hit or Flop?</h1>
<p class="lead">The book's model (chapter 5) as a web page: pick a track from the dataset or type in audio
features, and see how likely the model thinks a Billboard Hot-100 hit is.</p>

<h2>1. Find a track</h2>
<label for="search">Title or artist (case and accents do not matter)</label>
<input id="search" type="search" maxlength="{MAX_QUERY_CHARS}" autocomplete="off" placeholder="e.g. jealous kind">
<ul id="results" aria-live="polite"></ul><p id="search-note" class="muted"></p>

<h2>2. The features</h2>
<p id="chosen" class="muted"></p>
<form id="predict-form" novalidate>
<div class="grid">{fields}{_decade_html(default["decade"])}</div>
<button type="submit">Predict</button> <span id="error" role="alert"></span>
</form>

<section id="result" hidden aria-live="polite">
<p>Hit probability: <span id="probability"></span> — the model says <strong id="label"></strong></p>
<p id="truth" hidden>In the dataset this track is labelled <strong id="truth-label"></strong>,
decade <span id="truth-decade"></span>.</p>
<h3>The inputs that pushed it most</h3>
<p class="muted">A what-if, not a cause: for each input, how the probability changes when that one value is
replaced by the catalogue median and everything else stays as it is.</p>
<ul id="contributions"></ul><p id="no-contributions" class="muted"></p>
<p class="muted">Not used by the model: <span id="ignored"></span> (they leak the label by construction).</p>
</section>

<h2>About the model</h2>
<p>{_attr(card.get("description", ""))}</p>
<p>Measured honestly, with artist-grouped cross-validation (chapter 5):</p>
{_metrics_html(card)}
<p class="muted">Inputs: {_attr(", ".join(columns))}. Model SHA-256 {_attr(str(card.get("sha256", ""))[:16])}…;
{_attr(versions)}.</p>

<h2>Limits</h2>
<ul>
<li>The labels were constructed: a hit is a track that was on the Hot-100 in its decade; a flop is a track
picked from non-mainstream genres of that decade. The model learns that contrast, not what makes a song succeed.</li>
<li>Flops are mostly niche genres, so a “flop” here means “sounds unlike the charts”,
not “a hit that failed”.</li>
<li>Spotify no longer serves audio features to new apps (since {SPOTIFY_CUTOFF}), so a new song cannot be scored
from Spotify any more; the catalogue and your own values are what this page can use.</li>
</ul>
<script>{PAGE_SCRIPT}</script>
</body></html>
"""


def _csp_hash(text: str) -> str:
    """A Content-Security-Policy source for one inline block."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def page_headers(page: str) -> dict[str, str]:
    """Headers for the page: only its own inline script and style, requests only to this server."""
    policy = (
        f"default-src 'none'; script-src {_csp_hash(PAGE_SCRIPT)}; style-src {_csp_hash(PAGE_STYLE)}; "
        "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


app = create_app()
