"""hitlib.data: where files come from, what a valid file is, and the error each bad file gets."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hitlib import data
from hitlib.data import DataFileError, load_tracks, read_tracks_csv
from hitlib.features import FEATURES
from tests.helpers.rows import ROWS, write_csv

# --- the happy path ------------------------------------------------------------------------------------


def test_load_tracks_returns_typed_frame_with_decade(tiny_dir):
    tracks = load_tracks(data_dir=tiny_dir, decades=[1960, 2010])
    assert list(tracks.columns) == data.COLUMNS + ["decade"]
    assert tracks["decade"].tolist() == [1960, 1960, 1960, 2010]
    assert tracks.loc[2, "track"] == "Song, with comma"
    assert tracks["key"].dtype == "int64" and tracks["loudness"].dtype == "float64"
    assert tracks.loc[1, "key"] == -1 and tracks.loc[0, "chorus_hit"] == 30.5


def test_single_decade_as_int(tiny_dir):
    assert len(load_tracks(2010, data_dir=tiny_dir)) == 1


def test_environment_variable_is_used_and_argument_wins(tiny_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tiny_dir))
    assert len(load_tracks(1960)) == 3
    with pytest.raises(DataFileError, match="not found in the folder given by data_dir"):
        load_tracks(1960, data_dir=tmp_path / "empty")


def test_without_a_folder_the_file_is_downloaded_with_its_checksum(tiny_dir, monkeypatch):
    calls = []

    def fake_retrieve(url, known_hash, fname, path, progressbar):
        calls.append((url, known_hash, fname))
        return str(tiny_dir / fname)

    monkeypatch.setattr("pooch.retrieve", fake_retrieve)
    assert len(load_tracks(1960)) == 3
    url, known_hash, fname = calls[0]
    assert url == data.UPSTREAM_URL.format(filename="dataset-of-60s.csv")
    assert known_hash == "sha256:" + data.SHA256["dataset-of-60s.csv"] and fname == "dataset-of-60s.csv"


def test_failed_download_says_what_to_do(tiny_dir, monkeypatch):
    def offline(*args, **kwargs):
        raise ConnectionError("no route to host")

    monkeypatch.setattr("pooch.retrieve", offline)
    with pytest.raises(DataFileError, match=r"could not download.*no route to host.*HITLIB_DATA_DIR"):
        load_tracks(1960)


# --- each bad file gets an error naming the file and the problem ---------------------------------------


@pytest.mark.parametrize("decades", [1950, [1960, 2020], []])
def test_unknown_decade(decades, tiny_dir):
    with pytest.raises(ValueError, match=r"no such decade.*1960, 1970, 1980, 1990, 2000, 2010"):
        load_tracks(decades, data_dir=tiny_dir)


def test_decades_given_as_text_name_the_fix(tiny_dir):
    with pytest.raises(TypeError, match=r"not the text '\[1960, 2010\]'.*-y \"DECADES: \[1960, 2010\]\""):
        load_tracks("[1960, 2010]", data_dir=tiny_dir)


def test_missing_file(tiny_dir):
    with pytest.raises(DataFileError, match=r"dataset-of-70s\.csv: file not found"):
        load_tracks(1970, data_dir=tiny_dir)


def test_checksum_mismatch_names_both_hashes(tiny_dir):
    path = tiny_dir / "dataset-of-60s.csv"
    expected = data.SHA256[path.name]
    path.write_text(path.read_text().replace("Song A", "Song Z"))
    with pytest.raises(DataFileError) as error:
        load_tracks(1960, data_dir=tiny_dir)
    message = str(error.value)
    assert "dataset-of-60s.csv" in message and "checksum mismatch" in message
    assert expected in message and data.sha256(path) in message
    assert "different version" in message


def test_truncated_last_row(tmp_path):
    path = write_csv(tmp_path / "dataset-of-90s.csv", ROWS[:2] + [ROWS[2][:7]], trailing_newline=False)
    with pytest.raises(
        DataFileError,
        match=r"dataset-of-90s\.csv: the file is truncated: its last row "
        r"\(line 4\) has 7 of 19 fields",
    ):
        read_tracks_csv(path)


def test_truncated_inside_a_quoted_field(tmp_path):
    path = write_csv(tmp_path / "dataset-of-90s.csv")
    text = path.read_text()
    path.write_text(text[: text.index('"Song, with') + 8])
    with pytest.raises(DataFileError, match=r"the file is truncated: its last row \(line 4\) has 1 of 19 fields"):
        read_tracks_csv(path)


def test_truncated_copy_also_reports_checksum(tiny_dir):
    path = tiny_dir / "dataset-of-60s.csv"
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(DataFileError, match=r"truncated.*checksum mismatch"):
        load_tracks(1960, data_dir=tiny_dir)


def test_a_short_row_in_the_middle(tmp_path):
    path = write_csv(tmp_path / "x.csv", [ROWS[0], ROWS[1][:-1], ROWS[2]])
    with pytest.raises(DataFileError, match=r"x\.csv: line 3 has 18 fields, expected 19"):
        read_tracks_csv(path)


def test_empty_file(tmp_path):
    path = tmp_path / "dataset-of-60s.csv"
    path.write_text("")
    with pytest.raises(DataFileError, match=r"dataset-of-60s\.csv: the file is empty"):
        read_tracks_csv(path)


def test_header_without_rows(tmp_path):
    path = write_csv(tmp_path / "x.csv", rows=[])
    with pytest.raises(DataFileError, match="header but no rows"):
        read_tracks_csv(path)


def test_missing_column(tmp_path):
    header = [c for c in data.COLUMNS if c != "tempo"]
    rows = [r[:13] + r[14:] for r in ROWS]
    path = write_csv(tmp_path / "x.csv", rows, header=header)
    with pytest.raises(DataFileError, match=r"x\.csv: column 'tempo' is missing\. Expected columns"):
        read_tracks_csv(path)


def test_renamed_column_is_recognised(tmp_path):
    header = ["dancability" if c == "danceability" else c for c in data.COLUMNS]
    path = write_csv(tmp_path / "x.csv", header=header)
    with pytest.raises(DataFileError, match=r"column 'danceability' is missing \(renamed to 'dancability'\?\)"):
        read_tracks_csv(path)


def test_unexpected_and_duplicated_columns(tmp_path):
    path = write_csv(tmp_path / "x.csv", [r + ["1", "2"] for r in ROWS], header=data.COLUMNS + ["year", "year"])
    with pytest.raises(DataFileError, match=r"unexpected column 'year'.*column 'year' appears more than once"):
        read_tracks_csv(path)


@pytest.mark.parametrize(
    ("row", "column", "value", "problem"),
    [
        (1, "energy", "high", r"line 3, column 'energy': 'high' is not a number"),
        (2, "target", "", r"line 4, column 'target': empty value"),
        (0, "sections", "9.5", r"line 2, column 'sections': 9\.5 is not a whole number"),
        (0, "danceability", "1.5", r"line 2, column 'danceability': 1\.5 is outside the valid range 0 – 1"),
        (0, "target", "2", r"line 2, column 'target': 2 is outside the valid range"),
        (0, "tempo", "-3", r"line 2, column 'tempo': -3 is outside the valid range"),
    ],
)
def test_one_bad_value_is_located(tmp_path, row, column, value, problem):
    rows = [list(r) for r in ROWS]
    rows[row][data.COLUMNS.index(column)] = value
    path = write_csv(tmp_path / "dataset-of-80s.csv", rows)
    with pytest.raises(DataFileError, match=r"dataset-of-80s\.csv: " + problem):
        read_tracks_csv(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"track,artist\n\xff\xfe\n")
    with pytest.raises(DataFileError, match="not UTF-8"):
        read_tracks_csv(path)


# --- properties over many generated files --------------------------------------------------------------

values = {
    f.name: (
        st.integers(int(f.low), int(f.high))
        if f.integer
        else st.floats(f.low, f.high, allow_nan=False, allow_subnormal=False)
    )
    for f in FEATURES
}
row_strategy = st.fixed_dictionaries(
    {
        "track": st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20),
        "artist": st.text(
            st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=20
        ).filter(str.strip),
        "uri": st.from_regex(r"spotify:track:[0-9A-Za-z]{22}", fullmatch=True),
        **values,
        "target": st.integers(0, 1),
    }
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.lists(row_strategy, min_size=1, max_size=8))
def test_any_valid_file_round_trips(tmp_path, rows):
    expected = pd.DataFrame(rows, columns=data.COLUMNS)
    path = tmp_path / "round.csv"
    expected.to_csv(path, index=False)
    got = read_tracks_csv(path)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_exact=True)


@SETTINGS
@given(st.lists(row_strategy, min_size=1, max_size=8), st.data())
def test_any_bad_number_is_located(tmp_path, rows, draw):
    frame = pd.DataFrame(rows, columns=data.COLUMNS).astype(str)
    line = draw.draw(st.integers(0, len(frame) - 1))
    column = draw.draw(st.sampled_from([f.name for f in FEATURES]))
    frame.loc[line, column] = "n/a"
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataFileError, match=rf"line {line + 2}, column '{column}': 'n/a' is not a number"):
        read_tracks_csv(path)


# --- the real files ------------------------------------------------------------------------------------


def test_full_dataset():
    tracks = load_tracks()
    assert len(tracks) == 41_106
    assert tracks.groupby("decade").size().to_dict() == {
        1960: 8642,
        1970: 7766,
        1980: 6908,
        1990: 5520,
        2000: 5872,
        2010: 6398,
    }
    assert (tracks.groupby("decade")["target"].mean() == 0.5).all()


def test_a_truncated_copy_of_the_real_1990s_file_is_caught(tmp_path):
    real = data.data_file(1990)
    copy = tmp_path / real.name
    shutil.copy(real, copy)
    copy.write_bytes(copy.read_bytes()[:-57])  # cut inside the last row, as met while preparing the data
    with pytest.raises(
        DataFileError,
        match=r"dataset-of-90s\.csv: the file is truncated: its last row "
        r"\(line 5521\).*checksum mismatch \(expected sha256 aeeed288",
    ):
        load_tracks(1990, data_dir=tmp_path)
