"""CI gate: pip-audit on the pinned requirements. A known vulnerability fails the run unless
docs/pip-audit-ignore.txt names it with the reason it does not apply to us.

    .venv/bin/python .ci/audit_dependencies.py requirements.txt requirements-dev.txt

Packages the vulnerability service cannot look up are listed; with PIP_AUDIT_STRICT=true they fail the run
too (see docs/decisions/0043-dependency-audit.md for why that is not the default here).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILE = ROOT / "docs" / "pip-audit-ignore.txt"


def read_ignore_list(text: str) -> dict[str, str]:
    """`<vulnerability id> <why it does not apply>` per line; # starts a comment. An id without a reason
    is an error: the point of the list is the reason."""
    ignored = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        vuln_id, _, reason = line.partition(" ")
        if not reason.strip():
            raise ValueError(f"{IGNORE_FILE.name}:{number}: {vuln_id} needs the reason why it does not apply")
        ignored[vuln_id] = reason.strip()
    return ignored


def verdict(report: dict, ignored: dict[str, str], *, strict: bool) -> tuple[bool, list[str]]:
    """(passed, lines to print) for pip-audit's JSON report."""
    lines, failed = [], False
    for dep in report.get("dependencies", []):
        if "skip_reason" in dep:
            lines.append(f"NOT AUDITED {dep['name']}: {dep['skip_reason']}")
            failed |= strict
            continue
        for vuln in dep.get("vulns", []):
            ids = {vuln["id"], *vuln.get("aliases", [])}
            known = sorted(ids & ignored.keys())
            if known:
                lines.append(f"ignored {dep['name']} {dep['version']} {vuln['id']}: {ignored[known[0]]}")
            else:
                fixes = ", ".join(vuln.get("fix_versions", [])) or "none yet"
                lines.append(f"VULNERABLE {dep['name']} {dep['version']} {vuln['id']} (fixed in: {fixes})")
                failed = True
    return not failed, lines


def main(requirement_files: list[str]) -> int:
    ignored = read_ignore_list(IGNORE_FILE.read_text() if IGNORE_FILE.exists() else "")
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--disable-pip",
        "--no-deps",
        "--progress-spinner",
        "off",
        "-f",
        "json",
    ]
    for name in requirement_files:
        command += ["-r", name]
    # pip-audit exits 1 when it finds anything; the verdict below decides, using the ignore list.
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603 - our own argv
    strict = os.environ.get("PIP_AUDIT_STRICT") == "true"
    if not result.stdout.strip():
        # No report at all: the vulnerability service could not be reached. Like a package it cannot look
        # up, this fails only a strict run (decision 0043); the log says so plainly either way.
        print(result.stderr[-2000:], file=sys.stderr)
        print("NOT AUDITED: the vulnerability service could not be reached")
        return 1 if strict else 0
    passed, lines = verdict(json.loads(result.stdout), ignored, strict=strict)
    print("\n".join(lines) or "No known vulnerabilities.")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
