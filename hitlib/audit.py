"""The dataset's known problems, each as a function returning a table.

Introduced in *The data tour*. Every function takes the frame from
:func:`hitlib.data.load_tracks` and leaves it unchanged.
"""

from __future__ import annotations

import pandas as pd

from hitlib.features import FEATURE_NAMES

CLASS_NAMES = {0: "flop", 1: "hit"}


def repeated_uris(tracks: pd.DataFrame) -> pd.DataFrame:
    """Track URIs that occur more than once: how often, in which decades, with which labels.

    One row per repeated URI, with ``rows``, ``decades`` (sorted, comma-separated),
    ``across_decades`` and ``conflicting_labels`` (both a hit and a flop).
    """
    repeated = tracks[tracks.duplicated("uri", keep=False)]
    table = repeated.groupby("uri").agg(
        track=("track", "first"),
        artist=("artist", "first"),
        rows=("uri", "size"),
        decades=("decade", lambda d: ", ".join(map(str, sorted(set(d))))),
        n_decades=("decade", "nunique"),
        n_labels=("target", "nunique"),
    )
    table["across_decades"] = table.pop("n_decades") > 1
    table["conflicting_labels"] = table.pop("n_labels") > 1
    return table.sort_values(["rows", "uri"], ascending=[False, True])


def conflicting_labels(tracks: pd.DataFrame) -> pd.DataFrame:
    """The repeated URIs labelled a hit in one row and a flop in another."""
    table = repeated_uris(tracks)
    return table[table["conflicting_labels"]]


def identical_feature_vectors(tracks: pd.DataFrame) -> pd.DataFrame:
    """Groups of rows with exactly the same fifteen feature values, with their size and labels."""
    same = tracks[tracks.duplicated(FEATURE_NAMES, keep=False)]
    table = (
        same.groupby(FEATURE_NAMES)
        .agg(
            rows=("uri", "size"),
            distinct_uris=("uri", "nunique"),
            n_labels=("target", "nunique"),
            example=("track", "first"),
        )
        .reset_index(drop=True)
    )
    table["conflicting_labels"] = table.pop("n_labels") > 1
    return table.sort_values(["rows", "example"], ascending=[False, True], ignore_index=True)


def artist_purity(tracks: pd.DataFrame) -> pd.DataFrame:
    """Per artist: number of rows, share of hits, and whether the artist is pure (all hit or all flop)."""
    table = tracks.groupby("artist").agg(rows=("target", "size"), hit_share=("target", "mean"))
    table["pure"] = table["hit_share"].isin([0.0, 1.0])
    return table.sort_values(["rows", "artist"], ascending=[False, True])


def purity_summary(tracks: pd.DataFrame) -> pd.DataFrame:
    """How pure artists are: artists and rows, split into pure and mixed, with shares."""
    table = artist_purity(tracks)
    summary = table.groupby(table["pure"].map({True: "pure", False: "mixed"})).agg(
        artists=("rows", "size"), rows=("rows", "sum")
    )
    summary = summary.reindex(["pure", "mixed"], fill_value=0)
    summary["share_of_rows"] = summary["rows"] / summary["rows"].sum()
    summary.index.name = "artist"
    return summary


def construction_artefacts(tracks: pd.DataFrame) -> pd.DataFrame:
    """Row counts by class for patterns that come from how the labels were built, not from the music."""
    checks = {
        "chorus_hit == 0": tracks["chorus_hit"] == 0,
        "sections < 3": tracks["sections"] < 3,
        "'Featuring' in artist name": tracks["artist"].str.contains("featuring", case=False, regex=False),
    }
    return _count_by_class(tracks, checks)


def odd_values(tracks: pd.DataFrame) -> pd.DataFrame:
    """Row counts by class for values that are possible but suspicious (no metre, no tempo, very short)."""
    checks = {
        "time_signature == 0": tracks["time_signature"] == 0,
        "tempo == 0": tracks["tempo"] == 0,
        "duration under 60 s": tracks["duration_ms"] < 60_000,
    }
    return _count_by_class(tracks, checks)


def _count_by_class(tracks: pd.DataFrame, checks: dict[str, pd.Series]) -> pd.DataFrame:
    rows = {
        name: tracks.loc[mask, "target"].value_counts().reindex([0, 1], fill_value=0) for name, mask in checks.items()
    }
    table = pd.DataFrame(rows).T.rename(columns=CLASS_NAMES)
    table["total"] = table.sum(axis=1)
    table.index.name = "pattern"
    return table


def overview(tracks: pd.DataFrame) -> pd.DataFrame:
    """One line per known problem with the number of rows (or groups) it concerns."""
    uris = repeated_uris(tracks)
    vectors = identical_feature_vectors(tracks)
    purity = purity_summary(tracks)
    artefacts = construction_artefacts(tracks)
    odd = odd_values(tracks)
    lines = [
        ("track URIs that repeat", len(uris)),
        ("extra rows from repeated URIs", int(uris["rows"].sum() - len(uris))),
        ("repeated URIs spanning decades", int(uris["across_decades"].sum())),
        ("repeated URIs with conflicting labels", int(uris["conflicting_labels"].sum())),
        ("groups of identical feature vectors", len(vectors)),
        ("of which with conflicting labels", int(vectors["conflicting_labels"].sum())),
        ("rows whose artist is all-hit or all-flop", int(purity.loc["pure", "rows"])),
        (
            "rows with chorus_hit == 0 or sections < 3",
            int(((tracks["chorus_hit"] == 0) | (tracks["sections"] < 3)).sum()),
        ),
        ("rows with 'Featuring' in the artist name", int(artefacts.loc["'Featuring' in artist name", "total"])),
        ("rows with an odd value", int(odd["total"].sum())),
    ]
    return pd.DataFrame(lines, columns=["problem", "count"]).set_index("problem")


def main_artist(artists: pd.Series) -> pd.Series:
    """The artist credit without any "Featuring …" part: 'A Featuring B' -> 'A'.

    Billboard credits guests on hits ("Featuring"), Spotify names of flops never do, so the raw names
    split one artist into several. Later chapters group their train/test splits by this name.
    """
    return artists.str.split(r"\s+(?i:featuring)\s+", n=1, regex=True).str[0]
