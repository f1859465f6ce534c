"""Figures of conferences: as a whole (``conference_summary``), by format and by month.

Counting rules: a conference counts in the period (and the month) of its first day, both
end days of a period included. Hosted ones count as held only when held; a rejected or
cancelled one never counts as taking place. Attended ones have no permit: each recorded
counts. ``public=True`` counts only what the public pages show."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from conferences.models import (
    PERMIT_PENDING_DAYS,
    PERMITTED,
    UNHELD_STATUSES,
    Conference,
    ConferenceFormat,
    PermitStatus,
)

from .breakdowns import Row, month_rows


@dataclass(frozen=True)
class ConferenceSummary:
    hosted_permitted: int  # permit approved, whatever followed: approved, held or cancelled
    hosted_held: int
    hosted_requested: int  # permit requested, no decision yet
    hosted_rejected: int
    attended: int  # attended by the city elsewhere
    participants: int  # of the held hosted ones whose figure is known
    participants_foreign: int  # of the held hosted ones whose figure is known
    with_participant_counts: int  # held hosted ones whose number of participants is known
    in_person: int  # held hosted and attended ones, by format
    online: int
    hybrid: int

    @property
    def taken_place(self):
        """Conferences held in the city or attended elsewhere: what the formats split."""
        return self.hosted_held + self.attended


def conference_summary(*, start=None, end=None, public=False):
    """Conferences that began within [start, end] (both days included; a conference over
    several days counts in the period of its first day). One query.

    Hosted in the city, by where the permit stands: ``hosted_permitted`` counts every one
    whose permit was approved, whatever followed (``PERMITTED_STATUSES``: approved, held,
    or cancelled after approval; this is the department's "allowed to organise" figure);
    ``hosted_held`` those held; ``hosted_requested`` those still awaiting a decision;
    ``hosted_rejected`` those refused. ``attended`` counts the conferences the city
    attended elsewhere; they have no permit and no status, so every one recorded counts.

    Participants are those of the held hosted conferences only (the city's figures, not
    those of conferences it attended). Each sum adds the known figures of its own field: a
    conference whose number is not recorded adds nothing (it is not a zero), and
    ``with_participant_counts`` tells how many held ones have a known total, so a reader
    can see how complete the sum is. ``in_person``, ``online`` and ``hybrid`` split the
    conferences that took place: the held hosted ones and the attended ones.

    ``public=True`` counts only what the public pages show (``Conference.objects.public()``:
    published, neither rejected nor cancelled), so ``hosted_rejected`` is then 0 and
    ``hosted_permitted`` leaves out the cancelled ones. ``start``/``end`` are dates;
    ``None`` means unbounded.
    """
    queryset = Conference.objects.public() if public else Conference.objects.all()
    hosted = Q(role=Conference.Role.HOSTED)
    held = hosted & Q(permit_status=PermitStatus.HELD)
    taken_place = held | Q(role=Conference.Role.ATTENDED)
    totals = queryset.in_period(start, end).aggregate(
        hosted_permitted=Count("pk", filter=hosted & PERMITTED),
        hosted_held=Count("pk", filter=held),
        hosted_requested=Count("pk", filter=hosted & Q(permit_status=PermitStatus.REQUESTED)),
        hosted_rejected=Count("pk", filter=hosted & Q(permit_status=PermitStatus.REJECTED)),
        attended=Count("pk", filter=Q(role=Conference.Role.ATTENDED)),
        participants=Coalesce(Sum("participants_total", filter=held), 0),
        participants_foreign=Coalesce(Sum("participants_foreign", filter=held), 0),
        with_participant_counts=Count("pk", filter=held & Q(participants_total__isnull=False)),
        in_person=Count("pk", filter=taken_place & Q(format=ConferenceFormat.IN_PERSON)),
        online=Count("pk", filter=taken_place & Q(format=ConferenceFormat.ONLINE)),
        hybrid=Count("pk", filter=taken_place & Q(format=ConferenceFormat.HYBRID)),
    )
    return ConferenceSummary(**totals)


def conferences_by_format(*, start=None, end=None, public=False):
    """The conferences that took place, by format (in person, online, hybrid): those hosted
    and held in the city, and those attended elsewhere, that began within [start, end]; the
    split of ``conference_summary``'s ``in_person``/``online``/``hybrid``. One ``Row`` per
    format, in that order, zeros included; ``extra={"hosted": n, "attended": n}``. One
    query."""
    queryset = Conference.objects.public() if public else Conference.objects.all()
    held = Q(role=Conference.Role.HOSTED, permit_status=PermitStatus.HELD)
    attended = Q(role=Conference.Role.ATTENDED)
    figures = {}
    for value in ConferenceFormat.values:
        in_format = Q(format=value)
        figures[f"{value}_hosted"] = Count("pk", filter=in_format & held)
        figures[f"{value}_attended"] = Count("pk", filter=in_format & attended)
    totals = queryset.in_period(start, end).aggregate(**figures)
    return [
        Row(
            key=value,
            label=str(label),
            count=totals[f"{value}_hosted"] + totals[f"{value}_attended"],
            extra={"hosted": totals[f"{value}_hosted"], "attended": totals[f"{value}_attended"]},
        )
        for value, label in ConferenceFormat.choices
    ]


def conferences_by_month(*, start=None, end=None, public=False):
    """The conferences that began in each month of [start, end] (a conference over several
    days, or across two months, counts in the month of its first day), hosted in the city
    or attended elsewhere; hosted ones whose permit was rejected or that were cancelled do
    not count (those requested, approved and held do). One ``Row`` per calendar month
    (``key`` ``"2025-03"``; zeros included; an unbounded side stops at the first or last
    month with a conference), ``extra={"hosted": n, "attended": n}``. One query."""
    queryset = Conference.objects.public() if public else Conference.objects.all()
    counts = (
        queryset.in_period(start, end)
        .exclude(permit_status__in=UNHELD_STATUSES)
        .annotate(month=TruncMonth("start_date"))
        .order_by()
        .values("month")
        .annotate(
            count=Count("pk"),
            hosted=Count("pk", filter=Q(role=Conference.Role.HOSTED)),
            attended=Count("pk", filter=Q(role=Conference.Role.ATTENDED)),
        )
    )
    return month_rows(
        {row["month"]: row for row in counts},
        start=start,
        end=end,
        extra_keys=("hosted", "attended"),
    )


def permits_pending_count(*, days=PERMIT_PENDING_DAYS, today=None, public=False):
    """Conferences the city hosts, beginning within the next ``days`` days (today
    included), whose permit is requested and not yet decided (``permit_pending``, the
    reminders' rule), as of today whatever period is chosen. One query."""
    queryset = Conference.objects.permit_pending(days=days, today=today)
    if public:
        queryset = queryset.public()
    return queryset.count()
