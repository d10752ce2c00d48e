"""A Colab-like Python for the notebook layer: a fresh virtual environment holding what Colab ships that
the book uses (Jupyter's kernel, TensorFlow) and, chapter by chapter, only what that chapter's install
cell adds, from this checkout instead of the repository URL."""

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

LOCK = ROOT / "requirements-lock.txt"
# Colab has a Jupyter kernel and TensorFlow (chapter 4 uses Colab's own); papermill runs the notebooks here.
COLAB_SHIPS = ["ipykernel", "tensorflow-cpu", "papermill"]
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


class ColabPython:
    """A fresh virtual environment. Versions follow requirements-lock.txt (pip's constraints), so the
    test is the same on every run and reuses the main install's downloads; which packages are present
    is decided by Colab and each chapter's cell alone."""

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
        self.pip(["-m", "pip", "install", "--quiet", *COLAB_SHIPS])

    def pip(self, command: list[str]) -> None:
        if tuple(command) in self.installed:  # pip would rebuild hitlib from the checkout for nothing
            return
        env = {**os.environ, "PIP_CONSTRAINT": str(LOCK), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
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
