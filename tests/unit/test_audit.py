"""hitlib.audit: each problem table on a tiny hand-made frame, then the counts the data README documents."""

from __future__ import annotations

import pandas as pd
import pytest

from hitlib import audit
from hitlib.data import load_tracks
from hitlib.features import FEATURE_NAMES


def frame(rows):
    """Rows of (track, artist, uri, decade, target, feature value shared by all fifteen features)."""
    records = []
    for track, artist, uri, decade, target, value in rows:
        records.append(
            {
                "track": track,
                "artist": artist,
                "uri": uri,
                "decade": decade,
                "target": target,
                **{name: value for name in FEATURE_NAMES},
            }
        )
    return pd.DataFrame(records)


TINY = frame(
    [
        ("a", "X", "u1", 1960, 1, 0.1),
        ("a", "X", "u1", 1970, 0, 0.1),  # repeated across decades with a conflicting label
        ("b", "Y", "u2", 1960, 0, 0.2),
        ("b", "Y", "u2", 1960, 0, 0.2),  # repeated within a decade, same label
        ("c", "Z Featuring W", "u3", 1980, 1, 0.2),  # same features as u2, other label
        ("d", "Z", "u4", 1980, 1, 0.3),
    ]
)


def test_repeated_uris():
    table = audit.repeated_uris(TINY)
    assert table.index.tolist() == ["u1", "u2"]
    assert table.loc["u1", "decades"] == "1960, 1970"
    assert table["across_decades"].tolist() == [True, False]
    assert table["conflicting_labels"].tolist() == [True, False]
    assert audit.conflicting_labels(TINY).index.tolist() == ["u1"]


def test_identical_feature_vectors():
    table = audit.identical_feature_vectors(TINY)
    assert table["rows"].tolist() == [3, 2]
    assert table["distinct_uris"].tolist() == [2, 1]
    assert table["conflicting_labels"].tolist() == [True, True]


def test_artist_purity_and_summary():
    purity = audit.artist_purity(TINY)
    assert purity.loc["X", "hit_share"] == 0.5 and not purity.loc["X", "pure"]
    assert purity.loc["Y", "pure"] and purity.loc["Z", "pure"]
    summary = audit.purity_summary(TINY)
    assert summary.loc["pure", "rows"] == 4 and summary.loc["mixed", "rows"] == 2
    assert summary["share_of_rows"].sum() == pytest.approx(1)


def test_main_artist_drops_the_featured_guest():
    names = pd.Series(["A Featuring B", "A featuring B & C", "Featuring Band", "A"])
    assert audit.main_artist(names).tolist() == ["A", "A", "Featuring Band", "A"]


def test_artefacts_and_odd_values_count_by_class():
    tiny = TINY.assign(
        chorus_hit=[0, 5, 5, 5, 5, 5],
        sections=[2, 9, 9, 9, 9, 9],
        tempo=[0, 1, 1, 1, 1, 1],
        duration_ms=[59_999, 60_000, 1, 10**6, 10**6, 10**6],
        time_signature=[4] * 6,
    )
    artefacts = audit.construction_artefacts(tiny)
    assert artefacts.loc["chorus_hit == 0"].tolist() == [0, 1, 1]  # flop, hit, total
    assert artefacts.loc["'Featuring' in artist name"].tolist() == [0, 1, 1]
    odd = audit.odd_values(tiny)
    assert odd.loc["duration under 60 s"].tolist() == [1, 1, 2]
    assert odd.loc["tempo == 0", "total"] == 1 and odd.loc["time_signature == 0", "total"] == 0


@pytest.fixture(scope="module")
def tracks():
    return load_tracks()


def test_the_documented_problems_of_the_real_data(tracks):
    """The counts *The data tour* shows in its audit tables (notebooks/01_data_tour.ipynb), recomputed."""
    overview = audit.overview(tracks)["count"]
    assert overview["track URIs that repeat"] == 537
    assert overview["extra rows from repeated URIs"] == 546
    assert overview["repeated URIs with conflicting labels"] == 26
    assert overview["groups of identical feature vectors"] == 778
    assert overview["of which with conflicting labels"] == 29
    assert overview["rows with chorus_hit == 0 or sections < 3"] == 157
    assert overview["rows with 'Featuring' in the artist name"] == 1658
    artefacts = audit.construction_artefacts(tracks)
    assert artefacts.loc["chorus_hit == 0", "hit"] == 0 and artefacts.loc["'Featuring' in artist name", "flop"] == 0
    odd = audit.odd_values(tracks)
    assert odd["total"].tolist() == [3, 1, 287]
    assert odd.loc["duration under 60 s", "flop"] == 285


def test_audits_leave_the_frame_unchanged(tracks):
    before = tracks.copy()
    audit.overview(tracks)
    pd.testing.assert_frame_equal(tracks, before)
