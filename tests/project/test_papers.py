"""The project's papers agree with the project: the licences, the citation, the changelog, the issue form
and the pull-request workflow name the same licences, version, repository, chapters and Python."""

from __future__ import annotations

import re
import tomllib

import nbformat
import yaml

from tests.helpers import ROOT


def read_yaml(path: str):
    return yaml.safe_load((ROOT / path).read_text())


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def notebook_titles() -> list[str]:
    """The notebooks' titles (their first heading), in the order _toc.yml lists them."""
    files = [entry["file"] for part in read_yaml("_toc.yml")["parts"] for entry in part["chapters"]]
    titles = []
    for name in files:
        if name.startswith("notebooks/"):
            first = nbformat.read(ROOT / f"{name}.ipynb", as_version=4).cells[0].source
            titles.append(re.match(r"# (.+)", first).group(1).strip())
    return titles


def test_code_is_mit_as_pyproject_says_and_text_is_cc_by():
    assert project()["license"] == "MIT"
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License") and "Copyright (c) 2026 The Hit or Flop? authors" in licence
    assert [author["name"] for author in project()["authors"]] == ["The Hit or Flop? authors"]
    text = (ROOT / "LICENSE-text.md").read_text()
    assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/legalcode" in text


def test_readme_and_every_pages_footer_state_both_licences_and_leave_the_data_out():
    readme = (ROOT / "README.md").read_text()
    assert "[MIT licence](LICENSE)" in readme and "[CC BY 4.0](LICENSE-text.md)" in readme
    assert "data/README.md" in readme
    footer = read_yaml("_config.yml")["html"]["extra_footer"]
    assert "MIT" in footer and "CC BY 4.0" in footer and "data" in footer


def test_citation_names_the_version_repository_licences_and_newest_changelog_date():
    citation = read_yaml("CITATION.cff")
    assert citation["cff-version"] == "1.2.0"
    assert citation["version"] == project()["version"], "CITATION.cff's version is pyproject.toml's"
    assert citation["license"] == ["MIT", "CC-BY-4.0"]
    assert [author["name"] for author in citation["authors"]] == [a["name"] for a in project()["authors"]]
    dates = re.findall(r"^## (\d{4}-\d{2}-\d{2})$", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert dates == sorted(dates, reverse=True), "CHANGELOG.md lists its dates newest first"
    assert str(citation["date-released"]) == dates[0], "CITATION.cff's date is CHANGELOG.md's newest"


def test_issue_form_lists_every_notebook_in_the_books_order():
    form = read_yaml(".github/ISSUE_TEMPLATE/problem.yml")
    fields = {field.get("id"): field for field in form["body"]}
    options = fields["chapter"]["attributes"]["options"]
    assert options[:-1] == notebook_titles(), "the chapter dropdown follows _toc.yml's notebooks and titles"
    assert options[-1].startswith("Another page")
    assert {"where", "environment", "happened", "expected"} <= fields.keys()


def test_pull_request_workflow_runs_make_check_on_the_locks_python():
    workflow = read_yaml(".github/workflows/check.yml")
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in triggers and "push" in triggers
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert {"make check", "make book"} <= {step.get("run") for step in steps}
    lock_python = re.search(r"Python (\d+\.\d+)", (ROOT / "requirements-lock.txt").read_text()).group(1)
    pythons = {
        step["with"]["python-version"]
        for step in steps
        if step.get("uses", "").startswith("actions/setup") and "python-version" in step.get("with", {})
    }
    assert pythons == {lock_python}
