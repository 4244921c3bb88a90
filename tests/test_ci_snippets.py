"""The README's GitHub Actions, GitLab CI and Azure Pipelines snippets: valid YAML, whose noblock commands do
what they say."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

REPO_ROOT = Path(__file__).parent.parent
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
BAD = "import time\n\n\nasync def poll():\n    time.sleep(1)\n"


def readme_yaml(marker: str) -> dict[str, Any]:
    """The README's YAML block that contains `marker`, parsed."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = [block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if marker in block]
    document = yaml.safe_load(block)
    assert isinstance(document, dict)
    return document


def github_workflow() -> dict[str, Any]:
    workflow = readme_yaml(".github/workflows/noblock.yml")
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    # The SARIF job is printed as a second block, to be added under the same `jobs:`.
    (extra,) = [block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "upload-sarif" in block]
    workflow["jobs"].update(yaml.safe_load("jobs:\n" + extra)["jobs"])
    return workflow


def noblock_commands(commands: list[str]) -> list[list[str]]:
    """The `noblock ...` commands of a job, to run with this interpreter's noblock."""
    return [
        [sys.executable, "-m", "noblock", *shlex.split(command)[1:]]
        for command in commands
        if command.startswith("noblock ")
    ]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(BAD)
    return tmp_path


def test_github_workflow_installs_noblock_and_annotates(project: Path) -> None:
    workflow = github_workflow()
    steps = workflow["jobs"]["noblock"]["steps"]
    assert [step.get("uses") for step in steps[:2]] == ["actions/checkout@v4", "actions/setup-python@v5"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs[0].startswith('pip install "noblock @ git+')
    (command,) = noblock_commands(runs)
    completed = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert completed.returncode == 1
    assert completed.stdout == (
        "::error title=noblock (NB101),file=app.py,line=5,col=5,endLine=5,endColumn=18::"
        "`time.sleep()` sleeps on the event loop; use `await asyncio.sleep()`\n"
    )


def test_github_code_scanning_job_writes_valid_sarif(project: Path) -> None:
    job = github_workflow()["jobs"]["code-scanning"]
    assert job["permissions"]["security-events"] == "write"
    upload = job["steps"][-1]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"] == "always()"
    (command,) = noblock_commands([step["run"] for step in job["steps"] if "run" in step])
    completed = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert completed.returncode == 1
    assert completed.stdout.startswith("Found 1 blocking call in 1 file.")
    log = json.loads((project / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert log["runs"][0]["results"][0]["ruleId"] == "NB101"


def test_gitlab_job_writes_the_code_quality_artifact(project: Path) -> None:
    job = readme_yaml("codequality")["noblock"]
    assert job["script"][0].startswith('pip install "noblock @ git+')
    (command,) = noblock_commands(job["script"])
    completed = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert completed.returncode == 1
    report = project / job["artifacts"]["reports"]["codequality"]
    (issue,) = json.loads(report.read_text(encoding="utf-8"))
    assert issue["location"] == {"path": "app.py", "lines": {"begin": 5, "end": 5}}
    assert job["artifacts"]["when"] == "always"


def test_azure_pipeline_logs_each_finding_as_an_issue(project: Path) -> None:
    steps = readme_yaml("azure-pipelines.yml")["steps"]
    assert steps[0]["task"] == "UsePythonVersion@0"
    scripts = [step["script"] for step in steps if "script" in step]
    assert scripts[0].startswith('pip install "noblock @ git+')
    (command,) = noblock_commands(scripts)
    completed = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert completed.returncode == 1
    assert completed.stdout == (
        "##vso[task.logissue type=error;sourcepath=app.py;linenumber=5;columnnumber=5;code=NB101;]"
        "`time.sleep()` sleeps on the event loop; use `await asyncio.sleep()`\n"
    )
