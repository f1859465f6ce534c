"""Measure the pages and reports on the current database (see ``core.bench``)."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from core import bench


class Command(BaseCommand):
    help = (
        "Measure server time (median, p95) and queries of the public pages, dashboard, admin "
        "change lists and annual report on the current database; print a table and write "
        "var/bench/<timestamp>.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="Measured requests per case.")
        parser.add_argument("--warmup", type=int, default=2, help="Unmeasured requests first.")
        parser.add_argument("--year", type=int, help="The year of the dashboard and report.")
        parser.add_argument("--only", help="Only the cases whose name contains this text.")
        parser.add_argument("--output", help="The JSON file (default var/bench/<time>.json).")
        parser.add_argument(
            "--no-reports", action="store_true", help="Skip the annual report (child processes)."
        )
        parser.add_argument("--report-child", choices=bench.FORMATS, help=_internal())

    def handle(
        self, *args, repeat, warmup, year, only, output, report_child, no_reports, **options
    ):
        # Measure as production renders: no template debugging, no query log.
        settings.DEBUG = False
        if report_child:
            with transaction.atomic():
                data = bench.report_child(report_child, year or bench.default_year())
                transaction.set_rollback(True)
            self.stdout.write(json.dumps(data))
            return
        self.stdout.write(f"Benchmark on {bench.database_summary()}")
        result = bench.run_benchmark(
            repeat, warmup, year, self.stdout, only=only, reports=not no_reports
        )
        self.stdout.write("")
        self.stdout.write(result.table())
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = Path(output) if output else settings.BASE_DIR / "var" / "bench" / f"{stamp}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result.data(), indent=2, ensure_ascii=False))
        missed = [r.name for r in result.results if r.met is False]
        self.stdout.write(f"Written to {path}.")
        if missed:
            self.stdout.write(self.style.WARNING(f"{len(missed)} targets not met: {missed}"))
        else:
            self.stdout.write(self.style.SUCCESS("Every target met."))


def _internal():
    return "Internal: build one report in this process and print its figures as JSON."
