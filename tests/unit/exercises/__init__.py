"""hitlib.exercises: each self-check passes the right answer and gives its intended hint for typical wrong ones.

One test module per module of checks, named alike; the helpers below read a check's verdict and what it printed.
"""

from __future__ import annotations

from hitlib.exercises import check


def verdict(capsys, exercise, answer, *context):
    """The check's verdict and what it printed."""
    passed = check(exercise, answer, *context)
    return passed, capsys.readouterr().out


def assert_hint(capsys, hint, exercise, answer, *context):
    passed, printed = verdict(capsys, exercise, answer, *context)
    assert not passed and printed.startswith(f"Exercise {exercise}, not yet:"), printed
    assert hint in printed, printed


def assert_correct(capsys, exercise, answer, *context):
    assert verdict(capsys, exercise, answer, *context) == (True, f"Exercise {exercise}: correct.\n")
