"""The commands README.md and the running page give for running one chapter work as written."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import time
import urllib.error
import urllib.request

import nbformat
import pytest

from tests.helpers import ROOT

PAGES = [ROOT / "README.md", ROOT / "book" / "running.md"]


def documented(program: str) -> list[str]:
    """Every command line of the two pages that starts with `.venv/bin/<program>`, comments cut off."""
    lines = [line for page in PAGES for line in page.read_text().splitlines()]
    return sorted({line.split("  #")[0].strip() for line in lines if line.startswith(f".venv/bin/{program} ")})


def test_the_pages_document_both_ways_to_run_a_chapter():
    assert documented("papermill") and documented("jupyter lab")


@pytest.mark.parametrize("command", documented("papermill"))
def test_papermill_command_runs_as_written(command, tmp_path):
    words = shlex.split(command)
    output = next(word for word in words[2:] if word.endswith(".ipynb"))
    subprocess.run(words, cwd=ROOT, check=True, capture_output=True, text=True, timeout=600)
    injected = next(c for c in nbformat.read(output, as_version=4).cells if "injected-parameters" in c.metadata.tags)
    assert "DECADES = [1960, 2010]" in injected.source, "the decades arrive as a list"


@pytest.mark.parametrize("command", documented("jupyter lab"))
def test_jupyter_lab_command_starts_jupyterlab_as_written(command):
    """JupyterLab starts and serves the chapter; BROWSER=true keeps it from opening a browser window.

    JupyterLab refuses to run as root unless asked to, as the running page says; CI runs as root."""
    as_root = ["--allow-root"] if os.geteuid() == 0 else []
    server = subprocess.Popen(
        shlex.split(command) + as_root,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "BROWSER": "true"},
    )
    try:
        deadline, log = time.monotonic() + 120, ""
        while not (address := re.search(r"(http://localhost:\d+/)lab\?token=(\w+)", log)):
            assert time.monotonic() < deadline and server.poll() is None, f"JupyterLab did not start:\n{log}"
            log += server.stderr.readline()
        root, token = address.groups()
        # JupyterLab serves the folder of the file it was given
        chapter = f"{root}api/contents/01_data_tour.ipynb?token={token}".replace("localhost", "127.0.0.1")
        for _ in range(40):  # it may print its address a moment before it listens
            try:
                response = urllib.request.urlopen(chapter, timeout=30)
                break
            except urllib.error.URLError as error:
                if not isinstance(error.reason, ConnectionRefusedError):
                    raise
                time.sleep(0.25)
        else:
            pytest.fail(f"JupyterLab printed {root} but did not listen there")
        with response:
            assert json.load(response)["type"] == "notebook", "JupyterLab serves the chapter as a notebook"
    finally:
        server.terminate()
        server.wait(timeout=30)
