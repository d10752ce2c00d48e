"""Repository invariants: one lock for make, CI and Binder; one repository URL; checksums in one place;
TensorFlow set up in one place."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib.metadata import version

import yaml
from packaging.requirements import Requirement

from hitlib import data
from tests.helpers import ROOT


def lock_versions() -> dict[str, str]:
    lines = (ROOT / "requirements-lock.txt").read_text().splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    assert all(len(pin) == 2 for pin in pins), "every lock line must be an exact `name==version` pin"
    return {name.lower().replace("_", "-"): version for name, version in pins}


def test_binder_installs_what_the_chapters_import_at_the_locks_versions_and_no_test_tooling():
    env = yaml.safe_load((ROOT / "binder" / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    header_python = re.search(r"Python (\d+\.\d+)", (ROOT / "requirements-lock.txt").read_text()).group(1)
    assert f"python={header_python}" in conda
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == header_python, "lock made for another Python"
    assert pip == ["-c ../requirements-lock.txt", "-e ..[nn,app,lab]"], "the lock's versions, runtime extras only"
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    runtime = " ".join(extras["nn"] + extras["app"] + extras["lab"])
    assert not re.search(r"jupyter-book|pytest|playwright|ruff|nbval", runtime), "no book or test tooling on Binder"


def test_lock_satisfies_pyproject_and_matches_this_environment():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = meta["dependencies"] + [r for extra in meta["optional-dependencies"].values() for r in extra]
    locked = lock_versions()
    for line in requirements:
        req = Requirement(line)
        if req.marker and not req.marker.evaluate():
            continue  # for another platform (e.g. full TensorFlow off Linux)
        name = req.name.lower()
        assert name in locked, f"{name} is required by pyproject.toml but not locked"
        assert req.specifier.contains(locked[name]), f"lock has {name}=={locked[name]}, pyproject wants {req}"
        assert version(req.name) == locked[name], f"installed {name} differs from the lock: run make"


def test_make_stops_at_once_on_another_python(tmp_path, monkeypatch, capsys):
    from tools import check_python

    assert check_python.main() == 0  # this Python is the lock's
    lock = tmp_path / "requirements-lock.txt"
    lock.write_text("# Exact versions for 'make'. Python 3.99.\n")
    monkeypatch.setattr(check_python, "LOCK", lock)
    assert check_python.main() == 1
    message = capsys.readouterr().err
    assert "make needs Python 3.99" in message and "make PYTHON=" in message


def test_binder_starts_with_the_environment_make_exports():
    exported = dict(re.findall(r"^export (\w+) := (\S+)$", (ROOT / "Makefile").read_text(), re.M))
    start = (ROOT / "binder" / "start").read_text()
    assert exported and dict(re.findall(r"^export (\w+)=(\S+)$", start, re.M)) == exported
    assert start.rstrip().endswith('exec "$@"'), "repo2docker's start file must hand over to Jupyter"


def test_repository_url_is_synced_from_config():
    result = subprocess.run(
        [sys.executable, "tools/sync_repo_url.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, f"run `make sync`:\n{result.stdout}{result.stderr}"


def test_data_readme_lists_the_pinned_checksums():
    listed = dict(
        line.split()[::-1] for line in re.findall(r"^[0-9a-f]{64}  \S+$", (ROOT / "data/README.md").read_text(), re.M)
    )
    assert listed == data.SHA256


def test_no_dataset_file_is_tracked():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout
    assert not re.search(r"dataset-of-\d+s\.csv", tracked)


def test_tensorflow_is_set_up_in_one_place():
    from hitlib.nn import TENSORFLOW_ENVIRONMENT  # imports TensorFlow

    assert TENSORFLOW_ENVIRONMENT == {
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "TF_NUM_INTRAOP_THREADS": "1",
        "TF_NUM_INTEROP_THREADS": "1",
    }
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    code = [ROOT / name for name in tracked if name.endswith(".py") or name in ("Makefile", ".ci/run")]
    code = [path for path in code if "tests" not in path.relative_to(ROOT).parts]
    setting = [p.relative_to(ROOT).as_posix() for p in code if "TF_ENABLE_ONEDNN_OPTS" in p.read_text()]
    assert setting == ["hitlib/nn.py"]
    importing = [p.name for p in code if re.search(r"^\s*(import|from) (keras|tensorflow)\b", p.read_text(), re.M)]
    assert importing == ["nn.py"], "import keras from hitlib.nn, which sets TensorFlow's environment first"
