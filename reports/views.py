"""The leaders' dashboard: the figures of a period (and of the one before, to compare), the
monthly trend and the breakdowns as charts, and the lists that need attention, each number
linked to the admin list of the records behind it.

Every number comes from ``reports.statistics``; this module only arranges them, adds the
links (``reports.links``) and caches the result (``reports.cache``). Staff only: the
dashboard counts internal records.
"""

import datetime
import tempfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Subquery
from django.http import FileResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from agreements.models import (
    DORMANT_AFTER_DAYS,
    EXPIRING_SOON_DAYS,
    Agreement,
    AgreementActivity,
)
from aid.currencies import USD, VND
from aid.models import AID_ENDING_DAYS, AidProject
from aid.money import format_money
from conferences.models import PERMIT_PENDING_DAYS, Conference
from core.roles import ROLES
from delegations.models import Delegation
from partners.models import Relationship, RelationshipActivity
from reports.annual import build_report
from reports.annual.render import FORMATS, LANGUAGES, filename, render
from reports.charts import template_callable
from reports.statistics.agreements import (
    agreement_summary,
    agreements_by_level,
    agreements_by_sector,
)
from reports.statistics.aid import aid_ending_count, aid_overview, aid_summary
from reports.statistics.conferences import (
    conference_summary,
    conferences_by_format,
    permits_pending_count,
)
from reports.statistics.delegations import (
    delegation_overview,
    delegation_summary,
    upcoming_delegation_count,
)
from reports.statistics.relationships import dormant_relationship_count, relationship_summary
from reports.statistics.trend import monthly_trend

from . import cache, links
from .forms import PeriodForm

UPCOMING_DAYS = 30
LIST_LENGTH = 10
TOP_COUNTRIES = 10
RELATIONSHIP_DORMANT_DAYS = 365


def may_view_dashboard(user):
    """Staff members of the Viewers, Editors or Publishers, and superusers. One query (the
    groups) for a staff member who is not a superuser."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name__in=ROLES).exists()


def compact_money(amount, currency):
    """A large amount as a leader reads it: ``7.116,6 tỷ ₫`` / ``VND 7,116.6 billion``,
    ``281,7 triệu USD`` / ``USD 281.7 million``; below a million, the whole amount without
    cents. The exact amount is one click away, in the admin's totals."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    vietnamese = (translation.get_language() or "vi").startswith("vi")
    symbol = "₫" if vietnamese and currency == VND else currency
    for size, text in (
        (10**9, _("{currency} {amount} billion")),
        (10**6, _("{currency} {amount} million")),
    ):
        if abs(amount) >= size:
            number = number_format(amount / size, decimal_pos=1, force_grouping=True)
            return text.format(currency=symbol, amount=number)
    return format_money(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP), currency)


# What the page shows. Plain values (numbers, str, dates): they are cached.


@dataclass
class Figure:
    """One headline figure: its value in the period, and in the previous one when
    comparing (``previous``); ``currency`` for money; ``as_of_today`` for a figure that
    does not depend on the period (nothing to compare); ``url`` the records behind it."""

    label: str
    value: object
    url: str = ""
    previous: object = None
    currency: str = ""
    as_of_today: bool = False
    note: str = ""
    missing: list = field(default_factory=list)  # the missing exchange rates, as sentences
    # What the value measures of the records behind ``url``: "count" (how many), or a
    # sum: "participants", "participants_foreign", "committed_vnd", "committed_usd",
    # "disbursed" (tests/reports/test_links.py checks each).
    measure: str = "count"
    # The same amount in another currency, shown smaller below the value (a Figure).
    secondary: object = None

    def _format(self, value):
        if value is None:
            return ""
        if self.currency:
            return compact_money(value, self.currency)
        return number_format(value, force_grouping=True)

    @property
    def exact(self):
        """The exact amount of a money figure (for a tooltip)."""
        return format_money(self.value, self.currency) if self.currency else self.display

    def all(self):
        """This figure and its secondary one: every value that has a link."""
        return [self] if self.secondary is None else [self, self.secondary]

    @property
    def display(self):
        return self._format(self.value)

    @property
    def display_previous(self):
        return self._format(self.previous)

    @property
    def compared(self):
        return self.previous is not None

    @property
    def delta(self):
        return None if self.previous is None else self.value - self.previous

    @property
    def direction(self):
        """ "up", "down" or "same": for the arrow beside the change (its text says it too)."""
        delta = self.delta
        if not delta:
            return "same"
        return "up" if delta > 0 else "down"

    @property
    def display_delta(self):
        delta = self.delta
        if delta is None:
            return ""
        sign = "+" if delta > 0 else "−" if delta < 0 else "±"
        return sign + self._format(abs(delta))

    @property
    def display_percent(self):
        """The change in percent; "new" where there was nothing before, "—" where there
        is nothing in either period (no division by zero)."""
        if self.previous is None:
            return ""
        if not self.previous:
            return _("new") if self.value else "—"
        percent = Decimal(self.value - self.previous) * 100 / Decimal(self.previous)
        sign = "+" if percent > 0 else "−" if percent < 0 else "±"
        return f"{sign}{number_format(abs(percent), decimal_pos=1)}%"


@dataclass
class Section:
    title: str
    figures: list
    note: str = ""


@dataclass
class ListItem:
    title: str
    url: str
    date: object = None
    meta: str = ""


@dataclass
class RecordList:
    """A list that needs attention: its first rows, how many there are, and the change
    list of all of them."""

    title: str
    items: list
    count: int
    url: str
    empty: str
    date_label: str = ""

    @property
    def more(self):
        return max(self.count - len(self.items), 0)


# Computing the figures


def _missing_texts(*totals):
    found = {missing for total in totals for missing in total.missing}
    return [str(missing) for missing in sorted(found, key=lambda m: (m.currency, m.date))]


def _period_figures(period, today, aid=None, delegations=None):
    """Every figure of one period that depends on it, from the statistics layer (``aid``,
    ``delegations``: its aid and delegation summaries when already computed)."""
    span = {"start": period.start, "end": period.end}
    return {
        "delegations": delegations if delegations is not None else delegation_summary(**span),
        "agreements": agreement_summary(**span, today=today),
        "relationships": relationship_summary(**span),
        "conferences": conference_summary(**span),
        "aid": aid if aid is not None else aid_summary(**span),
    }


def _sections(period, current, previous, today, dormant_relationships):
    """The headline figures, grouped, with their links and previous values."""
    start, end = period.start, period.end

    def before(name, attribute):
        if previous is None:
            return None
        value = previous[name]
        for part in attribute.split("."):
            value = getattr(value, part)
        return value

    def figure(label, name, attribute, url, **kwargs):
        value = current[name]
        for part in attribute.split("."):
            value = getattr(value, part)
        return Figure(label, value, url, previous=before(name, attribute), **kwargs)

    delegations = Section(
        _("Delegations"),
        [
            figure(
                _("Foreign delegations received"),
                "delegations",
                "inbound",
                links.delegations(start, end, today=today, direction="inbound"),
            ),
            figure(
                _("Delegations of the city abroad"),
                "delegations",
                "outbound",
                links.delegations(start, end, today=today, direction="outbound"),
            ),
            figure(
                _("Foreign press delegations"),
                "delegations",
                "inbound_press",
                links.delegations(start, end, today=today, direction="inbound", kind="press"),
            ),
        ],
        note=_(
            "A delegation counts once, in the period of its first day, once that day has "
            "come; cancelled ones never count."
        ),
    )

    agreements = Section(
        _("Agreements"),
        [
            figure(
                _("Signed by the city leadership"),
                "agreements",
                "city",
                links.agreements_signed(start, end, level=Agreement.Level.CITY),
            ),
            figure(
                _("Signed by departments and units"),
                "agreements",
                "unit",
                links.agreements_signed(start, end, level=Agreement.Level.UNIT),
            ),
            figure(
                _("In force at the end of the period"),
                "agreements",
                "in_force",
                links.agreements_in_force(end, today=today),
            ),
            Figure(
                _("Expiring within {days} days").format(days=EXPIRING_SOON_DAYS),
                current["agreements"].expiring_soon,
                links.agreements_expiring(),
                as_of_today=True,
            ),
            Figure(
                _("No implementation activity for {months} months").format(
                    months=round(DORMANT_AFTER_DAYS / 30.4)
                ),
                current["agreements"].dormant,
                links.agreements_dormant(),
                as_of_today=True,
            ),
        ],
    )

    relationships = Section(
        _("Twin cities and relationships"),
        [
            figure(
                _("Current at the end of the period"),
                "relationships",
                "current",
                links.relationships_current(end),
            ),
            figure(
                _("Active at the end of the period"),
                "relationships",
                "active",
                links.relationships_current(end, status=Relationship.Status.ACTIVE),
            ),
            figure(
                _("Established in the period"),
                "relationships",
                "new_in_period",
                links.relationships_new(start, end),
            ),
            Figure(
                _("Dormant: no activity for a year"),
                dormant_relationships["count"],
                links.relationships_dormant(RELATIONSHIP_DORMANT_DAYS),
                as_of_today=True,
            ),
        ],
    )

    hosted = Conference.Role.HOSTED
    held_url = links.conferences(start, end, role=hosted, held=True)
    conferences = Section(
        _("International conferences"),
        [
            figure(
                _("Permitted in the city"),
                "conferences",
                "hosted_permitted",
                links.conferences(start, end, role=hosted, permitted=True),
            ),
            figure(_("Held in the city"), "conferences", "hosted_held", held_url),
            figure(
                _("Participants"),
                "conferences",
                "participants",
                held_url,
                measure="participants",
                note=_("Of the conferences held in the city whose figures are recorded."),
            ),
            figure(
                _("Foreign participants"),
                "conferences",
                "participants_foreign",
                held_url,
                measure="participants_foreign",
            ),
            figure(
                _("Attended by the city elsewhere"),
                "conferences",
                "attended",
                links.conferences(start, end, role=Conference.Role.ATTENDED),
            ),
        ],
    )

    aid = current["aid"]
    received_url = links.aid_projects(start, end, direction="received")
    disbursed_url = links.aid_projects_disbursed(start, end)

    def received(total_name, currency):
        """The received aid's ``total_name`` (committed, disbursed) in ``currency`` (vnd,
        usd): ODA and other aid together, now and before."""

        def of(figures):
            return getattr(getattr(figures.oda, total_name), currency) + getattr(
                getattr(figures.other, total_name), currency
            )

        return of(aid), of(previous["aid"]) if previous is not None else None

    def money(label, total_name, url, measure, note=""):
        """A money figure of the received aid in VND, with USD below it."""
        missing = _missing_texts(getattr(aid.oda, total_name), getattr(aid.other, total_name))
        vnd, vnd_before = received(total_name, "vnd")
        usd, usd_before = received(total_name, "usd")
        usd_measure = "committed_usd" if measure == "committed_vnd" else measure
        return Figure(
            label,
            vnd,
            url,
            previous=vnd_before,
            currency=VND,
            measure=measure,
            missing=missing,
            note=note,
            secondary=Figure(
                label, usd, url, previous=usd_before, currency=USD, measure=usd_measure
            ),
        )

    aid_received = Section(
        _("Aid received"),
        [
            Figure(
                _("Projects and non-project aid"),
                aid.received_count,
                received_url,
                previous=previous["aid"].received_count if previous else None,
            ),
            figure(
                _("of which ODA"),
                "aid",
                "oda.count",
                links.aid_projects(start, end, direction="received", oda=True),
            ),
            money(_("Committed"), "committed", received_url, "committed_vnd"),
            money(
                _("Disbursed in the period"),
                "disbursed",
                disbursed_url,
                "disbursed",
                note=_("Disbursements dated in the period, whenever the project was committed."),
            ),
        ],
        note=_(
            "Amounts are converted at the exchange rate in force on each commitment's or "
            "disbursement's date; a total that lacks a rate names it."
        ),
    )
    given_url = links.aid_projects(start, end, direction="given")
    given_missing = _missing_texts(aid.given.committed)
    aid_given = Section(
        _("Aid given by the city"),
        [
            figure(_("Projects"), "aid", "given.count", given_url),
            figure(
                _("Committed"),
                "aid",
                "given.committed.vnd",
                given_url,
                currency=VND,
                measure="committed_vnd",
                missing=given_missing,
                secondary=figure(
                    _("Committed"),
                    "aid",
                    "given.committed.usd",
                    given_url,
                    currency=USD,
                    measure="committed_usd",
                ),
            ),
        ],
    )
    return [delegations, agreements, relationships, conferences, aid_received, aid_given]


def _charts(period, today, aid, countries):
    """The rows of every chart, and the URL of each bar (``aid``: the period's
    ``AidOverview``; ``countries``: its top delegation countries)."""
    start, end = period.start, period.end
    span = {"start": start, "end": end}

    trend = monthly_trend(**span)
    # A column of the trend links to its records: (month, series) -> URL.
    trend_links = {}
    for row in trend:
        for direction in ("inbound", "outbound"):
            trend_links[(row.key, f"delegations_{direction}")] = links.delegations_in_month(
                start, end, row.key, today=today, direction=direction
            )
        trend_links[(row.key, "agreements")] = links.agreements_signed_in_month(start, end, row.key)
        trend_links[(row.key, "conferences")] = links.conferences_in_month(start, end, row.key)
        trend_links[(row.key, "aid_projects")] = links.aid_projects_in_month(start, end, row.key)
    sectors = agreements_by_sector(**span)
    levels = agreements_by_level(**span)
    formats = conferences_by_format(**span)
    # These charts show commitments: a row with only disbursements (of a project committed
    # in another period) has nothing to draw.
    donors = [row for row in aid.by_country if row.count]
    modalities = [row for row in aid.by_modality if row.count]
    return {
        "trend": trend,
        "trend_links": trend_links,
        "countries": countries,
        "countries_links": dict(
            (row.key, links.delegations(start, end, today=today, country=row.key))
            for row in countries
        ),
        "sectors": sectors,
        "sectors_links": dict(
            (row.key, links.agreements_signed(start, end, sector_id=row.extra.get("sector_id")))
            for row in sectors
        ),
        "levels": levels,
        "levels_links": dict(
            (row.key, links.agreements_signed(start, end, level=row.key)) for row in levels
        ),
        "formats": formats,
        "formats_links": dict(
            (row.key, links.conferences(start, end, held=True, format=row.key)) for row in formats
        ),
        "donors": donors,
        "donors_links": dict(
            (row.key, links.aid_projects(start, end, direction="received", country=row.key))
            for row in donors
        ),
        "modalities": modalities,
        "modalities_links": dict(
            (row.key, links.aid_projects(start, end, direction="received", modality=row.key))
            for row in modalities
        ),
    }


def _dormant_agreements(today):
    """The first dormant agreements, those without any activity first (by signing date),
    then the longest silent, each with ``last_activity_on``. Those without any activity
    are found without computing anybody's last activity (at national scale, tens of
    thousands of subqueries); the others only when there are too few of them."""
    dormant = Agreement.objects.dormant(DORMANT_AFTER_DAYS, today=today)
    any_activity = Exists(AgreementActivity.objects.filter(agreement=OuterRef("pk")))
    never = list(dormant.exclude(any_activity).order_by("signed_on", "id")[:LIST_LENGTH])
    for agreement in never:
        agreement.last_activity_on = None
    if len(never) == LIST_LENGTH:
        return never
    silent = (
        dormant.filter(any_activity)
        .with_last_activity()
        .order_by("last_activity_on", "signed_on", "id")[: LIST_LENGTH - len(never)]
    )
    return never + list(silent)


def _lists(today, agreement_figures, dormant_relationships):
    """The lists that need attention, as of today."""
    upcoming = Delegation.objects.upcoming(today).filter(
        start_date__lte=today + datetime.timedelta(days=UPCOMING_DAYS)
    )
    upcoming_rows = list(upcoming[:LIST_LENGTH])
    upcoming_count = upcoming_delegation_count(days=UPCOMING_DAYS, today=today)
    expiring = list(
        Agreement.objects.expiring_within(EXPIRING_SOON_DAYS, today=today).order_by(
            "expires_on", "id"
        )[:LIST_LENGTH]
    )
    dormant = _dormant_agreements(today)
    last_activity = (
        RelationshipActivity.objects.filter(relationship=OuterRef("pk"))
        .order_by("-date")
        .values("date")[:1]
    )
    relationships = list(
        Relationship.objects.dormant(RELATIONSHIP_DORMANT_DAYS, today=today)
        .select_related("partner")
        .annotate(last_activity_on=Subquery(last_activity))
        .order_by(F("last_activity_on").asc(nulls_first=True), "partner__name", "id")[:LIST_LENGTH]
    )
    permits = list(
        Conference.objects.permit_pending(days=PERMIT_PENDING_DAYS, today=today).select_related(
            "permit_requested_by"
        )[:LIST_LENGTH]
    )
    ending = list(
        AidProject.objects.ending_within(days=AID_ENDING_DAYS, today=today).select_related(
            "partner"
        )[:LIST_LENGTH]
    )
    return [
        RecordList(
            _("Delegations in the next {days} days").format(days=UPCOMING_DAYS),
            [
                ListItem(
                    d.display_title,
                    links.change_url(d),
                    d.start_date,
                    "{} · {}".format(
                        _("Inbound")
                        if d.direction == Delegation.Direction.INBOUND
                        else _("Outbound"),
                        ", ".join(country.name for country in d.countries),
                    ),
                )
                for d in upcoming_rows
            ],
            upcoming_count,
            links.upcoming_delegations(today=today, days=UPCOMING_DAYS),
            _("No delegation is planned for the next {days} days.").format(days=UPCOMING_DAYS),
            date_label=_("Arrives"),
        ),
        RecordList(
            _("Agreements expiring within {days} days").format(days=EXPIRING_SOON_DAYS),
            [
                ListItem(a.display_title, links.change_url(a), a.expires_on, a.reference_number)
                for a in expiring
            ],
            agreement_figures.expiring_soon,
            links.agreements_expiring(),
            _("No agreement expires within {days} days.").format(days=EXPIRING_SOON_DAYS),
            date_label=_("Expires"),
        ),
        RecordList(
            _("Agreements without implementation activity for {months} months").format(
                months=round(DORMANT_AFTER_DAYS / 30.4)
            ),
            [
                ListItem(
                    a.display_title,
                    links.change_url(a),
                    a.last_activity_on,
                    _("signed {date}").format(date=date_format(a.signed_on, "SHORT_DATE_FORMAT")),
                )
                for a in dormant
            ],
            agreement_figures.dormant,
            links.agreements_dormant(),
            _("Every agreement in force has recent activity."),
            date_label=_("Last activity"),
        ),
        RecordList(
            _("Dormant relationships"),
            [
                ListItem(
                    str(r.partner), links.change_url(r), r.last_activity_on, r.get_level_display()
                )
                for r in relationships
            ],
            dormant_relationships["count"],
            links.relationships_dormant(RELATIONSHIP_DORMANT_DAYS),
            _("Every current relationship has had activity within the year."),
            date_label=_("Last activity"),
        ),
        RecordList(
            _("Conferences awaiting a permit, in the next {days} days").format(
                days=PERMIT_PENDING_DAYS
            ),
            [
                ListItem(
                    c.display_name,
                    links.change_url(c),
                    c.start_date,
                    _("requested by {unit}").format(unit=c.permit_requested_by)
                    if c.permit_requested_by
                    else "",
                )
                for c in permits
            ],
            permits_pending_count(days=PERMIT_PENDING_DAYS, today=today),
            links.conferences_permit_pending(today=today, days=PERMIT_PENDING_DAYS),
            _("No conference of the next {days} days is waiting for its permit.").format(
                days=PERMIT_PENDING_DAYS
            ),
            date_label=_("Begins"),
        ),
        RecordList(
            _("Aid projects ending within {days} days").format(days=AID_ENDING_DAYS),
            [
                ListItem(
                    p.display_title,
                    links.change_url(p),
                    p.end_date,
                    " · ".join(
                        str(part) for part in (p.get_direction_display(), p.partner) if part
                    ),
                )
                for p in ending
            ],
            aid_ending_count(days=AID_ENDING_DAYS, today=today),
            links.aid_projects_ending(today=today, days=AID_ENDING_DAYS),
            _("No aid project ends within {days} days.").format(days=AID_ENDING_DAYS),
            date_label=_("Ends"),
        ),
    ]


def dashboard_data(period, compare, today):
    """Everything the dashboard shows for ``period`` (and the previous one when
    ``compare``), as plain values to cache. A fixed number of queries, whatever the
    number of records."""
    # The period's aid summary, its received aid by country and modality: one reading.
    aid = aid_overview(start=period.start, end=period.end)
    # The period's delegations by set of countries: the summary and the top countries.
    delegations = delegation_overview(start=period.start, end=period.end, limit=TOP_COUNTRIES)
    current = _period_figures(period, today, aid=aid.summary, delegations=delegations.summary)
    previous = _period_figures(period.previous(), today) if compare else None
    dormant_relationships = {
        "count": dormant_relationship_count(days=RELATIONSHIP_DORMANT_DAYS, today=today),
    }
    return {
        "sections": _sections(period, current, previous, today, dormant_relationships),
        "charts": _charts(period, today, aid, delegations.by_country),
        "lists": _lists(today, current["agreements"], dormant_relationships),
        "aid_missing": [str(m) for m in current["aid"].missing],
    }


FIGURES_TEMPLATE = "reports/includes/dashboard_figures.html"


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "reports/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form = PeriodForm(self.request.GET, today=today)
        context.update(form=form, today=today, cache_minutes=cache.TIMEOUT // 60)
        if form.is_bound and not form.is_valid():
            return context
        period, compare = form.period, form.comparing
        page = {
            "previous_period": period.previous() if compare else None,
            "today": today,
            "trend_series": [
                ("delegations_inbound", _("Foreign delegations received")),
                ("delegations_outbound", _("Delegations of the city abroad")),
            ],
            "trend_series_2": [
                ("agreements", _("Agreements signed")),
                ("conferences", _("Conferences")),
                ("aid_projects", _("Aid projects committed")),
            ],
            "money_vnd": template_callable(lambda value: compact_money(value, VND)),
        }

        def compute():
            # The figures, and their part of the page rendered once: a cached request
            # reads both and renders only the page around them.
            data = dashboard_data(period, compare, today)
            data["figures_html"] = render_to_string(FIGURES_TEMPLATE, {**data, **page})
            return data

        data = cache.get_or_compute(
            (period.cache_key, compare, translation.get_language(), today.isoformat()),
            compute,
        )
        context.update(
            data,
            **page,
            period=period,
            compare=compare,
            running=period.is_running(today),
        )
        return context


class ReportDownloadView(LoginRequiredMixin, View):
    """The report of the dashboard's period as a file to download:
    ``?<the dashboard's period parameters>&format=pdf&lang=vi`` (format xlsx, docx or pdf;
    language vi or en, by default the page's). Who may see the dashboard may download it.

    The file is written to a temporary file, then streamed from it: a large workbook never
    sits whole in memory."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        format = data.pop("format", ["pdf"])[-1]
        language = data.pop("lang", [translation.get_language()])[-1]
        if format not in FORMATS:
            return HttpResponseBadRequest(
                _("Unknown format: choose one of {choices}.").format(choices=", ".join(FORMATS))
            )
        if language not in LANGUAGES:
            return HttpResponseBadRequest(
                _("Unknown language: choose one of {choices}.").format(choices=", ".join(LANGUAGES))
            )
        form = PeriodForm(data, today=timezone.localdate())
        if form.is_bound and not form.is_valid():
            return HttpResponseBadRequest(
                _("The period could not be read. Choose it again on the dashboard.")
            )
        period = form.period
        report = build_report(
            start=period.start,
            end=period.end,
            language=language,
            user=request.user,
            compare=form.comparing,
        )
        stream = tempfile.TemporaryFile()
        try:
            render(report, format, stream)
            stream.seek(0)
        except BaseException:
            stream.close()
            raise
        return FileResponse(
            stream,
            as_attachment=True,
            filename=filename(report, format),
            content_type=FORMATS[format].content_type,
        )
