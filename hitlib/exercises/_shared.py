"""What every notebook's self-checks share: the hint they raise, their registry, and how they read an answer.

A check reads the attempt the way a learner is likely to give it (a list, an array, a Series, a dict keyed by
decade) and compares numbers with a stated tolerance, so that rounding in the last digits is no mistake.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

REGISTRY: dict[str, Callable[..., None]] = {}  # filled as each notebook's module of checks is imported


class Hint(Exception):
    """What is wrong with an attempt, said without giving the answer away."""


def self_check(key: str):
    """Register the decorated function as the check of exercise ``key``, which ``check(key, ...)`` runs."""

    def register(function):
        REGISTRY[key] = function
        return function

    return register


def _numbers(answer, count: int, what: str) -> np.ndarray:
    """``answer`` as ``count`` floats, or a hint about its shape."""
    try:
        values = np.asarray(list(answer.values()) if isinstance(answer, dict) else answer, dtype=float).ravel()
    except (TypeError, ValueError):
        raise Hint(f"expected {what}: {count} number(s), got {type(answer).__name__}") from None
    if values.size != count:
        raise Hint(f"expected {what}: {count} number(s), got {values.size}")
    return values


def _number(answer, what: str) -> float:
    return float(_numbers(answer, 1, what)[0])


def _close(a, b, tolerance: float) -> bool:
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=0, atol=tolerance))


def _decade_key(label) -> int:
    """1990, "1990" or "1990s" as the decade 1990."""
    found = re.search(r"\d{4}", str(label))
    if found is None:
        raise Hint(f"{label!r} does not name a decade (1960, ..., 2010)")
    return int(found.group())
