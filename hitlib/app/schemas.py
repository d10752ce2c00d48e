"""Request and response shapes of the predictor API, generated from the feature table.

Introduced in *Deployment: a predictor people can use*. Every input field comes from :data:`hitlib.features.INPUTS`
(type, valid range, description), so the API, its OpenAPI schema and the glossary cannot disagree.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from hitlib.features import INPUTS, Feature
from hitlib.models import LEAKY_FEATURES

MAX_BODY_BYTES = 1_000_000
MAX_BATCH = 500
MAX_QUERY_CHARS = 100
DEFAULT_LIMIT, MAX_LIMIT = 10, 50
TOP_CONTRIBUTIONS = 5
SPOTIFY_CUTOFF = "2024-11-27"


def _field_text(feature: Feature) -> str:
    """The description of one input field for the OpenAPI schema."""
    note = (
        " Accepted and checked, but not used by the model (it leaks the label)."
        if feature.name in LEAKY_FEATURES
        else ""
    )
    return f"{feature.definition} Unit: {feature.unit}. Valid range: {feature.describe_range()}.{note}"


def _feature_field(feature: Feature) -> tuple[Any, Any]:
    """A pydantic field for one input: one of its choices, a whole number or a number, within its range."""
    if feature.choices:
        return _one_of(feature), ...
    if feature.integer:
        return int, Field(ge=int(feature.low), le=int(feature.high), description=_field_text(feature))
    return float, Field(ge=feature.low, le=feature.high, description=_field_text(feature))


def _one_of(feature: Feature) -> Any:
    """A whole number that must be one of the feature's choices (the decades the dataset has)."""
    listed = ", ".join(map(str, feature.choices))

    def known(value: int) -> int:
        if value not in feature.choices:
            raise ValueError(f"{feature.name} must be one of {listed}, not {value}")
        return value

    schema = {"type": "integer", "enum": list(feature.choices), "description": feature.definition}
    return Annotated[int, AfterValidator(known), WithJsonSchema(schema)]


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
    **{f.name: _feature_field(f) for f in INPUTS},
)


class Batch(BaseModel):
    """Several tracks to score at once."""

    model_config = STRICT
    tracks: Annotated[
        list[TrackFeatures],  # type: ignore[valid-type]
        Field(min_length=1, max_length=MAX_BATCH, description=f"1 to {MAX_BATCH} tracks."),
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
    """One track of the dataset, with the label it was given and its out-of-fold hit probability."""

    track: str
    artist: str
    uri: str
    decade: int
    label: Literal["hit", "flop"]
    probability: float = Field(
        description="Out-of-fold hit probability: from the artist-grouped cross-validation fold whose model "
        "never saw this artist (the served model trained on every track, so its own score would flatter it)."
    )
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


class InputSpec(BaseModel):
    """One input of the predictor form: what it means, its valid range and its default."""

    name: str
    label: str
    unit: str
    definition: str
    range: str = Field(description="The valid range as text.")
    low: float
    high: float
    integer: bool
    used: bool = Field(description="Whether the model reads it (chorus_hit and sections are not).")
    default: float = Field(description="The catalogue median (a value that occurs, for whole numbers).")
    choices: list[int] | None = Field(default=None, description="The allowed values, when only a few are.")


class ModelFacts(BaseModel):
    """What the page says about the served model."""

    description: str
    sha256: str
    metrics: dict[str, float]
    versions: dict[str, str]


class PageConfig(BaseModel):
    """Everything the predictor page needs besides the model: the same for the app and the book."""

    inputs: list[InputSpec]
    model_inputs: list[str] = Field(description="The model's inputs, in its column order.")
    colors: dict[str, str] = Field(description="The book's hit and flop colours (hitlib.plotting.HIT_COLORS).")
    model: ModelFacts
    top_contributions: int
    search_limit: int
    max_query_chars: int
