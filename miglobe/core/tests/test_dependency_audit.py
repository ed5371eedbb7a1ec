"""The CI gate around pip-audit (.ci/audit_dependencies.py): what fails the run and what does not."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location("audit_dependencies", ROOT / ".ci" / "audit_dependencies.py")
gate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gate)

VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {
            "name": "gunicorn",
            "version": "23.0.0",
            "vulns": [{"id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2099-1234"], "fix_versions": ["23.0.1"]}],
        },
    ]
}


def test_a_known_vulnerability_fails_the_run():
    passed, lines = gate.verdict(VULNERABLE, {}, strict=False)
    assert not passed
    assert lines == ["VULNERABLE gunicorn 23.0.0 GHSA-aaaa-bbbb-cccc (fixed in: 23.0.1)"]


@pytest.mark.parametrize("listed", ["GHSA-aaaa-bbbb-cccc", "CVE-2099-1234"])
def test_a_vulnerability_recorded_with_its_reason_passes(listed):
    ignored = gate.read_ignore_list(
        f"# comment\n\n{listed} only the eventlet worker is affected; we run sync workers\n"
    )
    passed, lines = gate.verdict(VULNERABLE, ignored, strict=False)
    assert passed
    assert lines == [
        "ignored gunicorn 23.0.0 GHSA-aaaa-bbbb-cccc: only the eventlet worker is affected; we run sync workers"
    ]


def test_an_ignored_id_without_a_reason_is_an_error():
    with pytest.raises(ValueError, match="needs the reason"):
        gate.read_ignore_list("GHSA-aaaa-bbbb-cccc\n")


def test_packages_that_could_not_be_looked_up_are_listed_and_fail_only_when_strict():
    report = {"dependencies": [{"name": "segno", "skip_reason": "Dependency not found on PyPI"}]}
    assert gate.verdict(report, {}, strict=False) == (True, ["NOT AUDITED segno: Dependency not found on PyPI"])
    assert gate.verdict(report, {}, strict=True)[0] is False


def test_the_projects_ignore_list_is_well_formed():
    gate.read_ignore_list((ROOT / "docs" / "pip-audit-ignore.txt").read_text())


@pytest.mark.parametrize(("strict", "code"), [("", 0), ("true", 1)])
def test_an_unreachable_service_is_reported_and_fails_only_when_strict(monkeypatch, capsys, strict, code):
    import subprocess

    monkeypatch.setenv("PIP_AUDIT_STRICT", strict)
    monkeypatch.setattr(
        gate.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 1, stdout="", stderr="ConnectionError")
    )
    assert gate.main(["requirements.txt"]) == code
    assert "NOT AUDITED: the vulnerability service could not be reached" in capsys.readouterr().out


def test_a_vulnerable_report_from_pip_audit_fails_main(monkeypatch, capsys):
    import json
    import subprocess

    monkeypatch.delenv("PIP_AUDIT_STRICT", raising=False)
    monkeypatch.setattr(
        gate.subprocess,
        "run",
        lambda *a, **k: subprocess.CompletedProcess(a, 1, stdout=json.dumps(VULNERABLE), stderr=""),
    )
    assert gate.main(["requirements.txt"]) == 1
    assert "VULNERABLE gunicorn 23.0.0 GHSA-aaaa-bbbb-cccc" in capsys.readouterr().out
