"""Where each dashboard figure leads: the admin change list filtered to exactly the records
behind it, so that a staff member who follows the link counts the same number.

Only filters the admin accepts: plain lookups on the model's own fields
(``start_date__gte=2025-01-01``, ``status__in=planned,confirmed,completed``,
``countries__contains=JP``), related lookups that a list filter declares
(``sectors__id__exact``) and the custom list filters (agreements' ``attention``,
``country`` and ``in_force_on``, conferences' ``permit``, aid's ``disbursed_in``,
relationships' ``current_on`` and ``dormant``): a rule the field lookups cannot spell (an
"or" across fields, such as "current at the end of the period") has a filter of its own,
from the same QuerySet method the statistics use, and never a list of ids, which at
national scale made URLs of hundreds of kilobytes. ``by_ids`` remains for short lists.

Every function returns a URL (a ``str``); ``tests/reports/test_links.py`` follows each one
and compares the admin's count with the figure's.
"""

import calendar
import datetime

from django.urls import reverse
from django.utils.http import urlencode

from agreements.models import Agreement
from aid.models import ODA_MODALITIES, UNDER_WAY_STATUSES, AidProject
from conferences.models import UNHELD_STATUSES, Conference, PermitStatus
from delegations.models import Delegation
from partners.models import Relationship

# The statuses that the statistics count (every one but "cancelled").
DELEGATION_COUNTED = [s for s in Delegation.Status.values if s != Delegation.Status.CANCELLED]
AID_COUNTED = [s for s in AidProject.Status.values if s != AidProject.Status.CANCELLED]
NO_RECORD = "0"  # the id of no record: an empty list


def _changelist(model, params=None):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    params = {name: value for name, value in (params or {}).items() if value is not None}
    return f"{url}?{urlencode(params)}" if params else url


def _day(day):
    return day.isoformat()


def _listed(values):
    return ",".join(str(value) for value in values)


def _range(field, start, end):
    params = {}
    if start is not None:
        params[f"{field}__gte"] = _day(start)
    if end is not None:
        params[f"{field}__lte"] = _day(end)
    return params


def change_url(obj):
    """The admin page of one record."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def by_ids(model, ids):
    """The change list of exactly these records."""
    ids = sorted(ids)
    return _changelist(model, {"id__in": _listed(ids) if ids else NO_RECORD})


def month_bounds(key):
    """The first and last day of the month ``"2025-03"``."""
    year, month = int(key[:4]), int(key[5:7])
    return datetime.date(year, month, 1), datetime.date(
        year, month, calendar.monthrange(year, month)[1]
    )


def clip(start, end, key):
    """The days of month ``key`` that fall within [start, end]."""
    first, last = month_bounds(key)
    return max(first, start) if start else first, min(last, end) if end else last


# Delegations: counted ones (not cancelled, begun by today), by their start date.


def delegations(start, end, *, today, direction=None, kind=None, country=None):
    """Counted delegations that began within [start, end]: not cancelled, and begun by
    ``today`` (``DelegationQuerySet.counted``). ``country`` (an ISO code) keeps those that
    include it, as the by-country table counts them."""
    end = min(end, today) if end is not None else today
    params = {
        **_range("start_date", start, end),
        "status__in": _listed(DELEGATION_COUNTED),
        "direction__exact": direction,
        "kind__exact": kind,
        "countries__contains": country,
    }
    return _changelist(Delegation, params)


def delegations_in_month(start, end, key, *, today, direction=None):
    """The delegations of one month bar (``key`` ``"2025-03"``), within the period."""
    first, last = clip(start, end, key)
    return delegations(first, last, today=today, direction=direction)


def upcoming_delegations(*, today, days):
    """Planned or confirmed delegations that begin after today, within ``days`` days."""
    params = {
        "start_date__gt": _day(today),
        "start_date__lte": _day(today + datetime.timedelta(days=days)),
        "status__in": _listed([Delegation.Status.PLANNED, Delegation.Status.CONFIRMED]),
    }
    return _changelist(Delegation, params)


# Agreements: signed (not negotiating) within the period, by the date of signing.


def agreements_signed(start, end, *, level=None, kind=None, sector_id=None, country=None):
    """Agreements signed within [start, end]. An agreement under negotiation has no date
    of signing (a database constraint), so the date range alone leaves it out."""
    params = {
        **_range("signed_on", start, end),
        "signing_level__exact": level,
        "kind__exact": kind,
        "sectors__id__exact": sector_id,
        "country": country,
    }
    return _changelist(Agreement, params)


def agreements_signed_in_month(start, end, key, **filters):
    first, last = clip(start, end, key)
    return agreements_signed(first, last, **filters)


def agreements_in_force(day, *, today):
    """Agreements in force on ``day``. On today, that is the list's own status filter (the
    status as it reads today); on another day, its "in force on" filter."""
    if day == today:
        return _changelist(Agreement, {"effective_status": Agreement.Status.IN_FORCE})
    return _changelist(Agreement, {"in_force_on": _day(day)})


def agreements_expiring():
    """In force and expiring within 90 days, as of today: the list's "needs attention"."""
    return _changelist(Agreement, {"attention": "expiring"})


def agreements_dormant():
    """In force with no implementation activity for a year, as of today."""
    return _changelist(Agreement, {"attention": "dormant"})


# Relationships


def relationships_new(start, end):
    """Relationships established within [start, end]."""
    return _changelist(Relationship, _range("established_on", start, end))


def relationships_current(day, *, status=None):
    """Relationships current on ``day`` (``RelationshipQuerySet.current_on``), of one
    ``status`` if given."""
    return _changelist(Relationship, {"current_on": _day(day), "status__exact": status})


def relationships_dormant(days):
    """Current relationships without activity for ``days`` days, as of today."""
    return _changelist(Relationship, {"dormant": days})


# Conferences: by their first day.


def conferences(start, end, *, role=None, permitted=False, held=False, format=None):
    """Conferences that began within [start, end]: hosted or attended (``role``), whose
    permit was granted (``permitted``, the list's "Permit: permitted"), or held
    (``held``: hosted and held, or attended, when no role is given: what took place)."""
    params = {**_range("start_date", start, end), "role__exact": role, "format__exact": format}
    if permitted:
        params["permit"] = "permitted"
    if held:
        if role == Conference.Role.HOSTED:
            params["permit_status__exact"] = PermitStatus.HELD
        else:
            # Held hosted ones, and attended ones, which have no permit status ("").
            params["permit_status__in"] = _listed([PermitStatus.HELD, ""])
    return _changelist(Conference, params)


def conferences_permit_pending(*, today, days):
    """Conferences the city hosts that begin within [today, today + ``days``] and whose
    permit is requested, not yet decided (``ConferenceQuerySet.permit_pending``)."""
    return _changelist(
        Conference,
        {
            "role__exact": Conference.Role.HOSTED,
            "permit_status__exact": PermitStatus.REQUESTED,
            **_range("start_date", today, today + datetime.timedelta(days=days)),
        },
    )


def conferences_in_month(start, end, key):
    """The conferences of one month of the trend: every one that began that month, hosted
    or attended, but for hosted ones rejected or cancelled."""
    first, last = clip(start, end, key)
    taking_place = [s for s in PermitStatus.values if s not in UNHELD_STATUSES]
    return _changelist(
        Conference,
        {**_range("start_date", first, last), "permit_status__in": _listed([*taking_place, ""])},
    )


# Aid: projects committed in the period, none cancelled.


def aid_projects(
    start, end, *, direction=None, oda=None, modality=None, country=None, sector_id=None
):
    """Aid projects committed within [start, end], none cancelled. ``oda``: True for ODA
    loans and grants, False for every other modality."""
    params = {
        **_range("committed_on", start, end),
        "status__in": _listed(AID_COUNTED),
        "direction__exact": direction,
        "modality__exact": modality,
        "country": country,
        "sectors__id__exact": sector_id,
    }
    if oda is True:
        params["modality__in"] = _listed(ODA_MODALITIES)
    elif oda is False:
        params["modality__in"] = _listed(
            m for m in AidProject.Modality.values if m not in ODA_MODALITIES
        )
    return _changelist(AidProject, params)


def aid_projects_disbursed(start, end, *, direction="received"):
    """Projects of ``direction``, none cancelled, with a disbursement dated within
    [start, end]: those whose disbursements the aid summary adds."""
    first = _day(start or datetime.date.min)
    last = _day(end or datetime.date.max)
    return _changelist(
        AidProject,
        {
            "disbursed_in": f"{first}..{last}",
            "direction__exact": direction,
            "status__in": _listed(AID_COUNTED),
        },
    )


def aid_projects_ending(*, today, days):
    """Approved or ongoing aid projects whose end date falls within [today, today +
    ``days``] (``AidProjectQuerySet.ending_within``)."""
    return _changelist(
        AidProject,
        {
            "status__in": _listed(UNDER_WAY_STATUSES),
            **_range("end_date", today, today + datetime.timedelta(days=days)),
        },
    )


def aid_projects_in_month(start, end, key):
    """The aid projects of one month of the trend: received and given, none cancelled."""
    first, last = clip(start, end, key)
    return aid_projects(first, last)
