"""Synthetic records at any scale, for measuring performance (``manage.py generate_data``).

``--scale 1`` is about one city over ten years (4,000 delegations, 600 agreements, 600 aid
projects, 400 conferences); ``--scale 250`` about the whole country. Every value comes from
one ``random.Random(seed)`` and a fixed calendar (no clock): the same seed on an empty
database gives the same rows, audit timestamps included.

Rows are written without model instances: each table gets tuples in its column order, with
explicit primary keys (so many-to-many rows can point at them before they exist in the
database), by PostgreSQL's COPY or, elsewhere, ``executemany``. The sequences are reset at
the end. Every row satisfies the database constraints and the models' own rules (a test
runs ``full_clean()`` on a sample).

Adding a record type is one generator function appended to ``STEPS``: it receives the
``Generator`` and writes its tables with ``self.write()``.
"""

import datetime
import sys
import time
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Min

from agreements.models import Agreement, AgreementActivity, AgreementStatus
from aid.currencies import CURRENCIES, WHOLE_CURRENCIES
from aid.models import AidProject, AidStatus, Disbursement, ExchangeRate, Modality
from aid.money import RateTable, stored_amounts
from conferences.models import (
    Conference,
    ConferenceSession,
    PermitStatus,
    Recommendation,
)
from core.models import LocalUnit, LocalUnitKind, Sector, Visibility
from delegations.models import (
    Delegation,
    DelegationKind,
    DelegationMember,
    DelegationStatus,
    HeadRank,
)
from partners.models import (
    ActivityKind,
    ForeignPartner,
    PartnerKind,
    Relationship,
    RelationshipActivity,
    RelationshipLevel,
    RelationshipStatus,
)

# The calendar every generated date falls in: ten years and a half, the last months of it
# still to come (planned visits). ``REFERENCE`` stands in for "today" when a status follows
# from the dates, so that no value depends on the day the command runs.
FIRST_DAY = datetime.date(2016, 7, 1)
LAST_DAY = datetime.date(2026, 12, 31)
REFERENCE = datetime.date(2026, 6, 30)
SPAN = (LAST_DAY - FIRST_DAY).days

# Per unit of scale, above a floor (``BASE``) that even a tiny scale has.
BASE = {"units": 20, "partners": 150}
PER_SCALE = {
    "units": 12,
    "partners": 40,
    "delegations": 4000,
    "agreements": 600,
    "conferences": 400,
    "aid": 600,
    "attachments": 1200,
}
BATCH = 5000

# About 120 countries, the department's usual partners weighing most.
COUNTRY_WEIGHTS = {
    "JP": 30, "KR": 30, "US": 18, "CN": 16, "FR": 12, "DE": 10, "AU": 10, "HU": 8,
    "TH": 8, "LA": 10, "KH": 8, "SG": 7, "TW": 7, "GB": 6, "NL": 6, "IT": 5, "BE": 4,
    "CA": 5, "NZ": 4, "IN": 5, "RU": 5, "BG": 3, "CZ": 3, "PL": 3, "SE": 3, "DK": 3,
    "FI": 2, "NO": 2, "CH": 3, "AT": 3, "ES": 3, "PT": 2, "IE": 2, "IL": 2, "TR": 2,
    "AE": 2, "SA": 2, "QA": 2, "KW": 1, "EG": 1, "MA": 1, "ZA": 2, "NG": 1, "KE": 1,
    "ET": 1, "TZ": 1, "GH": 1, "SN": 1, "DZ": 1, "TN": 1, "AO": 1, "MZ": 1, "CU": 2,
    "BR": 2, "AR": 2, "CL": 2, "MX": 2, "PE": 1, "CO": 1, "VE": 1, "UY": 1, "EC": 1,
    "PA": 1, "CR": 1, "MY": 5, "ID": 5, "PH": 4, "MM": 3, "BN": 1, "TL": 1, "MN": 2,
    "KZ": 1, "UZ": 1, "BD": 2, "PK": 1, "LK": 1, "NP": 1, "MV": 1, "IR": 1, "IQ": 1,
    "JO": 1, "LB": 1, "KP": 1, "HK": 2, "MO": 1, "UA": 2, "BY": 1, "RO": 2, "SK": 1,
    "SI": 1, "HR": 1, "RS": 1, "GR": 2, "CY": 1, "MT": 1, "LU": 1, "IS": 1, "EE": 1,
    "LV": 1, "LT": 1, "GE": 1, "AM": 1, "AZ": 1, "FJ": 1, "PG": 1, "WS": 1, "TO": 1,
    "VU": 1, "SB": 1, "CM": 1, "CI": 1, "RW": 1, "UG": 1, "ZM": 1, "ZW": 1, "BW": 1,
    "NA": 1, "MG": 1, "MU": 1, "SC": 1,
}  # fmt: skip
COUNTRIES = list(COUNTRY_WEIGHTS)
CUMULATIVE = list(__import__("itertools").accumulate(COUNTRY_WEIGHTS.values()))

# What the first few thousand partners are called: realistic enough to search in.
PLACE_STEMS = [
    "Okaya", "Kapos", "River", "Jeolla", "Chung", "Gyeong", "Aichi", "Fukuo", "Hiro",
    "Saint", "Nord", "Val", "Bran", "Lyon", "Nantes", "Kyoto", "Nagano", "Seoul", "Busan",
    "Daegu", "Incheon", "Vientiane", "Champa", "Siem", "Battam", "Chiang", "Khon", "Udon",
    "Yunnan", "Guang", "Shan", "Zhe", "Queens", "Victoria", "Perth", "Auckland", "Québec",
    "Hamburg", "Bayern", "Sachsen", "Győr", "Szeged", "Pécs", "Plovdiv", "Varna", "Brno",
]  # fmt: skip
PLACE_ENDINGS = ["", "-do", " City", " Prefecture", " Province", "burg", "ville", "shire"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu", "Đức"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai"]
FOREIGN = ["Tanaka", "Kim", "Park", "Smith", "Müller", "Dubois", "Nagy", "Rossi", "Lee"]
FOREIGN_GIVEN = ["Hiroshi", "Ji-woo", "John", "Anna", "Pierre", "Péter", "Marco", "Wei"]
OUTLETS = ["NHK", "KBS", "Yonhap", "Kyodo", "Xinhua", "AFP", "Reuters", "Nikkei", "ABC"]
UNIT_STEMS = [
    ("Sở Ngoại vụ", "Department of Foreign Affairs", LocalUnitKind.DEPARTMENT),
    ("Sở Kế hoạch và Đầu tư", "Department of Planning and Investment", LocalUnitKind.DEPARTMENT),
    ("Sở Y tế", "Department of Health", LocalUnitKind.DEPARTMENT),
    ("Sở Giáo dục và Đào tạo", "Department of Education and Training", LocalUnitKind.DEPARTMENT),
    ("Quận Trung tâm", "Central District", LocalUnitKind.DISTRICT),
    ("Huyện Ven sông", "Riverside Rural District", LocalUnitKind.DISTRICT),
    ("Trung tâm Xúc tiến Đầu tư", "Investment Promotion Centre", LocalUnitKind.AGENCY),
    ("Trường Đại học", "University", LocalUnitKind.UNIVERSITY),
    ("Tổng công ty Cấp nước", "Water Supply Corporation", LocalUnitKind.ENTERPRISE),
    ("Ủy ban nhân dân", "People's Committee", LocalUnitKind.LEADERSHIP),
]
DELEGATION_VERBS = [
    ("thăm và làm việc", "visit and working session"),
    ("tìm hiểu cơ hội đầu tư", "investment fact-finding"),
    ("dự hội nghị xúc tiến", "promotion conference"),
    ("trao đổi hợp tác giáo dục", "education cooperation talks"),
]
AGREEMENT_TOPICS = [
    ("Bản ghi nhớ hợp tác về", "Memorandum of cooperation on"),
    ("Thỏa thuận hợp tác trong lĩnh vực", "Cooperation agreement on"),
    ("Thư ý định về", "Letter of intent on"),
]
CONFERENCE_TOPICS = [
    ("Hội nghị quốc tế về", "International conference on"),
    ("Hội thảo về", "Seminar on"),
    ("Diễn đàn hợp tác", "Cooperation forum on"),
]
AID_TOPICS = [
    ("Dự án viện trợ", "Aid project"),
    ("Dự án hỗ trợ kỹ thuật", "Technical assistance project"),
    ("Khoản viện trợ phi dự án", "Non-project aid"),
]
# Rough VND per unit, for rates and for amounts of a plausible size.
BASE_RATES = {
    "USD": 24000, "EUR": 26500, "JPY": 170, "KRW": 18, "CNY": 3400, "GBP": 30500,
    "AUD": 16000, "NZD": 14500, "CAD": 17800, "CHF": 27000, "HUF": 68, "BGN": 13500,
    "SGD": 17900, "THB": 690, "TWD": 760, "LAK": 1.1, "KHR": 5.9,
}  # fmt: skip


def stamp(day):
    """A fixed time on ``day`` for the audit columns: generated rows have no clock."""
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC)


class Progress:
    """A one-line progress bar on stderr: label, bar, count, rows per second."""

    def __init__(self, label, total, stream=None, width=30):
        self.label, self.total, self.width = label, max(total, 1), width
        self.stream = stream if stream is not None else sys.stderr
        self.done, self.started, self.shown = 0, time.monotonic(), 0.0

    def advance(self, count):
        self.done += count
        now = time.monotonic()
        if now - self.shown >= 0.5 or self.done >= self.total:
            self.shown = now
            filled = int(self.width * min(self.done / self.total, 1))
            rate = self.done / max(now - self.started, 1e-6)
            self.stream.write(
                f"\r{self.label:<14} [{'#' * filled}{'.' * (self.width - filled)}] "
                f"{self.done:>9,}/{self.total:,} {rate:>9,.0f}/s"
            )
            self.stream.flush()

    def close(self):
        if self.done < self.total:
            self.shown = 0.0
            self.advance(0)
        self.stream.write("\n")
        self.stream.flush()


class Generator:
    """Writes ``scale`` × the city-decade sizes of every record type, from ``seed``."""

    def __init__(self, scale, seed=1, progress=True, stream=None):
        import random

        self.scale, self.seed = scale, seed
        self.rng = random.Random(seed)
        self.progress, self.stream = progress, stream
        self.rows = {}  # table label -> rows written
        self.postgres = connection.vendor == "postgresql"
        self._columns = {}
        self.touched = []

    # Sizes -------------------------------------------------------------------------------
    def count(self, what):
        return max(1, BASE.get(what, 0) + round(PER_SCALE[what] * self.scale))

    # Writing ----------------------------------------------------------------------------
    def next_id(self, model):
        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def columns(self, model):
        """The model's concrete columns and each one's default, computed once."""
        if model not in self._columns:
            fields = [f for f in model._meta.concrete_fields]
            defaults = []
            for field in fields:
                default = field.get_default()
                if (
                    default is None
                    and not field.null
                    and field.get_internal_type()
                    in (
                        "CharField",
                        "TextField",
                        "SlugField",
                        "URLField",
                    )
                ):
                    default = ""
                defaults.append(default)
            self._columns[model] = (fields, defaults)
        return self._columns[model]

    def write(self, model, rows):
        """Insert ``rows`` (dicts by field attname, the pk included) into ``model``'s table:
        COPY on PostgreSQL, ``executemany`` elsewhere. Missing fields take their default."""
        if not rows:
            return
        fields, defaults = self.columns(model)
        names = [f.attname for f in fields]
        tuples = [
            tuple(row.get(name, default) for name, default in zip(names, defaults, strict=True))
            for row in rows
        ]
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for values in tuples:
                        copy.write_row(values)
            else:
                prepared = [
                    tuple(
                        f.get_db_prep_save(v, connection)
                        for f, v in zip(fields, values, strict=True)
                    )
                    for values in tuples
                ]
                placeholders = ", ".join(["%s"] * len(fields))
                cursor.executemany(
                    f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", prepared
                )
        label = model._meta.label
        self.rows[label] = self.rows.get(label, 0) + len(rows)
        if model not in self.touched:
            self.touched.append(model)

    def write_links(self, field, pairs):
        """Rows of a many-to-many through table: (owner id, target id) pairs."""
        through = field.remote_field.through
        source = field.m2m_field_name() + "_id"
        target = field.m2m_reverse_field_name() + "_id"
        start = self.ids.setdefault(through, self.next_id(through))
        rows = [
            {"id": start + n, source: a, target: b} for n, (a, b) in enumerate(sorted(set(pairs)))
        ]
        self.ids[through] = start + len(rows)
        self.write(through, rows)

    def reset_sequences(self):
        statements = connection.ops.sequence_reset_sql(no_style(), self.touched)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def bar(self, label, total):
        return Progress(label, total, self.stream) if self.progress else _Silent()

    def batches(self, label, total):
        """The sizes of the batches of ``total`` records (``BATCH`` each, the last one
        what is left), advancing a progress bar labelled ``label`` as each is written."""
        bar = self.bar(label, total)
        done = 0
        while done < total:
            size = min(BATCH, total - done)
            yield size
            done += size
            bar.advance(size)
        bar.close()

    # Random values ----------------------------------------------------------------------
    def day(self, first=FIRST_DAY, last=LAST_DAY):
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def country(self):
        import bisect

        return COUNTRIES[bisect.bisect(CUMULATIVE, self.rng.random() * CUMULATIVE[-1])]

    def visibility(self):
        return Visibility.PUBLIC if self.rng.random() < 0.6 else Visibility.INTERNAL

    def partner(self):
        """A partner id, the seeds' partners drawn far more often than the others."""
        if self.seed_partners and self.rng.random() < 0.15:
            return self.rng.choice(self.seed_partners)
        return self.rng.choice(self.partner_ids)

    def sector_ids(self, most=2):
        return self.rng.sample(self.sectors, self.rng.randint(0 if most < 2 else 1, most))

    def person(self):
        rng = self.rng
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"

    def foreigner(self):
        return f"{self.rng.choice(FOREIGN_GIVEN)} {self.rng.choice(FOREIGN)}"

    # The whole run ----------------------------------------------------------------------
    def run(self):
        self.ids = {}
        started = time.monotonic()
        for step in STEPS:
            with transaction.atomic():
                step(self)
        with transaction.atomic():
            self.reset_sequences()
        if self.postgres:
            # VACUUM marks the new pages all-visible, so that the covering indexes serve
            # index-only scans at once (autovacuum would get there much later); it cannot
            # run inside a transaction (a test's), where ANALYZE alone does.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        # Rows written by COPY send no signals: drop the cached figures, counts and choices.
        from reports.cache import invalidate

        invalidate()
        self.seconds = time.monotonic() - started
        return self.rows


class _Silent:
    def advance(self, count):
        pass

    def close(self):
        pass


# Steps: one per record type, in dependency order ------------------------------------------


def reference_data(gen):
    """Sectors (the demo's list), local units, and the seeds' own partners."""
    from core.demo import SECTORS
    from partners.demo import PARTNERS

    fixed = {"created_at": stamp(FIRST_DAY), "updated_at": stamp(FIRST_DAY)}
    # Written like every generated row (explicit keys, no clock), so a seed gives the same
    # keys on PostgreSQL too, whose sequences a rolled-back run does not rewind.
    existing = set(Sector.objects.values_list("code", flat=True))
    first = gen.next_id(Sector)
    missing = [row for row in SECTORS if row[0] not in existing]
    gen.write(
        Sector,
        [
            {"id": first + n, "code": code, "name": name, "name_en": name_en, **fixed}
            for n, (code, name, name_en) in enumerate(missing)
        ],
    )
    gen.sectors = sorted(Sector.objects.values_list("pk", flat=True))

    first = gen.next_id(LocalUnit)
    units, count = [], gen.count("units")
    for n in range(count):
        name, name_en, kind = UNIT_STEMS[n % len(UNIT_STEMS)]
        number = first + n
        units.append(
            {
                "id": number,
                "name": f"{name} số {number}",
                "name_en": f"{name_en} no. {number}",
                "abbreviation": f"U{number}",
                "kind": kind,
                "is_active": gen.rng.random() < 0.95,
                "created_at": stamp(FIRST_DAY),
                "updated_at": stamp(FIRST_DAY),
            }
        )
    gen.write(LocalUnit, units)
    gen.unit_ids = [u["id"] for u in units]
    gen.district_ids = [u["id"] for u in units if u["kind"] == LocalUnitKind.DISTRICT]

    gen.seed_partners = []
    pk = gen.next_id(ForeignPartner)
    rows = []
    for name, country, kind, original, name_vi, abbr, website, visibility in PARTNERS.values():
        partner = ForeignPartner.objects.filter(name=name, country=country).first()
        if partner is not None:
            gen.seed_partners.append(partner.pk)
            continue
        rows.append(
            {
                "id": pk,
                "name": name,
                "country": country,
                "kind": kind,
                "name_original": original,
                "name_vi": name_vi,
                "abbreviation": abbr,
                "website": website,
                "visibility": visibility,
                **fixed,
            }
        )
        gen.seed_partners.append(pk)
        pk += 1
    gen.write(ForeignPartner, rows)


def partners(gen):
    """Foreign partners in about 120 countries; relationships and their activities."""
    rng = gen.rng
    first = gen.next_id(ForeignPartner)
    count = gen.count("partners")
    kinds = [k for k in PartnerKind.values]
    rows, gen.partner_country = [], {}
    bar = gen.bar("partners", count)
    for n in range(count):
        pk = first + n
        kind = rng.choice(kinds) if rng.random() < 0.5 else PartnerKind.LOCALITY
        stateless = kind in (PartnerKind.INTERNATIONAL_ORGANISATION, PartnerKind.NETWORK)
        country = "" if stateless and rng.random() < 0.8 else gen.country()
        if n < len(COUNTRIES):
            # The first partners cover every country once; the rest follow the weights.
            kind, country = PartnerKind.LOCALITY, COUNTRIES[n]
        stem = rng.choice(PLACE_STEMS) + rng.choice(PLACE_ENDINGS)
        name = f"{stem} {pk}"
        rows.append(
            {
                "id": pk,
                "name": name,
                "name_vi": f"Đối tác {name}" if rng.random() < 0.5 else "",
                "kind": kind,
                "country": country,
                "visibility": gen.visibility(),
                "created_at": stamp(FIRST_DAY),
                "updated_at": stamp(FIRST_DAY),
            }
        )
        gen.partner_country[pk] = country
    gen.write(ForeignPartner, rows)
    bar.advance(count)
    bar.close()
    gen.partner_ids = [r["id"] for r in rows] or list(gen.seed_partners)
    for pk, country in ForeignPartner.objects.filter(pk__in=gen.seed_partners).values_list(
        "pk", "country"
    ):
        gen.partner_country[pk] = country

    # Relationships: one in six partners, one level each (so never two current ones).
    rel_first = gen.next_id(Relationship)
    act_first = gen.next_id(RelationshipActivity)
    relationships, activities, links = [], [], []
    levels = RelationshipLevel.values
    for partner_id in gen.partner_ids[::6]:
        pk = rel_first + len(relationships)
        established = gen.day(FIRST_DAY, REFERENCE)
        status = rng.choice(RelationshipStatus.values)
        ended = gen.day(established, REFERENCE) if status == RelationshipStatus.ENDED else None
        relationships.append(
            {
                "id": pk,
                "partner_id": partner_id,
                "level": rng.choice(levels),
                "status": status,
                "local_unit_id": rng.choice(gen.unit_ids),
                "established_on": established,
                "ended_on": ended,
                "summary": "Quan hệ hợp tác hữu nghị",
                "visibility": gen.visibility(),
                "created_at": stamp(established),
                "updated_at": stamp(established),
            }
        )
        links += [(pk, s) for s in gen.sector_ids()]
        for _n in range(3):
            day = gen.day(established, LAST_DAY)
            activities.append(
                {
                    "id": act_first + len(activities),
                    "relationship_id": pk,
                    "date": day,
                    "kind": rng.choice(ActivityKind.values),
                    "title": f"Hoạt động hợp tác {day:%Y}",
                    "title_en": f"Cooperation activity {day:%Y}",
                    "local_unit_id": rng.choice(gen.unit_ids),
                    "visibility": gen.visibility(),
                    "created_at": stamp(day),
                    "updated_at": stamp(day),
                }
            )
    gen.write(Relationship, relationships)
    gen.write_links(Relationship._meta.get_field("sectors"), links)
    gen.write(RelationshipActivity, activities)


def delegations(gen):
    """Delegations in and out, some from several countries, with members, partners and
    sectors."""
    rng = gen.rng
    total = gen.count("delegations")
    pk = gen.next_id(Delegation)
    member_pk = gen.next_id(DelegationMember)
    kinds, ranks = DelegationKind.values, HeadRank.values
    gen.delegation_ids = []
    for size in gen.batches("delegations", total):
        rows, members, partner_links, sector_links = [], [], [], []
        for _n in range(size):
            start = gen.day()
            end = start + datetime.timedelta(days=rng.choice((0, 0, 1, 2, 3, 5)))
            if start > REFERENCE:
                status = rng.choice((DelegationStatus.PLANNED, DelegationStatus.CONFIRMED))
            else:
                roll = rng.random()
                status = (
                    DelegationStatus.CANCELLED
                    if roll < 0.05
                    else DelegationStatus.PLANNED
                    if roll < 0.08
                    else DelegationStatus.COMPLETED
                )
            kind = rng.choice(kinds)
            partners_here = {gen.partner() for _p in range(rng.choice((0, 1, 1, 1, 2)))}
            countries = {gen.partner_country[p] for p in partners_here} - {""}
            if not countries or rng.random() < 0.12:
                countries.add(gen.country())
            inbound = rng.random() < 0.75
            named = rng.random() < 0.7
            head = gen.foreigner() if inbound else gen.person()
            member_names = rng.randint(0, 4)
            title_vi, title_en = rng.choice(DELEGATION_VERBS)
            place = ", ".join(sorted(countries))
            rows.append(
                {
                    "id": pk,
                    "direction": "inbound" if inbound else "outbound",
                    "kind": kind,
                    "title": f"Đoàn {place} {title_vi} ({pk})",
                    "title_en": f"Delegation of {place}: {title_en} ({pk})",
                    "purpose": "Trao đổi hợp tác",
                    "head_name": head if named else "",
                    "head_title": "Trưởng đoàn" if not named or rng.random() < 0.5 else "",
                    "head_rank": rng.choice(ranks),
                    "member_count": 1 + member_names + rng.randint(0, 10),
                    "countries": ",".join(sorted(countries)),
                    "media_outlets": "\n".join(rng.sample(OUTLETS, 2))
                    if kind == DelegationKind.PRESS
                    else "",
                    "start_date": start,
                    "end_date": end,
                    "host_unit_id": rng.choice(gen.unit_ids) if rng.random() < 0.9 else None,
                    "city_leader": gen.person() if rng.random() < 0.5 else "",
                    "status": status,
                    "visibility": gen.visibility(),
                    "created_at": stamp(start),
                    "updated_at": stamp(start),
                }
            )
            for _m in range(member_names):
                members.append(
                    {
                        "id": member_pk,
                        "delegation_id": pk,
                        "name": gen.foreigner() if inbound else gen.person(),
                        "title": "Thành viên",
                    }
                )
                member_pk += 1
            partner_links += [(pk, p) for p in partners_here]
            sector_links += [(pk, s) for s in gen.sector_ids()]
            if len(gen.delegation_ids) < 20000:
                gen.delegation_ids.append(pk)
            pk += 1
        with transaction.atomic():
            gen.write(Delegation, rows)
            gen.write(DelegationMember, members)
            gen.write_links(Delegation._meta.get_field("partners"), partner_links)
            gen.write_links(Delegation._meta.get_field("sectors"), sector_links)


def conferences(gen):
    """Conferences hosted (with every permit status) and attended abroad."""
    rng = gen.rng
    total = gen.count("conferences")
    pk = gen.next_id(Conference)
    session_pk = gen.next_id(ConferenceSession)
    recommendation_pk = gen.next_id(Recommendation)
    gen.conference_ids = []
    for size in gen.batches("conferences", total):
        rows, sessions, recommendations = [], [], []
        unit_links, partner_links, sector_links = [], [], []
        for _n in range(size):
            start = gen.day()
            end = start + datetime.timedelta(days=rng.choice((0, 1, 2)))
            hosted = rng.random() < 0.7
            row = {
                "id": pk,
                "name": f"{rng.choice(CONFERENCE_TOPICS)[0]} hợp tác quốc tế ({pk})",
                "name_en": f"{rng.choice(CONFERENCE_TOPICS)[1]} international cooperation",
                "edition": rng.randint(1, 30) if rng.random() < 0.3 else None,
                "kind": rng.choice(Conference.Kind.values),
                "role": "hosted" if hosted else "attended",
                "start_date": start,
                "end_date": end,
                "city": "Cần Thơ" if hosted else "Seoul",
                "country": "VN" if hosted else gen.country(),
                "format": rng.choice(Conference.Format.values),
                "visibility": gen.visibility(),
                "created_at": stamp(start),
                "updated_at": stamp(start),
            }
            organiser = rng.random()
            if organiser < 0.6:
                row["organiser_unit_id"] = rng.choice(gen.unit_ids)
            elif organiser < 0.9:
                row["organiser_partner_id"] = gen.partner()
            else:
                row["organiser_name"] = "Bộ Ngoại giao"
            if rng.random() < 0.8:
                total_people = rng.randint(20, 800)
                row["participants_total"] = total_people
                row["participants_foreign"] = rng.randint(0, total_people)
                row["countries_count"] = rng.randint(1, 40)
            if hosted:
                permit = rng.choice(PermitStatus.values)
                if start > REFERENCE and permit == PermitStatus.HELD:
                    permit = PermitStatus.APPROVED
                row["permit_status"] = permit
                decided = permit != PermitStatus.REQUESTED and (
                    permit in (PermitStatus.APPROVED, PermitStatus.HELD) or rng.random() < 0.5
                )
                if decided:
                    row["permit_number"] = f"{pk}/QĐ-UBND"
                    row["permit_date"] = start - datetime.timedelta(days=rng.randint(10, 60))
                    row["permit_authority"] = "Ủy ban nhân dân thành phố"
                row["permit_requested_by_id"] = rng.choice(gen.unit_ids)
                if permit == PermitStatus.HELD:
                    row["awards_individuals"] = rng.randint(0, 5)
            rows.append(row)
            for n in range(rng.randint(0, 2)):
                sessions.append(
                    {
                        "id": session_pk,
                        "conference_id": pk,
                        "title": f"Phiên {n + 1}",
                        "kind": rng.choice(ConferenceSession.Kind.values),
                        "date": start,
                    }
                )
                session_pk += 1
            if rng.random() < 0.3:
                recommendations.append(
                    {
                        "id": recommendation_pk,
                        "conference_id": pk,
                        "text": "Kiến nghị tăng cường hợp tác",
                        "addressed_to": "Bộ Ngoại giao",
                    }
                )
                recommendation_pk += 1
            if rng.random() < 0.3:
                unit_links.append((pk, rng.choice(gen.unit_ids)))
            if rng.random() < 0.3:
                partner_links.append((pk, gen.partner()))
            sector_links += [(pk, s) for s in gen.sector_ids()]
            if len(gen.conference_ids) < 20000:
                gen.conference_ids.append(pk)
            pk += 1
        with transaction.atomic():
            gen.write(Conference, rows)
            gen.write(ConferenceSession, sessions)
            gen.write(Recommendation, recommendations)
            gen.write_links(Conference._meta.get_field("co_organiser_units"), unit_links)
            gen.write_links(Conference._meta.get_field("co_organiser_partners"), partner_links)
            gen.write_links(Conference._meta.get_field("sectors"), sector_links)


def _agreement_dates(gen, status):
    """signed_on, entry_into_force, expires_on, auto_renew, term, terminated_on for a
    stored ``status``, consistent with the constraints and with ``REFERENCE``."""
    rng = gen.rng
    if status == AgreementStatus.NEGOTIATING:
        return None, None, None, False, None, None
    signed = gen.day(FIRST_DAY, REFERENCE)
    force = signed + datetime.timedelta(days=rng.randint(0, 60)) if rng.random() < 0.3 else None
    begin = force or signed
    years = rng.choice((None, 1, 2, 3, 5, 10))
    expires = begin + datetime.timedelta(days=365 * years) if years else None
    auto = bool(expires) and rng.random() < 0.3
    terminated = None
    if status == AgreementStatus.EXPIRED:
        expires = expires or begin + datetime.timedelta(days=365)
        auto = False
    if status == AgreementStatus.TERMINATED:
        terminated = gen.day(signed, REFERENCE)
    return signed, force, expires, auto, (12 if auto else None), terminated


def agreements(gen):
    """Agreements of every kind and status, with parties, sectors and activities."""
    rng = gen.rng
    total = gen.count("agreements")
    pk = gen.next_id(Agreement)
    activity_pk = gen.next_id(AgreementActivity)
    statuses = AgreementStatus.values
    gen.agreement_ids = []
    for size in gen.batches("agreements", total):
        rows, activities, party_links, sector_links = [], [], [], []
        for _n in range(size):
            status = rng.choice(statuses)
            signed, force, expires, auto, term, terminated = _agreement_dates(gen, status)
            topic_vi, topic_en = rng.choice(AGREEMENT_TOPICS)
            created = signed or gen.day(FIRST_DAY, REFERENCE)
            city = rng.random() < 0.4
            rows.append(
                {
                    "id": pk,
                    "kind": rng.choice(Agreement.Kind.values),
                    "reference_number": f"{pk}/{created:%Y}/TTHT" if signed else "",
                    "title": f"{topic_vi} {rng.choice(gen.sector_names)} ({pk})",
                    "title_en": f"{topic_en} cooperation ({pk})",
                    "signing_level": "city" if city else "unit",
                    "signatory_unit_id": rng.choice(gen.unit_ids),
                    "signatory": gen.person() if signed else "",
                    "signed_on": signed,
                    "signed_at": "Cần Thơ" if signed else "",
                    "delegation_id": rng.choice(gen.delegation_ids)
                    if signed and rng.random() < 0.2
                    else None,
                    "conference_id": rng.choice(gen.conference_ids)
                    if signed and rng.random() < 0.1
                    else None,
                    "entry_into_force": force,
                    "expires_on": expires,
                    "auto_renew": auto,
                    "renewal_term_months": term,
                    "status": status,
                    "terminated_on": terminated,
                    "summary": "Hợp tác trong các lĩnh vực cùng quan tâm",
                    "visibility": gen.visibility(),
                    "created_at": stamp(created),
                    "updated_at": stamp(created),
                }
            )
            party_links += [(pk, gen.partner()) for _p in range(rng.choice((1, 1, 1, 2, 3)))]
            sector_links += [(pk, s) for s in gen.sector_ids()]
            if signed and rng.random() < 0.6:
                day = gen.day(signed, LAST_DAY)
                activities.append(
                    {
                        "id": activity_pk,
                        "agreement_id": pk,
                        "date": day,
                        "description": "Triển khai hoạt động theo thỏa thuận",
                        "unit_id": rng.choice(gen.unit_ids),
                        "progress": "Đang triển khai",
                        "visibility": gen.visibility(),
                        "created_at": stamp(day),
                        "updated_at": stamp(day),
                    }
                )
                activity_pk += 1
            if len(gen.agreement_ids) < 20000:
                gen.agreement_ids.append(pk)
            pk += 1
        with transaction.atomic():
            gen.write(Agreement, rows)
            gen.write(AgreementActivity, activities)
            gen.write_links(Agreement._meta.get_field("parties"), party_links)
            gen.write_links(Agreement._meta.get_field("sectors"), sector_links)


def exchange_rates(gen):
    """A rate per currency on the first of every month of the calendar, where there is
    none on that day yet."""
    rng = gen.rng
    existing = set(ExchangeRate.objects.values_list("currency", "valid_from"))
    pk = gen.next_id(ExchangeRate)
    rows = []
    day = datetime.date(FIRST_DAY.year - 1, 1, 1)
    while day <= LAST_DAY:
        for currency, base in BASE_RATES.items():
            drift = Decimal(str(round(base * (0.9 + 0.2 * rng.random()), 6)))
            if (currency, day) not in existing:
                rows.append(
                    {
                        "id": pk,
                        "currency": currency,
                        "valid_from": day,
                        "rate_to_vnd": drift,
                        "source": "Ngân hàng Nhà nước Việt Nam (dữ liệu tổng hợp)",
                        "created_at": stamp(day),
                        "updated_at": stamp(day),
                    }
                )
                pk += 1
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    gen.write(ExchangeRate, rows)


def _amount(rng, currency, vnd_low, vnd_high):
    rate = BASE_RATES.get(currency, 1)
    value = rng.uniform(vnd_low, vnd_high) / rate
    if currency in WHOLE_CURRENCIES:
        return Decimal(int(value))
    return Decimal(f"{value:.2f}")


def _converted(row, amount, day, rates):
    """Add to ``row`` its amount converted (``aid.conversions``), as ``save()`` would."""
    row["converted_vnd"], row["converted_usd_cents"] = stored_amounts(
        row[amount], row["currency"], day, rates
    )


def aid(gen):
    """Aid projects received and given, in every currency, modality and status, with their
    disbursements."""
    rng = gen.rng
    total = gen.count("aid")
    pk = gen.next_id(AidProject)
    disbursement_pk = gen.next_id(Disbursement)
    currencies = list(CURRENCIES)
    rates = RateTable()  # every amount is stored converted too (``aid.conversions``)
    for size in gen.batches("aid projects", total):
        rows, disbursements, sector_links = [], [], []
        for _n in range(size):
            committed = gen.day(FIRST_DAY, REFERENCE)
            received = rng.random() < 0.85
            modality = rng.choice(Modality.values)
            if not received and modality in (Modality.ODA_LOAN, Modality.ODA_GRANT):
                modality = Modality.IN_KIND
            partner = gen.partner() if rng.random() < 0.85 else None
            country = (partner and gen.partner_country.get(partner)) or gen.country()
            currency = rng.choice(currencies)
            start = committed + datetime.timedelta(days=rng.randint(0, 180))
            end = start + datetime.timedelta(days=rng.randint(180, 1500))
            status = rng.choice(AidStatus.values)
            topic_vi, topic_en = rng.choice(AID_TOPICS)
            rows.append(
                {
                    "id": pk,
                    "direction": "received" if received else "given",
                    "modality": modality,
                    "title": f"{topic_vi} {rng.choice(gen.sector_names)} ({pk})",
                    "title_en": f"{topic_en} ({pk})",
                    "partner_id": partner,
                    "country": country,
                    "implementing_unit_id": rng.choice(gen.unit_ids),
                    "commitment_amount": _amount(rng, currency, 2e8, 5e10),
                    "currency": currency,
                    "committed_on": committed,
                    "start_date": start,
                    "end_date": end if rng.random() < 0.8 else None,
                    "status": status,
                    "district_id": rng.choice(gen.district_ids)
                    if gen.district_ids and rng.random() < 0.5
                    else None,
                    "beneficiaries": "Người dân địa phương",
                    "agreement_id": rng.choice(gen.agreement_ids)
                    if gen.agreement_ids and rng.random() < 0.2
                    else None,
                    "summary": "Hỗ trợ phát triển",
                    "visibility": gen.visibility(),
                    "created_at": stamp(committed),
                    "updated_at": stamp(committed),
                }
            )
            _converted(rows[-1], "commitment_amount", committed, rates)
            if status not in (AidStatus.PIPELINE, AidStatus.CANCELLED):
                for _d in range(rng.randint(0, 4)):
                    day = gen.day(start, min(end, LAST_DAY)) if start <= LAST_DAY else start
                    disbursements.append(
                        {
                            "id": disbursement_pk,
                            "project_id": pk,
                            "date": day,
                            "amount": _amount(rng, currency, 5e7, 5e9),
                            "currency": currency,
                            "note": "Giải ngân đợt",
                            "created_at": stamp(day),
                            "updated_at": stamp(day),
                        }
                    )
                    _converted(disbursements[-1], "amount", day, rates)
                    disbursement_pk += 1
            sector_links += [(pk, s) for s in gen.sector_ids()]
            pk += 1
        with transaction.atomic():
            gen.write(AidProject, rows)
            gen.write(Disbursement, disbursements)
            gen.write_links(AidProject._meta.get_field("sectors"), sector_links)


ATTACHED = [  # (the record type, its share of the attachments)
    ("delegations.Delegation", 0.5),
    ("agreements.Agreement", 0.2),
    ("conferences.Conference", 0.15),
    ("aid.AidProject", 0.1),
    ("partners.Relationship", 0.05),
]
DOCUMENT_NAMES = ["Bien ban", "Chuong trinh", "Ke hoach", "Bao cao", "Thu moi"]


def attachments(gen):
    """The metadata of photos and documents attached to the records, without their files
    (a benchmark reads lists and pages, never the bytes): the record, kind and type, size,
    checksum, stored and original names, caption and date."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from attachments.models import DOCUMENT_TYPES, EXTENSIONS, PHOTO_TYPES, Attachment

    rng = gen.rng
    total = gen.count("attachments")
    pk = gen.next_id(Attachment)
    targets = []
    for label, share in ATTACHED:
        model = apps.get_model(label)
        rows = model.objects.aggregate(low=Min("pk"), high=Max("pk"))
        if rows["low"] is not None:
            content_type = ContentType.objects.get_for_model(model).pk
            targets.append((share, content_type, rows["low"], rows["high"]))
    if not targets:
        return
    weights = [share for share, *_rest in targets]
    for size in gen.batches("attachments", total):
        rows = []
        for _n in range(size):
            _share, content_type, low, high = rng.choices(targets, weights)[0]
            photo = rng.random() < 0.7
            file_type = rng.choice(PHOTO_TYPES if photo else DOCUMENT_TYPES)
            day = gen.day(FIRST_DAY, REFERENCE)
            stem = f"attachments/{day.year}/{rng.getrandbits(96):024x}"
            extension = EXTENSIONS[file_type]
            caption = f"Ảnh hoạt động ({pk})" if photo else f"{rng.choice(DOCUMENT_NAMES)} ({pk})"
            rows.append(
                {
                    "id": pk,
                    "content_type_id": content_type,
                    "object_id": rng.randint(low, high),
                    "kind": "photo" if photo else "document",
                    "file": f"{stem}.{extension}",
                    "thumbnail": f"{stem}.thumb.webp" if photo else "",
                    "caption": caption,
                    "caption_en": f"Photo ({pk})" if photo else f"Document ({pk})",
                    "date": day,
                    "original_name": f"{'IMG' if photo else 'tai-lieu'}_{pk}.{extension}",
                    "size": rng.randint(20_000, 8_000_000),
                    "file_type": file_type,
                    "sha256": f"{rng.getrandbits(256):064x}",
                    "visibility": gen.visibility(),
                    "created_at": stamp(day),
                    "updated_at": stamp(day),
                }
            )
            pk += 1
        with transaction.atomic():
            gen.write(Attachment, rows)


def sector_names(gen):
    gen.sector_names = list(Sector.objects.order_by("pk").values_list("name", flat=True)) or [
        "hợp tác"
    ]


# In dependency order. A new record type adds one function.
STEPS = [
    reference_data,
    sector_names,
    partners,
    delegations,
    conferences,
    agreements,
    exchange_rates,
    aid,
    attachments,
]
