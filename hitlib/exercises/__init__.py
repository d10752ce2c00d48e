"""Self-checks for the chapters' exercises: ``check("2.1", your_answer, *the_chapter_objects)``.

Each exercise says what to pass. A check recomputes the answer from the chapter's own objects (the data,
a fitted model, a split) and prints either that the attempt is right or what is wrong with it, as a hint
that never prints the answer itself. It returns ``True`` or ``False``; only a check that does not exist
raises an error.

Each notebook's checks live in a module named by its slug (``data_tour``, ``a_vs_b``, ...), and ``check``
imports only the one it needs, so a chapter's first check does not load every other chapter's libraries.
``CHECKS`` maps every key to its check; reading it imports all of them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from importlib import import_module

from hitlib.exercises._shared import REGISTRY, Hint

__all__ = ["CHECKS", "MODULES", "Hint", "check"]

# What a key starts with (the part before its last dot) -> the module that holds those checks, in the book's order.
MODULES = {
    "1": "data_tour",
    "2": "baselines",
    "3": "normalization",
    "a_vs_b": "a_vs_b",
    "4": "neural_net",
    "5": "random_forest",
    "6": "gradient_boosting",
    "7": "decade_analysis",
    "8": "models_and_time",
    "9": "deployment",
    "feature_drop": "feature_drop",
    "decade_input": "decade_input",
}


def _prefix(exercise: str) -> str:
    """The part of a key that names its notebook: "2" for "2.1", "a_vs_b" for "a_vs_b.1"."""
    return str(exercise).rpartition(".")[0]


def _all_checks() -> dict[str, Callable[..., None]]:
    """Every check, in the book's order; imports every module of checks, so only ``CHECKS`` and errors call it."""
    for module in MODULES.values():
        import_module(f"{__name__}.{module}")
    rank = {prefix: position for position, prefix in enumerate(MODULES)}  # a key MODULES lacks comes last
    return dict(sorted(REGISTRY.items(), key=lambda item: rank.get(_prefix(item[0]), len(rank))))


def __getattr__(name: str):
    """``CHECKS``, computed when read, so that importing this package imports no notebook's checks."""
    if name == "CHECKS":
        return _all_checks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _find(exercise: str) -> Callable[..., None]:
    """The check of ``exercise``, importing only the module that holds it."""
    if _prefix(exercise) in MODULES:
        import_module(f"{__name__}.{MODULES[_prefix(exercise)]}")
    if exercise not in REGISTRY:
        raise KeyError(f"no self-check for exercise {exercise!r}; there are checks for {', '.join(_all_checks())}")
    return REGISTRY[exercise]


def check(exercise: str, answer, *context) -> bool:
    """Print whether ``answer`` solves ``exercise`` (e.g. ``"2.1"``) and, if not, a hint; return the verdict."""
    function = _find(exercise)
    signature = inspect.signature(function)
    try:
        signature.bind(answer, *context)
    except TypeError:
        expected = ", ".join(signature.parameters)
        raise TypeError(f"check({exercise!r}, ...) takes {expected}: {1 + len(context)} given") from None
    try:
        function(answer, *context)
    except Hint as hint:
        print(f"Exercise {exercise}, not yet: {hint}")
        return False
    print(f"Exercise {exercise}: correct.")
    return True
