"""The Makefile as a contents page: `make` alone lists every target with its one `##` line."""

from __future__ import annotations

import re
import subprocess

from tests.helpers import ROOT


def makefile() -> str:
    return (ROOT / "Makefile").read_text()


def phony() -> list[str]:
    declared = re.search(r"^\.PHONY:((?:.*\\\n)*.*)$", makefile(), re.M).group(1)
    return declared.replace("\\\n", " ").split()


def documented() -> list[str]:
    return re.findall(r"^## ([a-z-]+): ", makefile(), re.M)


def test_every_phony_target_has_one_line_and_a_rule():
    assert sorted(documented()) == sorted(phony()), "one `## target: what it does` line per .PHONY target"
    rules = set(re.findall(r"^([a-z-]+):(?!=)", makefile(), re.M))
    assert set(phony()) <= rules, "a .PHONY name without a rule"


def test_make_alone_prints_the_targets_and_their_lines():
    printed = subprocess.run(["make", "--no-print-directory"], cwd=ROOT, capture_output=True, text=True, check=True)
    listed = re.findall(r"^  make (\S+) +(.+)$", printed.stdout, re.M)
    assert [name for name, _ in listed] == documented()
    assert all(len(line) <= 120 for line in printed.stdout.splitlines()), "keep each `##` line short"
