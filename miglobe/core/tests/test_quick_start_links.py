"""`make run PORT=8101`: every process builds its email links with port 8101 (issue #7, point 3).

honcho gives each process its own PORT (web 8101, worker 8201, beat 8301), so a SITE_URL derived from PORT
inside the settings would send the worker's reminder links to a port nobody listens on. The test runs the
Makefile's `serve` target with a Procfile whose three processes print the link they would put in an email.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SHOW_LINK = """
import django
django.setup()
from miglobe.core.links import absolute_url
print("LINK", absolute_url("/pool/bewerbung/abc/"), flush=True)
import time
time.sleep(4)  # honcho stops all processes when the first one ends: let the others print first
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_every_process_of_make_run_links_to_the_port_it_serves(tmp_path):
    script = tmp_path / "show_link.py"
    script.write_text(SHOW_LINK)
    procfile = tmp_path / "Procfile"
    procfile.write_text("".join(f"{name}: {sys.executable} {script}\n" for name in ("web", "worker", "beat")))
    drop = {"SITE_URL", "PORT", "DJANGO_SETTINGS_MODULE", "MAKEFLAGS", "MAKELEVEL"}
    env = {k: v for k, v in os.environ.items() if k not in drop} | {
        "DJANGO_SETTINGS_MODULE": "miglobe.settings.local",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        ["make", "--no-print-directory", "serve", "PORT=8101", f"PROCFILE={procfile}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    links = dict(re.findall(r"^\S* ?(\w+)\.1\s+\| LINK (\S+)$", result.stdout, re.MULTILINE))
    expected = "http://127.0.0.1:8101/pool/bewerbung/abc/"
    assert links == {"web": expected, "worker": expected, "beat": expected}, result.stdout + result.stderr
