"""hitlib.exercises: one check for every check(...) call in the notebooks, found in the module its key names."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from hitlib.exercises import CHECKS, MODULES, check
from tests.helpers import ROOT


def test_every_exercise_has_a_check_and_a_wrong_call_says_what_it_takes():
    called = {
        key
        for script in (ROOT / "notebooks").glob("*.py")
        for key in re.findall(r'check\("([^"]+)"', script.read_text())
    }
    assert set(CHECKS) == called, "a check no notebook calls, or a call with no check"
    with pytest.raises(KeyError, match="no self-check for exercise '9.9'.*1.1, 1.2"):
        check("9.9", None)
    with pytest.raises(TypeError, match=r"check\('2.1', ...\) takes answer, model, X_test, y_test: 2 given"):
        check("2.1", 0.8, None)


def test_each_check_lives_in_the_module_its_key_names():
    """check() imports the module that MODULES names for a key; a check registered elsewhere would not be found."""
    for key, function in CHECKS.items():
        prefix = key.rpartition(".")[0]
        assert prefix in MODULES, f"{key}: add {prefix!r} and its module to MODULES in hitlib/exercises/__init__.py"
        assert function.__module__ == f"hitlib.exercises.{MODULES[prefix]}", f"{key} is registered in another module"


def test_a_check_imports_only_its_own_module():
    """The neural network's first check loads no other notebook's checks, and not scikit-learn."""
    program = (
        "import sys; from types import SimpleNamespace; from hitlib.exercises import check; "
        "layer = SimpleNamespace(kernel=SimpleNamespace(shape=(1, 1)), count_params=lambda: 2); "
        "check('4.1', [2], SimpleNamespace(layers=[layer])); "
        "print(sorted(m for m in sys.modules if m.startswith(('hitlib', 'sklearn'))))"
    )
    printed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    assert printed.splitlines() == [
        "Exercise 4.1: correct.",
        "['hitlib', 'hitlib.exercises', 'hitlib.exercises._shared', 'hitlib.exercises.neural_net']",
    ]
