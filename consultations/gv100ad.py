"""Reading the Destatis GV100AD file: fixed width, 220 characters a record (see decision 0070).

Positions count characters, not bytes: the file is decoded first (UTF-8 with or without BOM; older files are
ISO-8859-1) and then sliced. Line ends may be CRLF or LF. Every line is either a `Record` or a `LineError`
with its line number, so the caller can say exactly what it did not read.
"""

import datetime
from dataclasses import dataclass

RECORD_LENGTH = 220
KNOWN_KINDS = {"10", "20", "30", "40", "50", "60"}
# Satzart → how many characters of the key (from position 11) name the unit.
KEY_LENGTH = {"10": 2, "20": 3, "30": 4, "40": 5, "60": 8}


@dataclass(frozen=True)
class Record:
    line: int
    kind: str  # Satzart
    gebietsstand: datetime.date
    key: str  # 2/3/4/5/8 digits; for Satzart 50 the 5-digit Kreis key plus the 4-digit Verband
    name: str
    type_code: str  # Textkennzeichen, blank for Satzart 10–30
    population: int | None  # only Satzart 60

    @property
    def land(self) -> str:
        return self.key[:2]


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


def decode(raw: bytes) -> str:
    """UTF-8 (a BOM is dropped) or, when that fails, ISO-8859-1 – which decodes any byte, so it comes last."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("iso-8859-1")


def read(raw: bytes):
    """Yield a Record or a LineError for each non-empty line of the file's bytes."""
    # Not str.splitlines(): it also splits at form feeds and other separators a broken record might contain.
    for number, line in enumerate(decode(raw).split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        yield parse_line(line, number)


def parse_line(line: str, number: int) -> Record | LineError:
    if len(line) > RECORD_LENGTH:
        return LineError(number, f"{len(line)} characters instead of {RECORD_LENGTH}")
    # Editors and mail programs drop trailing blanks; the fields there are blank anyway.
    line = line.ljust(RECORD_LENGTH)
    kind = line[0:2]
    if kind not in KNOWN_KINDS:
        return LineError(number, f"unknown Satzart {kind!r}")
    try:
        gebietsstand = datetime.datetime.strptime(line[2:10], "%Y%m%d").date()
    except ValueError:
        return LineError(number, f"invalid Gebietsstand {line[2:10]!r}")
    if kind == "50":
        key = line[10:15] + line[18:22]
        expected = 9
    else:
        key = line[10 : 10 + KEY_LENGTH[kind]]
        expected = KEY_LENGTH[kind]
    if len(key) != expected or not key.isdigit():
        return LineError(number, f"invalid key {key.strip()!r} for Satzart {kind}")
    name = line[22:72].strip()
    if not name:
        return LineError(number, "no name")
    type_code = line[122:124].strip()
    if type_code and not type_code.isdigit():
        return LineError(number, f"invalid Textkennzeichen {type_code!r}")
    population = None
    if kind == "60":
        raw_population = line[139:150].strip()
        if not raw_population.isdigit():
            return LineError(number, f"invalid population {raw_population!r}")
        population = int(raw_population)
    return Record(number, kind, gebietsstand, key, name, type_code, population)
