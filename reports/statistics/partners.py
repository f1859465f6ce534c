"""Figures of one foreign partner, or of one country: what the city has done with it, as a
whole and year by year, and for a country, partner by partner.

Counting rules: those of each record type (see their modules): a delegation counts once
it has begun and when not cancelled (``DelegationQuerySet.counted``), in the year it
began; an agreement once signed (none under negotiation), in the year of signing; an
implementation activity, of such an agreement, in the year of its date, once that date
has come; an aid project when not cancelled (``AidProjectQuerySet.counted``), in the year
of commitment; a conference when it took place: hosted and held, or attended (as
``conference_summary``'s ``taken_place``), in the year it began; a relationship activity
in the year of its date, once that date has come. Which records belong to a partner or a
country is ``partners.involvement``: the timelines of the partner and country pages list
exactly the records counted here, and more (planned, cancelled, undated ones).
``public=True`` counts only what the public pages show.

Every function runs one query per record type (six), whatever the number of rows.
"""

from dataclasses import dataclass, fields

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from agreements.models import Agreement, AgreementActivity
from aid.models import AidProject
from conferences.models import Conference, PermitStatus
from delegations.models import Delegation
from partners import involvement
from partners.models import ForeignPartner, RelationshipActivity


@dataclass(frozen=True)
class PartnerFigures:
    """What the city did with a partner or a country, in one period or one year."""

    delegations_inbound: int = 0
    delegations_outbound: int = 0
    agreements: int = 0
    agreement_activities: int = 0
    aid_projects: int = 0
    conferences: int = 0
    relationship_activities: int = 0

    @property
    def delegations(self):
        return self.delegations_inbound + self.delegations_outbound

    @property
    def total(self):
        """Every line counted: delegations, agreements and their activities, aid
        projects, conferences and relationship activities."""
        return sum(getattr(self, field.name) for field in fields(self))


@dataclass(frozen=True)
class YearFigures:
    year: int
    figures: PartnerFigures


def _counted(public, today):
    """The counted records of every type, before scoping: {key: (queryset, date field)}."""
    delegations = Delegation.objects.counted(today)
    agreements = Agreement.objects.exclude(status=Agreement.Status.NEGOTIATING).filter(
        signed_on__isnull=False
    )
    activities = AgreementActivity.objects.filter(date__lte=today)
    aid = AidProject.objects.counted()
    taken_place = Q(role=Conference.Role.HOSTED, permit_status=PermitStatus.HELD) | Q(
        role=Conference.Role.ATTENDED
    )
    conferences = Conference.objects.filter(taken_place)
    relationship_activities = RelationshipActivity.objects.filter(date__lte=today)
    if public:
        delegations = delegations.public()
        agreements = agreements.public()
        activities = activities.public()
        aid = aid.public()
        conferences = conferences.public()
        relationship_activities = relationship_activities.public()
    return delegations, agreements, activities, aid, conferences, relationship_activities


def _scoped(*, partner, country, public, today, start=None, end=None):
    """(figure name or names, queryset, date field) for each record type, scoped to the
    partner or country and to [start, end]."""
    scope = {"partner": partner, "country": country, "public": public}
    delegations, agreements, activities, aid, conferences, rel_activities = _counted(public, today)
    parts = [
        (
            ("delegations_inbound", "delegations_outbound"),
            involvement.delegations_of(delegations, **scope),
            "start_date",
        ),
        ("agreements", involvement.agreements_of(agreements, **scope), "signed_on"),
        (
            "agreement_activities",
            involvement.agreement_activities_of(activities, agreements, **scope),
            "date",
        ),
        ("aid_projects", involvement.aid_projects_of(aid, **scope), "committed_on"),
        ("conferences", involvement.conferences_of(conferences, **scope), "start_date"),
        (
            "relationship_activities",
            involvement.relationship_activities_of(rel_activities, **scope),
            "date",
        ),
    ]
    result = []
    for names, queryset, date_field in parts:
        if start is not None:
            queryset = queryset.filter(**{f"{date_field}__gte": start})
        if end is not None:
            queryset = queryset.filter(**{f"{date_field}__lte": end})
        result.append((names, queryset.order_by(), date_field))
    return result


def _aggregates(names):
    if isinstance(names, tuple):  # delegations: by direction
        return {
            "delegations_inbound": Count("pk", filter=Q(direction=Delegation.Direction.INBOUND)),
            "delegations_outbound": Count("pk", filter=Q(direction=Delegation.Direction.OUTBOUND)),
        }
    return {names: Count("pk")}


def _figures(*, partner=None, country=None, start=None, end=None, public=False, today=None):
    today = today or timezone.localdate()
    totals = {}
    for names, queryset, _date_field in _scoped(
        partner=partner, country=country, public=public, today=today, start=start, end=end
    ):
        totals.update(queryset.aggregate(**_aggregates(names)))
    return PartnerFigures(**totals)


def _by_year(*, partner=None, country=None, public=False, today=None):
    today = today or timezone.localdate()
    years = {}
    for names, queryset, date_field in _scoped(
        partner=partner, country=country, public=public, today=today
    ):
        rows = (
            queryset.annotate(year=ExtractYear(date_field))
            .values("year")
            .annotate(**_aggregates(names))
        )
        for row in rows:
            years.setdefault(row.pop("year"), {}).update(row)
    return [YearFigures(year, PartnerFigures(**years[year])) for year in sorted(years)]


def _overview(**scope):
    years = _by_year(**scope)
    totals = {}
    for row in years:
        for field in fields(PartnerFigures):
            value = getattr(row.figures, field.name)
            totals[field.name] = totals.get(field.name, 0) + value
    return PartnerFigures(**totals), years


def partner_overview(partner, *, public=False, today=None):
    """``(partner_figures(partner), partner_figures_by_year(partner))`` for all time, in
    the six queries of the second: every record counted falls in one year, so the
    figures are the sum of the years'. What the partner page shows."""
    return _overview(partner=partner, public=public, today=today)


def country_overview(country, *, public=False, today=None):
    """``(country_figures(country), country_figures_by_year(country))`` for all time,
    in six queries (see ``partner_overview``)."""
    return _overview(country=country, public=public, today=today)


def partner_figures(partner, *, start=None, end=None, public=False, today=None):
    """What the city did with ``partner`` (a ``ForeignPartner`` or its pk) within [start,
    end] (dates, both included; ``None``: unbounded): a ``PartnerFigures``. Six queries."""
    return _figures(partner=partner, start=start, end=end, public=public, today=today)


def partner_figures_by_year(partner, *, public=False, today=None):
    """``partner_figures`` year by year: one ``YearFigures`` per year with at least one
    record counted, oldest first. Six queries."""
    return _by_year(partner=partner, public=public, today=today)


def country_figures(country, *, start=None, end=None, public=False, today=None):
    """What the city did with ``country`` (an ISO code) within [start, end]: a
    ``PartnerFigures`` counting each record once, however many of the country's partners
    it involves. Six queries."""
    return _figures(country=country, start=start, end=end, public=public, today=today)


def country_figures_by_year(country, *, public=False, today=None):
    """``country_figures`` year by year, oldest first, years without a record left out.
    Six queries."""
    return _by_year(country=country, public=public, today=today)


def country_partner_figures(country, *, public=False, today=None):
    """The country's partners, each with its own figures (all time): ``{partner pk:
    PartnerFigures}`` for every partner of the country (public ones with
    ``public=True``), zeros included. A record of two partners of the country counts for
    each; records tied to the country but to none of its partners (a delegation naming
    only the country) count for none. Eight queries."""
    today = today or timezone.localdate()
    partners = ForeignPartner.objects.filter(country=country)
    if public:
        partners = partners.public()
    totals = {pk: {} for pk in partners.values_list("pk", flat=True)}
    partner_ids = partners.values("pk")  # a subquery in the queries below
    delegations, agreements, activities, aid, conferences, rel_activities = _counted(public, today)

    def add(rows, key, *names):
        for row in rows:
            found = totals[row[key]]
            for name in names:
                value = row[name] if len(names) > 1 else row["n"]
                found[name] = found.get(name, 0) + value

    add(
        Delegation.partners.through.objects.filter(
            foreignpartner__in=partner_ids, delegation__in=delegations.values("pk")
        )
        .order_by()
        .values("foreignpartner_id")
        .annotate(
            delegations_inbound=Count(
                "pk", filter=Q(delegation__direction=Delegation.Direction.INBOUND)
            ),
            delegations_outbound=Count(
                "pk", filter=Q(delegation__direction=Delegation.Direction.OUTBOUND)
            ),
        ),
        "foreignpartner_id",
        "delegations_inbound",
        "delegations_outbound",
    )
    parties = Agreement.parties.through.objects.filter(foreignpartner__in=partner_ids)
    add(
        parties.filter(agreement__in=agreements.values("pk"))
        .order_by()
        .values("foreignpartner_id")
        .annotate(n=Count("pk")),
        "foreignpartner_id",
        "agreements",
    )
    add(
        activities.filter(agreement__in=agreements.values("pk"))
        .filter(agreement__parties__in=partner_ids)
        .order_by()
        .values("agreement__parties")
        .annotate(n=Count("pk")),
        "agreement__parties",
        "agreement_activities",
    )
    add(
        aid.filter(partner__in=partner_ids).order_by().values("partner_id").annotate(n=Count("pk")),
        "partner_id",
        "aid_projects",
    )
    organised = (
        conferences.filter(organiser_partner__in=partner_ids)
        .order_by()
        .values("organiser_partner_id")
        .annotate(n=Count("pk"))
    )
    add(organised, "organiser_partner_id", "conferences")
    co_organised = (
        Conference.co_organiser_partners.through.objects.filter(
            foreignpartner__in=partner_ids, conference__in=conferences.values("pk")
        )
        # A partner both organiser and co-organiser of one conference counts it once.
        .exclude(conference__organiser_partner=F("foreignpartner"))
        .order_by()
        .values("foreignpartner_id")
        .annotate(n=Count("pk"))
    )
    add(co_organised, "foreignpartner_id", "conferences")
    add(
        rel_activities.filter(relationship__partner__in=partner_ids)
        .order_by()
        .values("relationship__partner")
        .annotate(n=Count("pk")),
        "relationship__partner",
        "relationship_activities",
    )
    return {pk: PartnerFigures(**values) for pk, values in totals.items()}
