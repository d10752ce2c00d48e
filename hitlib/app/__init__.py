"""The hit predictor as a small web service: a JSON API and one page, with the model loaded once.

Introduced in *Deployment: a predictor people can use*. The student project this book retells served its model from a
Flask page that unpickled the model from disk on every request. Here the model directory that
``make model`` writes (:mod:`hitlib.build`) and the track catalogue (:func:`hitlib.data.load_tracks`)
are loaded once when the server starts; requests are validated and scored with ``model.onnx`` in one
onnxruntime session (the file the book's predictor page runs in the browser).

Run it with ``make serve`` (uvicorn on http://127.0.0.1:8000) or ``uvicorn hitlib.app:app``.

Routes (:mod:`hitlib.app.routes`):
- ``GET /``: the page (search the catalogue, edit the features, see the prediction); its script and
  stylesheet (``static/``) are the ones the book's predictor page uses;
- ``POST /api/predict`` and ``POST /api/predict/batch``: predictions with a what-if attribution;
- ``GET /api/tracks?q=…&limit=…``: catalogue search on title or artist, with out-of-fold probabilities;
- ``GET /api/config``: the page's inputs, defaults and colours; ``GET /health``;
- ``GET /openapi.json``, ``GET /docs`` and ``GET /redoc`` (served offline by ``fastapi-offline``).

The package: :mod:`~hitlib.app.schemas` (request and response shapes from :data:`hitlib.features.FEATURES`),
:mod:`~hitlib.app.service` (model, catalogue, what-if, search), :mod:`~hitlib.app.frontend` (the page
configuration both front-ends read), :mod:`~hitlib.app.errors` (JSON errors, body limit),
:mod:`~hitlib.app.routes`, ``templates/index.html`` and ``static/predictor.js``/``predictor.css``.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from hitlib.app.errors import add_error_handling
from hitlib.app.routes import router
from hitlib.app.schemas import MAX_BATCH, MAX_BODY_BYTES, MAX_LIMIT, SPOTIFY_CUTOFF
from hitlib.app.service import start_service

STATIC_DIR = Path(__file__).parent / "static"

API_DESCRIPTION = f"""
Predicts whether a track is a Billboard Hot-100 hit from its Spotify audio features, with the book's
model (`make model`, the book's gradient boosting). Send all 15 features of the dataset and the `decade`;
each is checked for type and valid range (HTTP 422 with a `message` naming the field). `chorus_hit` and
`sections` are accepted and checked but **not used by the model**: they leak the label by construction.

Contributions are a what-if: the hit probability minus the probability with that one input replaced
by its catalogue median. They describe the model, not why a song succeeds. Catalogue tracks come with
their out-of-fold probability (artist-grouped cross-validation), never the served model's own score of
a track it was trained on.

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
    current directory); a missing or altered model stops start-up with :class:`hitlib.models.ModelFileError`.
    ``data_dir`` is passed to :func:`hitlib.data.load_tracks`. ``load_per_request=True`` reads the
    model from disk on every predict request and scores with scikit-learn, as the original project did;
    it exists only so ``tools/load_run.py`` can measure what that costs.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.service = start_service(model_dir, data_dir, load_per_request)
        yield

    app = FastAPIOffline(
        title="Hit or Flop? predictor",
        version="1.0",
        description=API_DESCRIPTION,
        lifespan=lifespan,
    )
    add_error_handling(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(router)
    return app


app = create_app()

__all__ = ["app", "create_app"]
