"""A Colab-like Python for the notebook layer: a fresh virtual environment holding what Colab ships that
the book uses, at the versions Colab runs (colab/pip-freeze.txt, Google's published list), and, chapter by
chapter, what that chapter's install cell adds, installed as Colab would (unconstrained), from this
checkout instead of the repository URL."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path
from unittest import mock

import nbformat
import pytest

from tests.helpers import ROOT

COLAB_FREEZE = Path(__file__).parent / "colab" / "pip-freeze.txt"
# What Colab has installed before a chapter's install cell runs, of what the chapters use: its Jupyter
# kernel, TensorFlow (*The neural network* and *Gradient boosting and the leaderboard* use Colab's own)
# and hitlib's dependencies (pyproject.toml).
# papermill, which runs the notebooks here, is not on Colab; what it shares with Colab is at Colab's versions.
COLAB_SHIPS = [
    *("ipykernel", "ipython", "tensorflow-cpu", "pandas", "numpy", "scipy", "scikit-learn", "matplotlib"),
    *("seaborn", "plotly", "pooch", "jinja2", "fastapi", "uvicorn", "protobuf", "papermill"),
]
# What `pip install hitlib @ <url>` reads from the checkout besides the package itself.
PACKAGE_FILES = ("pyproject.toml", "README.md")
# The project's own settings, which a reader who opens a chapter in Colab does not have.
NOT_ON_COLAB = re.compile(r"PYTHONHASHSEED|PYTHONPATH|VIRTUAL_ENV|TF_.*|HITLIB_(?!DATA_DIR$).*")


def colab_install_command(notebook_path: Path) -> list[str]:
    """The pip command a chapter's first code cell runs on Colab, captured instead of run."""
    notebook = nbformat.read(notebook_path, as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "code")
    commands = []
    on_colab = {
        "google.colab": types.ModuleType("google.colab"),
        "subprocess": types.SimpleNamespace(run=lambda command, check: commands.append(command)),
    }
    with mock.patch.dict(sys.modules, on_colab):
        exec(cell.source, {})  # the chapter's own cell, with pip replaced by a recorder
    assert len(commands) == 1, f"{notebook_path.name}: its first cell should run one pip command on Colab"
    return commands[0]


def colab_pins() -> dict[str, str]:
    """Colab's exact version of each package it ships, by lower-case name."""
    lines = COLAB_FREEZE.read_text().splitlines()
    return dict(line.lower().split("==") for line in lines if re.fullmatch(r"[\w.-]+==[\w.+-]+", line))


def colab_constraints(folder: Path) -> Path:
    """Colab's versions as pip constraints, TensorFlow's also for the CPU-only wheel of the same version (the
    same library, which the project installs on Linux)."""
    pins = colab_pins() | {"tensorflow-cpu": colab_pins()["tensorflow"]}
    constraints = folder / "colab-constraints.txt"
    constraints.write_text("".join(f"{name}=={version}\n" for name, version in pins.items()))
    return constraints


# Checked after the base install: the packages whose differences from the lock matter most to the chapters
COLAB_CHECKED = ("pandas", "numpy", "plotly", "ipython", "matplotlib", "tensorflow-cpu")


class ColabPython:
    """A fresh virtual environment with Colab's versions of what it ships (COLAB_SHIPS), into which each
    chapter's install cell then installs as it would on Colab: without constraints, so pip changes only
    what the cell asks for and what that needs."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.source = folder / "checkout"
        self.source.mkdir()
        for name in PACKAGE_FILES:
            shutil.copy2(ROOT / name, self.source / name)
        shutil.copytree(ROOT / "hitlib", self.source / "hitlib", ignore=shutil.ignore_patterns("__pycache__"))
        subprocess.run([sys.executable, "-m", "venv", folder / "venv"], check=True)
        self.python = str(folder / "venv" / "bin" / "python")
        self.installed = set()
        self.pip(["-m", "pip", "install", "--quiet", *COLAB_SHIPS], constraints=colab_constraints(folder))
        colab = {name: colab_pins()[name.removesuffix("-cpu")] for name in COLAB_CHECKED}
        assert self.versions(COLAB_CHECKED) == colab, "not Colab's versions"

    def versions(self, names: tuple[str, ...]) -> dict[str, str]:
        """The installed version of each package, as pip names it."""
        script = "import sys, importlib.metadata as m; print(*[m.version(n) for n in sys.argv[1:]])"
        result = subprocess.run([self.python, "-c", script, *names], check=True, capture_output=True, text=True)
        return dict(zip(names, result.stdout.split(), strict=True))

    def pip(self, command: list[str], constraints: Path | None = None) -> None:
        if tuple(command) in self.installed:  # pip would rebuild hitlib from the checkout for nothing
            return
        env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        env.pop("PIP_CONSTRAINT", None)
        if constraints:
            env["PIP_CONSTRAINT"] = str(constraints)
        subprocess.run([self.python, *command], check=True, env=env)
        self.installed.add(tuple(command))

    def install_as_chapter(self, notebook_path: Path) -> None:
        """Run the chapter's own install command, with this checkout in place of the repository URL."""
        command = colab_install_command(notebook_path)
        self.pip([re.sub(r" @ git\+\S+$", f" @ {self.source.as_uri()}", part) for part in command[1:]])

    def environment(self) -> dict[str, str]:
        """The variables a Colab reader's kernel would have: the machine's, with HITLIB_DATA_DIR the only
        project setting."""
        env = {name: value for name, value in os.environ.items() if not NOT_ON_COLAB.fullmatch(name)}
        env["PATH"] = f"{Path(self.python).parent}{os.pathsep}{env['PATH']}"
        return env


@pytest.fixture(scope="session")
def colab_python(tmp_path_factory) -> ColabPython:
    return ColabPython(tmp_path_factory.mktemp("colab"))
