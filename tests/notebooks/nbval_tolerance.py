"""An nbval extension: numbers that floating-point kernels decide are compared within a stated tolerance.

nbval compares every output of a fresh run with the committed one, character for character. That is
right for data, counts and text, but model scores, training curves and effect sizes depend on which
BLAS and TensorFlow kernels the CPU selects, and differ in their last bits from machine to machine.

A code cell opts in with a `tolerance` entry in its metadata, next to the code that computes the
quantity, for example `{"abs": 0.0005, "why": "a linear SVM's accuracy: a few of 10,277 test rows"}`.
In such a cell, each text output is split into numbers and the text between them: the text must match
exactly (runs of white space count as one space, since pandas pads columns to the widest number), and
each number must be within `abs + rel * |committed|` of the committed one. Images of such a cell are
not compared, since their pixels follow the numbers. Every other cell is compared exactly, as nbval does.

A value the cell glues (`myst_nb.glue`) may be in other units than the cell's printed output: points
instead of an accuracy, a ratio, a count of epochs. Its own tolerance, in its own units, goes under
`glued`, by the name it is glued as: `{"abs": 0.008, "why": "...", "glued": {"gain_points": {"abs": 0.8,
"why": "the gain above, in points"}}}`. A glued value without an entry there takes the cell's tolerance.

Enabled by `-p tests.notebooks.nbval_tolerance` (the Makefile's `test` target does so).
"""

from __future__ import annotations

import json
import math
import re

from nbval import plugin as nbval

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def split_numbers(text: str) -> tuple[list[str], list[float]]:
    """The text between the numbers (white space collapsed) and the numbers themselves."""
    text = " ".join(text.split())
    return NUMBER.split(text), [float(number) for number in NUMBER.findall(text)]


def close_enough(committed: str, fresh: str, abs_tol: float = 0.0, rel_tol: float = 0.0) -> str | None:
    """None if `fresh` matches `committed` within the tolerance, else a sentence that says where it does not."""
    committed_text, committed_numbers = split_numbers(committed)
    fresh_text, fresh_numbers = split_numbers(fresh)
    if committed_text != fresh_text or len(committed_numbers) != len(fresh_numbers):
        return "the text around the numbers differs"
    for position, (old, new) in enumerate(zip(committed_numbers, fresh_numbers, strict=True), start=1):
        allowed = abs_tol + rel_tol * abs(old)
        if not (math.isclose(old, new, rel_tol=0, abs_tol=allowed) or (math.isnan(old) and math.isnan(new))):
            return f"number {position}: committed {old!r}, now {new!r}, allowed difference {allowed:.3g}"
    return None


def as_text(value) -> str:
    """Text outputs as they are; JSON outputs (plotly figures) as canonical JSON text."""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def glued_name(output) -> str | None:
    """The name a `myst_nb.glue` output was glued as, or None for any other output."""
    return output.get("metadata", {}).get("scrapbook", {}).get("name")


def flatten(cell, outputs) -> dict[str, list[tuple[str | None, str]]]:
    """Every compared output of a cell by key (stream name or MIME type), sanitized, images left out,
    each with the name it was glued as (None if it was not glued)."""
    flat: dict[str, list[tuple[str | None, str]]] = {}
    for output in nbval.transform_streams_for_comparison(outputs):
        for key, value in output.items():
            if key in cell.parent.skip_compare:
                continue
            items = value.items() if key == "data" else [(key, value)]
            for name, item in items:
                if name not in cell.parent.skip_compare and "image/" not in name:
                    flat.setdefault(name, []).append((glued_name(output), cell.sanitize(as_text(item))))
    return flat


def problems_with(tolerance: dict) -> list[str]:
    """What is missing from a tolerance and from each of its glued values' own."""
    owners = {"the tolerance": tolerance} | {
        f"glued value {name!r}": own for name, own in tolerance.get("glued", {}).items()
    }
    return [
        f'{owner} must say why the quantity varies: add a "why" to it'
        for owner, own in owners.items()
        if not own.get("why")
    ]


exact_comparison = nbval.IPyNbCell.compare_outputs


def compare_outputs(self, test, ref, skip_compare=None):
    """nbval's comparison, with a tolerance for the numbers of cells that state one."""
    tolerance = self.cell.metadata.get("tolerance")
    if tolerance is None:
        return exact_comparison(self, test, ref, skip_compare)
    self.comparison_traceback = problems_with(tolerance)
    if self.comparison_traceback:
        return False
    fresh, committed = flatten(self, test), flatten(self, ref)
    if fresh.keys() != committed.keys():
        self.comparison_traceback.append(f"output kinds differ: committed {sorted(committed)}, now {sorted(fresh)}")
        return False
    for key, committed_values in committed.items():
        if len(committed_values) != len(fresh[key]):
            self.comparison_traceback.append(f"{key}: {len(committed_values)} outputs committed, {len(fresh[key])} now")
            return False
        for (name, old), (_, new) in zip(committed_values, fresh[key], strict=True):
            own = tolerance.get("glued", {}).get(name, tolerance)
            abs_tol, rel_tol = float(own.get("abs", 0)), float(own.get("rel", 0))
            problem = close_enough(old, new, abs_tol, rel_tol)
            if problem:
                label = f"{key} (glued as {name!r})" if name else key
                self.comparison_traceback.append(
                    f"{label}, outside the stated tolerance (abs={abs_tol:g}, rel={rel_tol:g}): {problem}\n"
                    f"committed:\n{nbval._trim_base64(old)}\nnow:\n{nbval._trim_base64(new)}"
                )
                return False
    return True


def pytest_configure(config):
    nbval.IPyNbCell.compare_outputs = compare_outputs
