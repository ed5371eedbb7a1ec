"""Demo data of consultations: the real municipality directory of Baden-Württemberg (shipped in data/)."""

import gzip
from pathlib import Path

from .directory import import_municipalities

DIRECTORY_FILE = Path(__file__).parent / "data" / "GV100AD_31082025_BW.txt.gz"


def seed(*, stdout):
    report = import_municipalities(raw=gzip.decompress(DIRECTORY_FILE.read_bytes()), lands=["08"])
    stdout.write(f"Gemeindeverzeichnis Baden-Württemberg: {len(report.created)} neu, {report.unchanged} unverändert")
