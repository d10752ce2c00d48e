"""What each column of the dataset means: one table reused by the glossary, the plots and the web app.

Introduced in *The data tour*.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feature:
    """One column of the dataset with its meaning, unit and the range a valid value lies in."""

    name: str
    label: str
    definition: str
    unit: str
    low: float
    high: float
    integer: bool = False
    choices: tuple[int, ...] = ()  # the only values allowed, when a column takes a few spaced-out values

    def describe_range(self) -> str:
        """The valid range as text, e.g. ``0 – 1``, ``0, 1, …, 11`` or, for the decades, ``1960s – 2010s``."""
        if self.choices:
            return f"{self.choices[0]}s – {self.choices[-1]}s"
        if self.integer and self.high - self.low <= 12:
            values = [str(v) for v in range(int(self.low), int(self.high) + 1)]
            return ", ".join(values) if len(values) <= 3 else f"{values[0]}, {values[1]}, …, {values[-1]}"
        return f"{self.low:g} – {self.high:g}"


# Definitions are written for this book from Spotify's Web API reference and the dataset's own notes.
# Ranges are what Spotify can return (or, for the dataset's own columns, what its construction allows);
# they are wide enough for every row of the published files and are used to reject impossible input.
FEATURES: tuple[Feature, ...] = (
    Feature(
        "danceability",
        "Danceability",
        "How suitable the track is for dancing, judged from tempo, rhythm stability, beat strength "
        "and regularity; 0 is least danceable, 1 most.",
        "score",
        0,
        1,
    ),
    Feature(
        "energy",
        "Energy",
        "A perceptual measure of intensity and activity built from dynamic range, loudness, timbre "
        "and onset rate: loud, fast, noisy tracks score near 1, a quiet solo piano piece near 0.",
        "score",
        0,
        1,
    ),
    Feature(
        "key",
        "Key",
        "The estimated key as a pitch class: 0 is C, 1 is C♯/D♭, … 11 is B; -1 when no key was found.",
        "pitch class",
        -1,
        11,
        integer=True,
    ),
    Feature(
        "loudness",
        "Loudness",
        "The average loudness of the whole track in decibels relative to full scale; "
        "most tracks lie between -60 and 0 dB.",
        "dB",
        -60,
        5,
    ),
    Feature(
        "mode", "Mode", "Whether the melodic content is in a major (1) or minor (0) key.", "flag", 0, 1, integer=True
    ),
    Feature(
        "speechiness",
        "Speechiness",
        "How much of the track is spoken words: above about 0.66 almost all speech, 0.33–0.66 a mix "
        "such as rap, below 0.33 mostly music.",
        "score",
        0,
        1,
    ),
    Feature(
        "acousticness",
        "Acousticness",
        "Confidence that the track is acoustic rather than electronically produced.",
        "score",
        0,
        1,
    ),
    Feature(
        "instrumentalness",
        "Instrumentalness",
        "Confidence that the track has no vocals; values above 0.5 suggest an instrumental.",
        "score",
        0,
        1,
    ),
    Feature(
        "liveness",
        "Liveness",
        "Confidence that an audience can be heard, i.e. that the recording is live; above 0.8 very likely live.",
        "score",
        0,
        1,
    ),
    Feature(
        "valence",
        "Valence",
        "How musically positive the track sounds: high values cheerful or euphoric, low values sad, angry or gloomy.",
        "score",
        0,
        1,
    ),
    Feature("tempo", "Tempo", "The estimated overall tempo in beats per minute.", "BPM", 0, 300),
    Feature("duration_ms", "Duration", "The length of the track in milliseconds.", "ms", 1, 7_200_000, integer=True),
    Feature(
        "time_signature",
        "Time signature",
        "The estimated number of beats in each bar (3 for a waltz, 4 for most pop); "
        "0 or 1 when the analysis found no clear metre.",
        "beats per bar",
        0,
        7,
        integer=True,
    ),
    Feature(
        "chorus_hit",
        "Chorus hit",
        "The dataset author's estimate of when the chorus starts: the start of the third section of "
        "Spotify's audio analysis (an earlier section, or 0, when there are fewer sections).",
        "s",
        0,
        7_200,
    ),
    Feature(
        "sections",
        "Sections",
        "The number of sections (verse, chorus, bridge, …) Spotify's audio analysis found.",
        "count",
        0,
        1_000,
        integer=True,
    ),
)

# The decade is not a column of the files: each file holds one decade, and hitlib.data adds the column.
# It is a model input all the same (*Gradient boosting and the leaderboard* adds it), so the app and the
# glossary describe it like the rest.
DECADES: tuple[int, ...] = (1960, 1970, 1980, 1990, 2000, 2010)
DECADE = Feature(
    "decade",
    "Decade",
    "The decade the track belongs to.",
    "decade",
    DECADES[0],
    DECADES[-1],
    integer=True,
    choices=DECADES,
)

TARGET = Feature(
    "target",
    "Target",
    "The label: 1 (hit) when the track was on the Billboard Hot-100 at least once in its decade, "
    "0 (flop) when it was picked as a non-mainstream track of that decade.",
    "class",
    0,
    1,
    integer=True,
)

FEATURE_NAMES: list[str] = [f.name for f in FEATURES]
# What a track is described by: the fifteen audio features and its decade (the app's inputs, in this order).
INPUTS: tuple[Feature, ...] = (*FEATURES, DECADE)
INPUT_NAMES: list[str] = [f.name for f in INPUTS]
BY_NAME: dict[str, Feature] = {f.name: f for f in (*INPUTS, TARGET)}


def feature_table():
    """The features as a DataFrame (name, unit, valid range, definition) for display in a notebook."""
    import pandas as pd

    return pd.DataFrame(
        [(f.name, f.unit, f.describe_range(), f.definition) for f in (*FEATURES, TARGET)],
        columns=["feature", "unit", "valid range", "definition"],
    ).set_index("feature")


def glossary_markdown() -> str:
    """The book's glossary page (book/glossary.md), generated from INPUTS and TARGET so the two never drift."""
    lines = [
        "# Glossary of features",
        "",
        "<!-- Generated by `make glossary` from hitlib/features.py; edit that file, not this one. -->",
        "",
        "Each track in the dataset is described by fifteen audio features, its decade and one label. "
        "The definitions below are this book's own wording of Spotify's Web API reference and the "
        "dataset author's notes; the valid range is what `hitlib` accepts as input.",
        "",
        ":::{glossary}",
    ]
    for f in (*INPUTS, TARGET):
        lines += [f"{f.name}", f"  {f.definition} Unit: {f.unit}. Valid range: {f.describe_range()}.", ""]
    lines[-1:] = [":::", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(glossary_markdown(), end="")
