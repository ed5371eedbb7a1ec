import gzip
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultations.choices import UNINCORPORATED_TYPES, AreaType, Level
from consultations.directory import MalformedFile, import_municipalities

LEVEL_ORDER = [Level.LAND, Level.REGIERUNGSBEZIRK, Level.REGION, Level.KREIS, Level.GEMEINDE]


class Command(BaseCommand):
    help = (
        "Import the municipality directory of one or more Länder from a Destatis GV100AD file (plain or .gz). "
        "Re-runnable: updates names, types and populations in place and prints what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="GV100AD file (UTF-8 with or without BOM, or ISO-8859-1; .gz allowed)")
        parser.add_argument(
            "--land",
            action="append",
            dest="lands",
            metavar="KEY",
            help="two-digit Land key, repeatable (default: 08, Baden-Württemberg)",
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the other lines when some are malformed"
        )

    def handle(self, *args, path, lands=None, skip_invalid=False, **options):
        lands = lands or ["08"]
        for land in lands:
            if len(land) != 2 or not land.isdigit():
                raise CommandError(f"--land takes a two-digit Land key such as 08, not {land!r}")
        file = Path(path)
        try:
            raw = gzip.decompress(file.read_bytes()) if file.suffix == ".gz" else file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        try:
            report = import_municipalities(raw=raw, lands=lands, skip_invalid=skip_invalid)
        except MalformedFile as exc:
            for error in exc.errors:
                self.stderr.write(f"line {error.line}: {error.message}")
            raise CommandError(
                f"{len(exc.errors)} malformed line(s); nothing imported (use --skip-invalid to import the rest)"
            ) from exc
        self._print(report)

    def _print(self, report):
        out = self.stdout.write
        for error in report.skipped_lines:
            self.stderr.write(f"line {error.line} skipped: {error.message}")
        if not report.counts:
            out(self.style.WARNING(f"The file holds no records of Land {', '.join(report.lands)}."))
            return
        out(f"Land {', '.join(report.lands)}, Gebietsstand {report.gebietsstand:%d.%m.%Y}:")
        for level in LEVEL_ORDER:
            by_type = {t: n for (lv, t), n in sorted(report.counts.items()) if lv == level}
            if not by_type:
                continue
            total = sum(by_type.values())
            detail = ", ".join(f"{n} {AreaType(t).label}" for t, n in by_type.items() if t)
            out(f"  {Level(level).label}: {total}" + (f" ({detail})" if detail else ""))
        unincorporated = sum(n for (lv, t), n in report.counts.items() if t in UNINCORPORATED_TYPES)
        if unincorporated:
            gemeinden = sum(n for (lv, t), n in report.counts.items() if lv == Level.GEMEINDE) - unincorporated
            out(f"  = {gemeinden} Gemeinden and {unincorporated} gemeindefreie Gebiete")
        for unit in report.created:
            out(f"new: {unit.key} {unit.name}")
        for unit, old in report.renamed:
            out(f"renamed: {unit.key} {old!r} -> {unit.name!r}")
        for unit, old in report.retyped:
            old_label = AreaType(old).label if old in AreaType.values else old
            out(f"type changed: {unit.key} {unit.name}: {old_label} -> {unit.get_area_type_display()}")
        for unit in report.relisted:
            out(f"listed again: {unit.key} {unit.name}")
        for unit in report.no_longer_listed:
            out(f"no longer listed (kept, marked): {unit.key} {unit.name}")
        out(
            f"{len(report.created)} new, {len(report.renamed)} renamed, {len(report.retyped)} type changed, "
            f"{report.population_updated} population updated, {report.unchanged} unchanged, "
            f"{len(report.no_longer_listed)} no longer listed"
        )
        if report.associations:
            out(f"{report.associations} Gemeindeverband records (Satzart 50) not kept: the directory does not use them")
        for land, n in sorted(report.other_lands.items()):
            out(f"{n} records of Land {land} left out")
