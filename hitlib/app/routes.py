"""The predictor's routes: the page, the JSON API and the status.

Introduced in *Deployment: a predictor people can use*.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from hitlib.app.schemas import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_QUERY_CHARS,
    SPOTIFY_CUTOFF,
    Batch,
    BatchPrediction,
    Health,
    PageConfig,
    Prediction,
    TrackFeatures,
    TrackList,
)
from hitlib.app.service import Service, fold_text

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
# The page loads its script and stylesheet from this server and talks only to it: no inline code at all.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

router = APIRouter()


def get_service(request: Request) -> Service:
    """The service built at start-up."""
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]


@router.post("/api/predict", response_model=Prediction, summary="Predict one track")
def predict(track: TrackFeatures, service: ServiceDep) -> Prediction:  # type: ignore[valid-type]
    """Hit probability of one track, with the inputs whose what-if moves it most.

    All 15 features and ``decade`` are required and checked; ``chorus_hit`` and ``sections`` are
    accepted but not used by the model (see ``features_ignored``). Each contribution is the hit
    probability minus the probability with that one input set to its catalogue median: a what-if
    comparison, not a cause.
    """
    return service.predict([track])[0]


@router.post("/api/predict/batch", response_model=BatchPrediction, summary="Predict many tracks")
def predict_batch(batch: Batch, service: ServiceDep) -> BatchPrediction:
    """Predictions for 1 to 500 tracks at once (``MAX_BATCH``), in the order sent (bodies over 1 MB get 413)."""
    return BatchPrediction(predictions=service.predict(batch.tracks))


def invalid_query(name: str, sentence: str) -> RequestValidationError:
    """A 422 for a query parameter that passed its type check but is still unusable."""
    return RequestValidationError([{"type": "value_error", "loc": ("query", name), "msg": sentence}])


@router.get("/api/tracks", response_model=TrackList, summary="Search the catalogue")
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
    """Catalogue tracks whose title or artist contains ``q``, with features, decade, true label and
    out-of-fold hit probability (from the artist-grouped fold that did not train on the track)."""
    if not fold_text(q).strip():
        raise invalid_query("q", "must contain at least one letter, digit or symbol besides spaces and accents")
    return TrackList(tracks=service.catalogue.search(q.strip(), limit))


@router.get("/api/config", response_model=PageConfig, summary="The predictor page's configuration")
def config(service: ServiceDep) -> dict[str, Any]:
    """The form's inputs (ranges, defaults: the catalogue medians), the hit/flop colours and the model's
    facts; the book's predictor page reads the same from its ``predictor.json``."""
    return service.config


@router.get("/health", response_model=Health, summary="Service status")
def health(service: ServiceDep) -> Health:
    """Status, the served model's SHA-256 (from its card) and the catalogue size."""
    return Health(
        status="ok",
        model_sha256=str(service.card.get("sha256", "")),
        tracks=len(service.catalogue.tracks),
        features_used=service.columns,
        load_per_request=service.load_per_request,
    )


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, service: ServiceDep) -> HTMLResponse:
    """The predictor page (the template escapes every value it inserts)."""
    context = {"card": service.card, "columns": service.columns, "spotify_cutoff": SPOTIFY_CUTOFF}
    return TEMPLATES.TemplateResponse(request, "index.html", context, headers=PAGE_HEADERS)
