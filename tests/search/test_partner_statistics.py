"""The per-partner and per-country figures against a second computation in plain Python
over every row (the counting rules written out one record at a time)."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from agreements.models import Agreement, AgreementActivity
from aid.models import AidProject
from conferences.models import UNHELD_STATUSES, Conference
from core.models import Visibility
from delegations.models import Delegation
from partners.models import ForeignPartner, RelationshipActivity
from reports.statistics import (
    PartnerFigures,
    country_figures,
    country_figures_by_year,
    country_overview,
    country_partner_figures,
    partner_figures,
    partner_figures_by_year,
    partner_overview,
)

pytestmark = pytest.mark.django_db
PUBLIC = Visibility.PUBLIC


def recount(belongs, *, public, start=None, end=None):
    """[(figure name, date)] of every record counted, where ``belongs(kind, record)``
    says whether a record belongs to the partner or the country."""
    today = timezone.localdate()
    lines = []

    def within(day):
        return (start is None or day >= start) and (end is None or day <= end)

    for d in Delegation.objects.prefetch_related("partners"):
        if d.status == Delegation.Status.CANCELLED or d.start_date > today:
            continue
        if public and d.visibility != PUBLIC:
            continue
        if belongs("delegation", d) and within(d.start_date):
            lines.append((f"delegations_{d.direction}", d.start_date))
    counted_agreements = set()
    for a in Agreement.objects.prefetch_related("parties"):
        if a.status == Agreement.Status.NEGOTIATING or a.signed_on is None:
            continue
        if public and a.visibility != PUBLIC:
            continue
        if belongs("agreement", a):
            counted_agreements.add(a.pk)
            if within(a.signed_on):
                lines.append(("agreements", a.signed_on))
    for activity in AgreementActivity.objects.all():
        if activity.agreement_id not in counted_agreements or activity.date > today:
            continue
        if public and activity.visibility != PUBLIC:
            continue
        if within(activity.date):
            lines.append(("agreement_activities", activity.date))
    for p in AidProject.objects.all():
        if p.status == AidProject.Status.CANCELLED or (public and p.visibility != PUBLIC):
            continue
        if belongs("aid", p) and within(p.committed_on):
            lines.append(("aid_projects", p.committed_on))
    for c in Conference.objects.prefetch_related("co_organiser_partners").select_related(
        "organiser_partner"
    ):
        took_place = c.role == Conference.Role.ATTENDED or (
            c.permit_status == Conference.PermitStatus.HELD
        )
        if not took_place:
            continue
        if public and (c.visibility != PUBLIC or c.permit_status in UNHELD_STATUSES):
            continue
        if belongs("conference", c) and within(c.start_date):
            lines.append(("conferences", c.start_date))
    for r in RelationshipActivity.objects.select_related("relationship__partner"):
        if r.date > today:
            continue
        if public and not (
            r.visibility == PUBLIC
            and r.relationship.visibility == PUBLIC
            and r.relationship.partner.visibility == PUBLIC
        ):
            continue
        if belongs("relationship_activity", r) and within(r.date):
            lines.append(("relationship_activities", r.date))
    return lines


def of_partner(partner):
    def belongs(kind, record):
        if kind == "delegation":
            return partner in record.partners.all()
        if kind == "agreement":
            return partner in record.parties.all()
        if kind == "aid":
            return record.partner_id == partner.pk
        if kind == "conference":
            return (
                record.organiser_partner_id == partner.pk
                or partner in record.co_organiser_partners.all()
            )
        return record.relationship.partner_id == partner.pk

    return belongs


def of_country(code, public):
    def shown(partner):
        return (
            partner is not None
            and partner.country == code
            and (not public or partner.visibility == PUBLIC)
        )

    def belongs(kind, record):
        if kind == "delegation":
            return code in [country.code for country in record.countries]
        if kind == "agreement":
            return any(shown(party) for party in record.parties.all())
        if kind == "aid":
            return record.country == code
        if kind == "conference":
            return (
                shown(record.organiser_partner)
                or any(shown(p) for p in record.co_organiser_partners.all())
                or (record.role == Conference.Role.ATTENDED and record.country == code)
            )
        return shown(record.relationship.partner)

    return belongs


def figures(lines):
    return PartnerFigures(**Counter(name for name, _day in lines))


def by_year(lines):
    years = defaultdict(list)
    for name, day in lines:
        years[day.year].append((name, day))
    return [(year, figures(years[year])) for year in sorted(years)]


@pytest.mark.parametrize("public", [False, True])
def test_partner_figures_match_a_recount(world, public):
    for partner in ForeignPartner.objects.all():
        expected = recount(of_partner(partner), public=public)
        assert partner_figures(partner, public=public) == figures(expected), partner.name
        rows = partner_figures_by_year(partner, public=public)
        assert [(row.year, row.figures) for row in rows] == by_year(expected), partner.name
        total, rows = partner_overview(partner, public=public)
        assert total == figures(expected), partner.name
        assert [(row.year, row.figures) for row in rows] == by_year(expected), partner.name
    # The world is not empty where it matters: Okayama has records of every type.
    okayama = partner_figures(world.okayama, public=public)
    assert okayama.delegations_inbound and okayama.delegations_outbound
    assert okayama.agreements and okayama.agreement_activities and okayama.aid_projects
    assert okayama.conferences and okayama.relationship_activities


@pytest.mark.parametrize("public", [False, True])
def test_partner_figures_of_a_period_match_a_recount(world, public):
    start, end = datetime.date(2021, 1, 1), datetime.date(2023, 6, 30)
    expected = recount(of_partner(world.okayama), public=public, start=start, end=end)
    found = partner_figures(world.okayama, start=start, end=end, public=public)
    assert found == figures(expected)
    assert found.total < partner_figures(world.okayama, public=public).total


def test_internal_records_count_for_staff_only(world):
    staff = partner_figures(world.okayama)
    public = partner_figures(world.okayama, public=True)
    # The internal delegation (with the secret partner), agreement and activity.
    assert staff.delegations_inbound == public.delegations_inbound + 1
    assert staff.agreements == public.agreements + 1
    assert staff.relationship_activities == public.relationship_activities + 1


@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize("code", ["JP", "HU", "KR"])
def test_country_figures_match_a_recount(world, public, code):
    expected = recount(of_country(code, public), public=public)
    assert country_figures(code, public=public) == figures(expected)
    rows = country_figures_by_year(code, public=public)
    assert [(row.year, row.figures) for row in rows] == by_year(expected)
    total, rows = country_overview(code, public=public)
    assert total == figures(expected)
    assert [(row.year, row.figures) for row in rows] == by_year(expected)


@pytest.mark.parametrize("public", [False, True])
def test_country_partner_figures_match_a_recount(world, public):
    found = country_partner_figures("JP", public=public)
    partners = ForeignPartner.objects.filter(country="JP")
    if public:
        partners = partners.filter(visibility=PUBLIC)
    assert set(found) == {partner.pk for partner in partners}
    for partner in partners:
        expected = recount(of_partner(partner), public=public)
        assert found[partner.pk] == figures(expected), partner.name


def test_country_figures_count_a_record_of_two_partners_once(world):
    # The joint agreement (Okayama and Kaposvár) and the co-organised conference count
    # once in Japan's figures although the secret partner shares one of the agreements.
    japan = country_figures("JP")
    per_partner = country_partner_figures("JP")
    assert japan.agreements < sum(f.agreements for f in per_partner.values())


def test_the_figures_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    with django_assert_num_queries(6):
        partner_figures(world.okayama)
    with django_assert_num_queries(6):
        country_figures_by_year("JP", public=True)
    with django_assert_num_queries(8):
        country_partner_figures("JP")
    with django_assert_num_queries(6):
        partner_overview(world.okayama, public=True)
