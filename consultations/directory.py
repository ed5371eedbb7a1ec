"""Importing the official municipality directory (GV100AD) for one or more Länder.

A re-import updates names, types and populations in place (keyed by the official key), so requests keep
pointing at the same row; a rename or retyping is kept as a `MunicipalityChange`. A unit that the new file no
longer lists is kept and marked, never deleted.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from . import gv100ad
from .choices import Level
from .models import Municipality, MunicipalityChange

LEVEL_OF_KIND = {
    "10": Level.LAND,
    "20": Level.REGIERUNGSBEZIRK,
    "30": Level.REGION,
    "40": Level.KREIS,
    "60": Level.GEMEINDE,
}


class MalformedFile(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(f"{len(errors)} malformed line(s)")


@dataclass
class ImportReport:
    lands: list[str]
    gebietsstand: object = None
    created: list = field(default_factory=list)
    renamed: list = field(default_factory=list)  # (municipality, old name)
    retyped: list = field(default_factory=list)  # (municipality, old type code)
    population_updated: int = 0
    unchanged: int = 0
    relisted: list = field(default_factory=list)
    no_longer_listed: list = field(default_factory=list)
    skipped_lines: list = field(default_factory=list)  # LineErrors passed over on request
    other_lands: Counter = field(default_factory=Counter)  # Land key → records left out
    associations: int = 0  # Satzart 50 (Gemeindeverbände): not part of the directory we keep
    counts: Counter = field(default_factory=Counter)  # (level, type) → units of the chosen Länder


def import_municipalities(*, raw: bytes, lands, skip_invalid: bool = False) -> ImportReport:
    """Read a GV100AD file's bytes and bring the directory of `lands` (two-digit keys) up to date.

    A malformed line stops the import before anything is written (MalformedFile lists each with its line
    number), unless `skip_invalid` is set: then the other lines are imported and the report lists the skipped.
    """
    lands = sorted(set(lands))
    report = ImportReport(lands=lands)
    records, errors = [], []
    for item in gv100ad.read(raw):
        if isinstance(item, gv100ad.LineError):
            errors.append(item)
        elif item.land not in lands:
            report.other_lands[item.land] += 1
        elif item.kind == "50":
            report.associations += 1
        else:
            records.append(item)
    if errors and not skip_invalid:
        raise MalformedFile(errors)
    report.skipped_lines = errors

    rows = _rows(records)
    with transaction.atomic():
        existing = {m.key: m for m in Municipality.objects.select_for_update().filter(land_key__in=lands)}
        to_create, to_update, changes = [], [], []
        for key, row in rows.items():
            unit = existing.get(key)
            if unit is None:
                unit = Municipality(key=key, **row)
                to_create.append(unit)
                report.created.append(unit)
                continue
            changed = False
            if unit.name != row["name"] or unit.area_type != row["area_type"]:
                changes.append(
                    MunicipalityChange(
                        municipality=unit,
                        gebietsstand=row["gebietsstand"],
                        old_name=unit.name,
                        new_name=row["name"],
                        old_type=unit.area_type,
                        new_type=row["area_type"],
                    )
                )
                if unit.name != row["name"]:
                    report.renamed.append((unit, unit.name))
                if unit.area_type != row["area_type"]:
                    report.retyped.append((unit, unit.area_type))
                changed = True
            if unit.population != row["population"]:
                report.population_updated += 1
                changed = True
            if not unit.in_directory:
                report.relisted.append(unit)
                changed = True
            if not changed:
                report.unchanged += 1  # what a reader cares about; a new Gebietsstand alone is no change
            if changed or any(getattr(unit, name) != value for name, value in row.items()):
                for name, value in row.items():
                    setattr(unit, name, value)
                unit.in_directory = True
                to_update.append(unit)
        gone = [unit for key, unit in existing.items() if key not in rows and unit.in_directory]
        for unit in gone:
            unit.in_directory = False
        report.no_longer_listed = gone

        Municipality.objects.bulk_create(to_create)
        fields = ["level", "area_type", "name", "land_key", "rb_key", "region_key", "kreis_key"]
        fields += ["population", "gebietsstand", "in_directory", "updated_at"]
        Municipality.objects.bulk_update(to_update + gone, fields, batch_size=500)
        MunicipalityChange.objects.bulk_create(changes)

    report.gebietsstand = max((r.gebietsstand for r in records), default=None)
    for row in rows.values():
        report.counts[(row["level"], row["area_type"])] += 1
    return report


def _rows(records) -> dict[str, dict]:
    """The field values of each unit, keyed by its key; higher levels get their Gemeinden's population."""
    # Parent keys only where the file has the parent: not every Land has Regierungsbezirke, and only
    # Baden-Württemberg has Regionen (for others the 4th digit means nothing).
    present = {r.key for r in records}
    rows = {}
    for r in records:
        level = LEVEL_OF_KIND[r.kind]
        rows[r.key] = {
            "level": level,
            "area_type": r.type_code,
            "name": r.name,
            "land_key": r.key[:2],
            "rb_key": r.key[:3] if level != Level.LAND and r.key[:3] in present else "",
            "region_key": r.key[:4] if level in (Level.KREIS, Level.GEMEINDE) and r.key[:4] in present else "",
            "kreis_key": r.key[:5] if level in (Level.KREIS, Level.GEMEINDE) else "",
            "population": r.population,
            "gebietsstand": r.gebietsstand,
        }
    totals = defaultdict(int)
    for row in rows.values():
        if row["level"] == Level.GEMEINDE and row["population"] is not None:
            for parent in {row["land_key"], row["rb_key"], row["region_key"], row["kreis_key"]} - {""}:
                totals[parent] += row["population"]
    for key, row in rows.items():
        if row["level"] != Level.GEMEINDE:
            row["population"] = totals.get(key)
    return rows
