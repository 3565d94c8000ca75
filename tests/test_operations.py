"""What the project runs elsewhere, checked as far as it can be here: the GitHub workflows and
the Read the Docs configuration against their published schemas, the commands they run, the
pre-commit hooks, and the changelog of the current edition."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from book import CONF, ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def schema_check(schema: str, *files: Path) -> subprocess.CompletedProcess:
    command = [BIN / "check-jsonschema", "--builtin-schema", schema, *files]
    return subprocess.run(command, capture_output=True, text=True)


def test_the_workflows_are_valid():
    assert len(WORKFLOWS) >= 2
    result = schema_check("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout


def test_an_invalid_workflow_is_caught(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps: []\n", encoding="utf-8")  # no runs-on
    assert schema_check("vendor.github-workflows", broken).returncode != 0


def test_the_read_the_docs_configuration_is_valid():
    result = schema_check("vendor.readthedocs", ROOT / ".readthedocs.yaml")
    assert result.returncode == 0, result.stdout
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["sphinx"]["fail_on_warning"] is True
    assert set(config["formats"]) == {"pdf", "epub"}


def test_workflows_ask_for_the_least_and_run_the_projects_own_commands():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["permissions"] == {"contents": "read"} or set(workflow["permissions"]) <= {
            "contents",
            "issues",
        }, path.name
    commands = [
        step["run"]
        for path in WORKFLOWS
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ] + [c for job in yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())["build"]["jobs"].values()
         for c in (job if isinstance(job, list) else sum(job.values(), []))]  # fmt: skip
    lines = [line.split() for c in commands for line in c.splitlines()]
    targets = {words[1] for words in lines if len(words) > 1 and words[0] == "make"}
    assert {"test", "linkcheck", "html", "pdf", "epub", "venv"} <= targets
    for target in targets:  # each target the workflows call exists (a dry run of it succeeds)
        assert subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True).returncode == 0, target


@pytest.mark.slow  # every hook over every file
def test_the_pre_commit_hooks_pass():
    environment = {**os.environ, "VIRTUAL_ENV": sys.prefix}  # the environment these tests run in
    result = subprocess.run(
        [BIN / "pre-commit", "run", "--all-files"], cwd=ROOT, capture_output=True, text=True, env=environment
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_changelog_describes_this_edition_first():
    """The newest section is this version's; once it is released (tagged), it gives the date
    instead of "not yet released", and it lists what changed."""
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (\S+) \((.+)\)\n(.*?)(?=^## |\Z)", changelog, flags=re.M | re.S)
    version, state, body = sections[0]
    assert version == CONF["version"]
    assert [v for v, _, _ in sections].count(version) == 1
    tagged = subprocess.run(["git", "tag", "--points-at", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if f"v{version}" in tagged.stdout.split():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", state), f"released, yet the changelog says {state!r}"
    else:
        assert state == "not yet released"
    assert re.search(r"^- ", body, flags=re.M), "the section lists no change"
