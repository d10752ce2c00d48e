"""The one door to the data: find each decade's CSV, verify it, validate it and return one tidy frame.

Introduced in *The data tour*.

Where a file comes from, in this order:
1. the ``data_dir`` argument of :func:`load_tracks`;
2. the folder named by the ``HITLIB_DATA_DIR`` environment variable;
3. otherwise hitlib's user cache folder, filled by a download from the pinned upstream copy.

A folder given by (1) or (2) must hold the files: hitlib never falls back to the network behind your back.
Every file, wherever it came from, must match its pinned SHA-256 and pass the checks in
:func:`read_tracks_csv`; anything else raises :class:`DataFileError` naming the file and the problem.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from hitlib.features import BY_NAME, DECADES, FEATURES, TARGET  # DECADES: one file per decade

TEXT_COLUMNS: list[str] = ["track", "artist", "uri"]
COLUMNS: list[str] = TEXT_COLUMNS + [f.name for f in FEATURES] + [TARGET.name]

SHA256: dict[str, str] = {
    "dataset-of-60s.csv": "06c5a1340372e4623377b79d4626fbb4e6f79ec8d1ae207e0cc466fc5ddfa652",
    "dataset-of-70s.csv": "978526cb06679e4d5187e4a0ef3cfe95418c7330d1a7271822333bc8d36658ae",
    "dataset-of-80s.csv": "9ace31fe7cf814c1637a0bed1ed77e25b475e1bf292a942ccec41905b22850a0",
    "dataset-of-90s.csv": "aeeed288dc138c8ef7ef3da8fcbf23d2c0e72afd4067baf40804d8f129196235",
    "dataset-of-00s.csv": "def18a104f77cdecfb5c86d1d0bf2e7c9dc3bcead0bc5864b99b26aaab689a1b",
    "dataset-of-10s.csv": "a76c3d334ac4a65690f6ad407279ffcec5819997d800377f33f4cd36fe3917b7",
}
UPSTREAM_URL = (
    "https://raw.githubusercontent.com/samyakmohelay/Spotify-hit-predictor/"
    "3e5b0d8e542765999ca10656fb3c82b4b2bf2feb/backend/Original_data/{filename}"
)
DATA_DIR_VARIABLE = "HITLIB_DATA_DIR"


class DataFileError(ValueError):
    """A data file is missing, damaged or not what hitlib expects; the message names file and problem."""

    def __init__(self, path: str | Path, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


def filename(decade: int) -> str:
    """The CSV file name of a decade: 1960 -> 'dataset-of-60s.csv'."""
    return f"dataset-of-{decade % 100:02d}s.csv"


def checked_decades(decades: int | Iterable[int] | None) -> list[int]:
    """The decades asked for as a list (None: all six), or an error that names what is wrong with them."""
    if decades is None:
        return list(DECADES)
    if isinstance(decades, str):
        raise TypeError(
            f"decades must be a decade or a list of decades, not the text {decades!r} "
            """(papermill's -p passes text: give lists as YAML, -y "DECADES: [1960, 2010]")"""
        )
    chosen = [decades] if isinstance(decades, int) else list(decades)
    unknown = [d for d in chosen if d not in DECADES]
    if unknown or not chosen:
        raise ValueError(
            f"no such decade: {unknown or 'an empty list'}; the dataset has {', '.join(map(str, DECADES))}"
        )
    return chosen


def sha256(path: str | Path) -> str:
    """The SHA-256 of a file, as hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cache_dir() -> Path:
    """Where downloaded files are kept (a per-user cache folder)."""
    import pooch

    return Path(pooch.os_cache("hitlib"))


def data_file(decade: int, data_dir: str | Path | None = None) -> Path:
    """The verified local path of one decade's CSV, downloading it into the cache when no folder is set."""
    name = filename(decade)
    folder = data_dir if data_dir is not None else os.environ.get(DATA_DIR_VARIABLE) or None
    if folder is None:
        return _download(name)
    path = Path(folder) / name
    if not path.is_file():
        source = "data_dir" if data_dir is not None else f"${DATA_DIR_VARIABLE}"
        raise DataFileError(path, f"file not found in the folder given by {source}")
    verify(path)
    return path


def verify(path: str | Path) -> None:
    """Check a file against its pinned SHA-256; on a mismatch say what looks wrong inside it too."""
    path = Path(path)
    expected, actual = SHA256[path.name], sha256(path)
    if actual == expected:
        return
    mismatch = f"checksum mismatch (expected sha256 {expected}, got {actual})"
    try:
        read_tracks_csv(path)
    except DataFileError as damage:
        raise DataFileError(path, f"{damage.problem}; {mismatch}") from None
    raise DataFileError(path, f"{mismatch}; its content parses, so it is a different version of the file")


def _download(name: str) -> Path:
    import pooch

    url = UPSTREAM_URL.format(filename=name)
    try:
        fetched = pooch.retrieve(
            url, known_hash=f"sha256:{SHA256[name]}", fname=name, path=cache_dir(), progressbar=False
        )
    except Exception as error:  # network errors and pooch's hash check both land here
        raise DataFileError(
            cache_dir() / name,
            f"could not download a verified copy from {url} ({error}). Offline? Point "
            f"${DATA_DIR_VARIABLE} at a folder holding the six CSVs.",
        ) from None
    return Path(fetched)


def read_tracks_csv(path: str | Path) -> pd.DataFrame:
    """Parse and validate one decade's CSV (no checksum): typed columns, every value checked.

    Raises DataFileError for an empty file, a missing, renamed or unexpected column, a row with the
    wrong number of fields (a truncated last row says so), an empty value, a non-numeric or non-integer
    value in a numeric column, or a value outside its feature's valid range; each names the line.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except UnicodeDecodeError as error:
        raise DataFileError(path, f"not UTF-8 text (bad byte at offset {error.start})") from None
    if not text.strip():
        raise DataFileError(path, "the file is empty")

    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    _check_header(path, header)
    rows, lines = [], []
    try:
        for row in reader:
            if len(row) != len(header):
                raise DataFileError(path, _bad_row_problem(reader.line_num, len(row), len(header), text))
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as error:
        raise DataFileError(path, f"line {reader.line_num}: not valid CSV ({error})") from None
    if not rows:
        raise DataFileError(path, "the file has a header but no rows")

    raw = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"))
    frame = pd.DataFrame(index=raw.index)
    for column in COLUMNS:
        values = raw[column].str.strip()
        empty = values == ""
        if empty.any() and column != "track":  # a few real tracks could have no title; nothing else may be empty
            raise DataFileError(path, f"line {empty.idxmax()}, column '{column}': empty value")
        frame[column] = raw[column] if column in TEXT_COLUMNS else _numeric(path, column, values)
    return frame.reset_index(drop=True)


def _check_header(path: Path, header: list[str]) -> None:
    missing = [c for c in COLUMNS if c not in header]
    unexpected = [c for c in header if c not in COLUMNS]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    problems = []
    for column in missing:
        guess = difflib.get_close_matches(column, unexpected, n=1)
        problems.append(f"column '{column}' is missing" + (f" (renamed to '{guess[0]}'?)" if guess else ""))
    problems += [f"unexpected column '{c}'" for c in unexpected if not difflib.get_close_matches(c, missing, n=1)]
    problems += [f"column '{c}' appears more than once" for c in duplicated]
    if problems:
        raise DataFileError(path, "; ".join(problems) + f". Expected columns: {', '.join(COLUMNS)}")


def _bad_row_problem(line: int, found: int, expected: int, text: str) -> str:
    last_line = text.count("\n") + (not text.endswith("\n"))
    if line == last_line and found < expected:
        return f"the file is truncated: its last row (line {line}) has {found} of {expected} fields. Download it again"
    return f"line {line} has {found} fields, expected {expected}"


def _numeric(path: Path, column: str, values: pd.Series) -> pd.Series:
    feature = BY_NAME[column]
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna()
    if bad.any():
        line = bad.idxmax()
        raise DataFileError(path, f"line {line}, column '{column}': '{values[line]}' is not a number")
    if feature.integer:
        fractional = numbers != numbers.round()
        if fractional.any():
            line = fractional.idxmax()
            raise DataFileError(path, f"line {line}, column '{column}': {values[line]} is not a whole number")
        numbers = numbers.astype("int64")
    outside = ~numbers.between(feature.low, feature.high)
    if outside.any():
        line = outside.idxmax()
        raise DataFileError(
            path,
            f"line {line}, column '{column}': {values[line]} is outside the valid range {feature.describe_range()}",
        )
    return numbers


def load_tracks(decades: int | Iterable[int] | None = None, data_dir: str | Path | None = None) -> pd.DataFrame:
    """All tracks of the chosen decades (default: all six) as one frame with an integer ``decade`` column.

    Each file is located (see the module docstring), verified against its SHA-256 and validated;
    the full dataset has 41,106 rows. Rows keep the order of the files.
    """
    frames = []
    for decade in checked_decades(decades):
        frame = read_tracks_csv(data_file(decade, data_dir))
        frames.append(frame.assign(decade=decade))
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    """``python -m hitlib.data``: locate (downloading if needed) and verify every file."""
    tracks = load_tracks()
    for decade, count in tracks["decade"].value_counts(sort=False).items():
        print(f"{filename(decade)}: {count} tracks, verified")
    print(f"{len(tracks)} tracks in all")


if __name__ == "__main__":
    main()
