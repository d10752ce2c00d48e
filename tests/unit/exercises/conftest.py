"""Data the checks that refit models share, computed once for every test module of the package."""

from __future__ import annotations

import pytest
from sklearn.model_selection import train_test_split

from hitlib.features import FEATURE_NAMES


@pytest.fixture(scope="package")
def sample(tracks):
    """Two thousand tracks, enough for the checks that refit models."""
    return tracks.sample(2000, random_state=0).reset_index(drop=True)


@pytest.fixture(scope="package")
def split(sample):
    return train_test_split(sample[FEATURE_NAMES], sample["target"], random_state=0)
