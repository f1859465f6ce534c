"""The benchmark behind ``manage.py benchmark`` and ``make bench``.

Every page is requested in-process with Django's test ``Client`` against the current
database (``DATABASE_URL``): server time only, no network and no browser. Each case is
requested ``warmup`` times unmeasured, then ``repeat`` times; the table gives the median and
the 95th percentile, the number of queries of one request, and both times as a ratio to the
trivial view (the floor: a redirect that touches no database). The annual report is built
in a child process per format, so that its peak memory (the child's maximum resident set)
is the report's own and not the benchmark's.

Staff pages are requested as a superuser that exists only inside the benchmark's
transaction, rolled back at the end: the benchmark writes nothing to the database.
"""

import datetime
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Max, Min
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports import cache as dashboard_cache

# The targets, in milliseconds (p95), by group. The uncached dashboard's is for one
# year; ten years uncached is measured and reported without one ("dashboard-10-years").
TARGETS = {
    "public": 50,
    "admin": 300,
    "dashboard-uncached": 500,
    "dashboard-cached": 20,
    "report-xlsx": 15_000,
    "search": 150,
    "partner-page": 100,
}
# What a department types in the search box: a twin city (as written, without its accent,
# with a letter wrong), a country, a province, and phrases found in a great many titles.
SEARCH_QUERIES = ("okayama", "okyama", "kaposvar", "nhat ban", "can tho", "hop tac", "doan")
REPORT_MEMORY_TARGET_MB = 300
FORMATS = ("xlsx", "docx", "pdf")


@dataclass
class Result:
    name: str
    group: str
    url: str
    median_ms: float
    p95_ms: float
    queries: int
    status: int
    target_ms: float | None = None
    ratio_median: float | None = None
    ratio_p95: float | None = None
    peak_memory_mb: float | None = None
    # The Django process's own CPU time (median): unlike the wall time, it hardly moves
    # when other processes share the machine. The database's time is not in it.
    python_cpu_ms: float | None = None
    samples_ms: list = field(default_factory=list)

    @property
    def met(self):
        if self.target_ms is None:
            return None
        ok = self.p95_ms <= self.target_ms and self.status == 200
        if self.peak_memory_mb is not None and self.group == "report-xlsx":
            ok = ok and self.peak_memory_mb <= REPORT_MEMORY_TARGET_MB
        return ok


def percentile(samples, fraction):
    """The nearest-rank percentile: the smallest sample with ``fraction`` at or below it."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


class Bench:
    def __init__(self, repeat=20, warmup=2, year=None, stream=None, only=None, reports=True):
        self.repeat, self.warmup, self.with_reports = repeat, warmup, reports
        self.stream = stream or sys.stdout
        self.only = only
        self.results = []
        self.year = year or default_year()

    # Measuring --------------------------------------------------------------------------
    def measure(self, name, group, url, client, before=None, repeat=None):
        if self.only and self.only not in name:
            return None
        repeat = repeat or self.repeat
        for _n in range(self.warmup):
            if before:
                before()
            self._get(client, url)
        samples, cpu = [], []
        for _n in range(repeat):
            if before:
                before()
            started, cpu_started = time.perf_counter(), time.process_time()
            response = self._get(client, url)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        if before:
            before()
        with CaptureQueriesContext(connection) as queries:
            response = self._get(client, url)
        result = Result(
            name=name,
            group=group,
            url=url,
            median_ms=round(statistics.median(samples), 2),
            p95_ms=round(percentile(samples, 0.95), 2),
            queries=len(queries),
            status=response.status_code,
            target_ms=TARGETS.get(group),
            python_cpu_ms=round(statistics.median(cpu), 2),
            samples_ms=[round(s, 2) for s in samples],
        )
        self.results.append(result)
        self.stream.write(f"  {name:<44} {result.median_ms:>9.1f} ms  {result.queries:>4} q\n")
        self.stream.flush()
        return result

    @staticmethod
    def _get(client, url):
        # The client closes the response itself (keeping the connection, and so the
        # benchmark's transaction, open): a streamed one once read to the end.
        response = client.get(url)
        if getattr(response, "streaming", False):
            for _chunk in response.streaming_content:
                pass
        return response

    # The cases ------------------------------------------------------------------------------
    def run_reports(self):
        """The annual report in each format, each in a child process. Run before the
        benchmark's own transaction opens: on SQLite the child could not write otherwise."""
        self.reports = []
        for format in FORMATS if self.with_reports else ():
            if self.only and self.only not in f"annual report {format}":
                continue
            result = report_in_child(format, self.year)
            self.reports.append(result)
            self.stream.write(
                f"  {result.name:<44} {result.median_ms:>9.1f} ms  {result.queries:>4} q"
                f"  {result.peak_memory_mb} MB\n"
            )

    def run(self):
        public, staff = make_client(), make_client()
        staff.force_login(bench_user())
        year = self.year
        self.measure("trivial view (floor)", "floor", "/favicon.ico", public)
        self.measure("public home", "public", reverse("core:home"), public)
        for name, url, filtered, model in public_lists(year):
            self.measure(f"public list {name}", "public", url, public)
            self.measure(f"public list {name} filtered", "public", url + filtered, public)
            # Page 50 where the list has it (25 rows a page); on a small database, the last.
            page = "50" if model.objects.public().count() > 49 * 25 else "last"
            self.measure(f"public list {name} page 50", "public", f"{url}?page={page}", public)
            detail = public_detail(model)
            if detail:
                self.measure(f"public detail {name}", "public", detail, public)
        for query in SEARCH_QUERIES:
            url = f"{reverse('search:search')}?q={query.replace(' ', '+')}"
            self.measure(f"search {query}", "search", url, public)
        self.measure(
            "search staff okayama",
            "search",
            f"{reverse('search:staff_search')}?q=okayama",
            staff,
        )
        for name, public_url, staff_url in partner_pages():
            self.measure(f"partner page {name}", "partner-page", public_url, public)
            self.measure(f"partner page {name} staff", "partner-page", staff_url, staff)
        dashboard = reverse("reports:dashboard")
        one_year = f"{dashboard}?kind=year&year={year}"
        ten_years = f"{dashboard}?kind=custom&start={year - 9}-01-01&end={year}-12-31"
        for label, url, uncached in (
            ("1 year", one_year, "dashboard-uncached"),
            ("10 years", ten_years, "dashboard-10-years-uncached"),
        ):
            self.measure(
                f"dashboard {label} uncached",
                uncached,
                url,
                staff,
                before=dashboard_cache.invalidate,
                repeat=max(3, self.repeat // 4),
            )
            self.measure(f"dashboard {label} cached", "dashboard-cached", url, staff)
        for model, model_admin in admin_models():
            meta = model._meta
            base = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            label = f"admin {meta.model_name}"
            self.measure(label, "admin", base, staff)
            filtered = admin_filter(model, model_admin)
            if filtered:
                self.measure(f"{label} filtered", "admin", f"{base}?{filtered}", staff)
            if model_admin.search_fields:
                self.measure(f"{label} searched", "admin", f"{base}?q=kapos", staff)
            pk = middle_pk(model)
            if pk is not None:
                change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
                self.measure(f"{label} change page", "admin", change, staff, repeat=5)
        self.results += self.reports
        floor = next((r for r in self.results if r.group == "floor"), None)
        if floor:
            for result in self.results:
                result.ratio_median = round(result.median_ms / max(floor.median_ms, 1e-3), 1)
                result.ratio_p95 = round(result.p95_ms / max(floor.p95_ms, 1e-3), 1)
        return self.results

    # Output ---------------------------------------------------------------------------------
    def table(self):
        """The table as ``docs/performance.md`` shows it: a report's peak memory in its own
        column, and the XLSX's memory limit beside its time limit."""
        head = (
            f"| {'case':<44} | {'median ms':>9} | {'p95 ms':>8} | {'queries':>7} | "
            f"{'× floor':>7} | {'peak MB':>7} | {'target':>17} | {'met':<3} |"
        )
        lines = [head, "|" + "|".join("-" * (len(c) + 0) for c in head.split("|")[1:-1]) + "|"]
        for r in self.results:
            target = f"{r.target_ms:,.0f} ms" if r.target_ms else ""
            if r.target_ms and r.group == "report-xlsx":
                target += f", {REPORT_MEMORY_TARGET_MB} MB"
            memory = "" if r.peak_memory_mb is None else f"{r.peak_memory_mb:,.0f}"
            met = {True: "yes", False: "NO", None: ""}[r.met]
            lines.append(
                f"| {r.name:<44} | {r.median_ms:>9.1f} | {r.p95_ms:>8.1f} | {r.queries:>7} | "
                f"{(r.ratio_median or 0):>7.1f} | {memory:>7} | {target:>17} | {met:<3} |"
            )
        return "\n".join(lines)

    def data(self):
        return {
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "database": database_summary(),
            "settings": {"repeat": self.repeat, "warmup": self.warmup, "year": self.year},
            "results": [{**asdict(r), "met": r.met} for r in self.results],
        }


# What to request ------------------------------------------------------------------------------


def default_year():
    """The last full year of the data: the one before the latest delegation's, if any."""
    from delegations.models import Delegation

    latest = Delegation.objects.aggregate(latest=Max("start_date"))["latest"]
    today = timezone.localdate()
    if latest is None:
        return today.year - 1
    return min(latest.year, today.year) - (1 if latest.year >= today.year else 0)


def public_lists(year):
    """(name, list URL, a filter's query string, model) for each public list."""
    from agreements.models import Agreement
    from aid.models import AidProject
    from conferences.models import Conference
    from delegations.models import Delegation
    from partners.models import Relationship

    return [
        ("relationships", reverse("partners:relationship_list"), "?level=twinning", Relationship),
        (
            "delegations",
            reverse("delegations:delegation_list"),
            f"?year={year}&kind=government",
            Delegation,
        ),
        ("agreements", reverse("agreements:agreement_list"), f"?year={year}&kind=mou", Agreement),
        (
            "conferences",
            reverse("conferences:conference_list"),
            f"?year={year}&kind=conference",
            Conference,
        ),
        ("aid", reverse("aid:aidproject_list"), f"?year={year}&modality=oda_grant", AidProject),
    ]


def partner_pages():
    """(name, public URL, staff URL) of the pages of Okayama, the seeds' twin city (one of
    the partners with the most records; else the first public partner), and of its
    country."""
    from partners.models import ForeignPartner

    partners = ForeignPartner.objects.public().order_by("pk")
    partner = partners.filter(name="Okayama").first() or partners.first()
    if partner is None:
        return []
    pages = [
        (
            partner.name,
            reverse("search:partner_detail", args=[partner.pk]),
            reverse("search:staff_partner_detail", args=[partner.pk]),
        )
    ]
    if partner.country:
        code = partner.country.code
        pages.append(
            (
                f"country {code}",
                reverse("search:country_detail", args=[code]),
                reverse("search:staff_country_detail", args=[code]),
            )
        )
    return pages


def middle_pk(model, queryset=None):
    """A row from the middle of the table, found by key range (no OFFSET on a big table)."""
    queryset = queryset if queryset is not None else model._default_manager.all()
    bounds = model._default_manager.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return None
    middle = (bounds["low"] + bounds["high"]) // 2
    row = queryset.filter(pk__gte=middle).order_by("pk").values_list("pk", flat=True).first()
    if row is None:
        row = queryset.order_by("pk").values_list("pk", flat=True).first()
    return row


def public_detail(model):
    pk = middle_pk(model, model.objects.public())
    return model.objects.get(pk=pk).get_absolute_url() if pk else None


RECORD_APPS = ("core", "partners", "delegations", "agreements", "conferences", "aid")


def admin_models():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in RECORD_APPS
    ]


def admin_filter(model, model_admin):
    """A query string for the first list filter on a plain field with choices."""
    for entry in model_admin.list_filter:
        if not isinstance(entry, str) or "__" in entry:
            continue
        db_field = model._meta.get_field(entry)
        if db_field.choices:
            return f"{entry}__exact={db_field.choices[0][0]}"
        if db_field.get_internal_type() == "BooleanField":
            return f"{entry}__exact=1"
    return ""


def make_client():
    """A test client that names a host the settings allow."""
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    return Client(HTTP_HOST=hosts[0] if hosts else "localhost")


def bench_user(username="benchmark-superuser"):
    """A superuser for the staff pages, inside the benchmark's transaction (each process
    its own name: a child must not wait on the parent's uncommitted row)."""
    user, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"is_staff": True, "is_superuser": True, "email": "bench@example.invalid"},
    )
    return user


def report_in_child(format, year):
    """Build the annual report in a child process; its time and peak memory."""
    command = [sys.executable, "manage.py", "benchmark", "--report-child", format]
    command += ["--year", str(year)]
    completed = subprocess.run(
        command, capture_output=True, text=True, env=os.environ.copy(), check=False
    )
    try:
        data = json.loads(completed.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        data = {"ms": 0, "peak_mb": None, "queries": 0, "status": 0}
        sys.stderr.write(completed.stderr[-2000:])
    return Result(
        name=f"annual report {format} {year}",
        group=f"report-{format}",
        url=data.get("url", ""),
        median_ms=data["ms"],
        p95_ms=data["ms"],
        queries=data["queries"],
        status=data["status"],
        target_ms=TARGETS.get(f"report-{format}"),
        peak_memory_mb=data["peak_mb"],
    )


def report_child(format, year):
    """In the child: one report, streamed to nowhere; time, queries, bytes, peak RSS."""
    import resource

    client = make_client()
    client.force_login(bench_user("benchmark-report-child"))
    url = f"{reverse('reports:annual_report')}?kind=year&year={year}&format={format}&lang=vi"
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        size = 0
        for chunk in response.streaming_content if response.streaming else [response.content]:
            size += len(chunk)
    elapsed = (time.perf_counter() - started) * 1000
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "url": url,
        "ms": round(elapsed, 1),
        "queries": len(queries),
        "status": response.status_code,
        "bytes": size,
        "peak_mb": round(peak_kb / 1024, 1),
    }


def machine():
    info = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        with open("/proc/meminfo") as meminfo:
            total_kb = int(meminfo.readline().split()[1])
        info["memory_gb"] = round(total_kb / 1024 / 1024, 1)
    except OSError:
        pass
    info["database_vendor"] = connection.vendor
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["database_version"] = cursor.fetchone()[0]
    else:
        import sqlite3

        info["database_version"] = sqlite3.sqlite_version
    return info


def database_summary():
    from agreements.models import Agreement
    from aid.models import AidProject
    from conferences.models import Conference
    from core.admin import EstimatedCountPaginator
    from delegations.models import Delegation, DelegationMember
    from partners.models import ForeignPartner

    counts = {}
    for model in (ForeignPartner, Delegation, DelegationMember, Agreement, Conference, AidProject):
        estimate = EstimatedCountPaginator.estimate(model)
        counts[model._meta.label] = (
            estimate if estimate is not None and estimate > 0 else model.objects.count()
        )
    return {"name": str(settings.DATABASES["default"]["NAME"]), "rows": counts}


def run_benchmark(repeat, warmup, year, stream, only=None, reports=True):
    """Run every case inside a transaction that is rolled back: returns the Bench."""
    bench = Bench(
        repeat=repeat, warmup=warmup, year=year, stream=stream, only=only, reports=reports
    )
    bench.run_reports()
    # As the WSGI entry point does once the application is loaded (diplomacy_tracker/wsgi.py):
    # what lives as long as the process leaves the collector's generations.
    gc.collect()
    gc.freeze()
    with transaction.atomic():
        bench.run()
        transaction.set_rollback(True)
    return bench
