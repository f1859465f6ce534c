"""The demo agreements: the seeds' 25 + 30 agreements of 2020–2025, the twin cities' founding
agreements, the leaders' two lists (expiring soon, dormant) never empty, idempotency, and
every row within the model's constraints."""

import datetime
import io
import unicodedata

import pytest
from django.core.management import call_command
from django.utils import timezone

from agreements.models import Agreement, AgreementActivity
from core.models import Visibility
from partners.models import ForeignPartner, Relationship

FIRST_DAY, LAST_DAY = datetime.date(2020, 1, 1), datetime.date(2025, 12, 31)
SEED_COUNTRIES = {"US", "FR", "JP", "KR", "HU", "BG", "NZ", "TH", "SG", "LA"}
SEED_SECTORS = {
    "agriculture",
    "tourism",
    "trade",
    "education",
    "investment",
    "health",
    "environment",
    "biotechnology",
    "startups-innovation",
    "logistics",
}
TEXT_FIELDS = ["title", "title_en", "signatory", "signed_at", "summary", "summary_en", "notes"]


# Every test reads the demo, loaded once for the module (demo_data in tests/conftest.py);
# what a test changes (a second load included) is rolled back after it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def load_demo():
    call_command("load_demo", force=True, stdout=io.StringIO())


def signed_in_2020_to_2025(agreement):
    return (
        agreement.status != Agreement.Status.NEGOTIATING
        and agreement.signed_on is not None
        and FIRST_DAY <= agreement.signed_on <= LAST_DAY
    )


def test_the_city_leadership_signed_25_and_the_units_30_agreements_in_2020_to_2025():
    counts = {Agreement.Level.CITY: 0, Agreement.Level.UNIT: 0}
    for agreement in Agreement.objects.all():
        if signed_in_2020_to_2025(agreement):
            counts[agreement.signing_level] += 1

    assert counts == {Agreement.Level.CITY: 25, Agreement.Level.UNIT: 30}


def test_the_agreements_of_2020_to_2025_cover_the_seeds_countries_and_fields():
    agreements = [
        a
        for a in Agreement.objects.prefetch_related("parties", "sectors")
        if signed_in_2020_to_2025(a)
    ]
    countries = {party.country.code for a in agreements for party in a.parties.all()}
    sectors = {sector.code for a in agreements for sector in a.sectors.all()}

    assert SEED_COUNTRIES <= countries
    assert SEED_SECTORS <= sectors


def test_each_twin_city_relationship_points_to_its_public_twinning_agreement():
    twins = Relationship.objects.filter(level=Relationship.Level.TWINNING).select_related(
        "partner", "founding_agreement"
    )

    assert {r.partner.name for r in twins} == {"Riverside", "Kaposvár", "Okayama", "Jeollanam-do"}
    for relationship in twins:
        agreement = relationship.founding_agreement
        assert agreement is not None, relationship.partner.name
        assert agreement.kind == Agreement.Kind.TWINNING
        assert agreement.visibility == Visibility.PUBLIC
        assert agreement.signed_on == relationship.established_on
        assert agreement.title == relationship.founding_document
        assert list(agreement.parties.all()) == [relationship.partner]
        assert agreement in Agreement.objects.public().in_force_on(timezone.localdate())


def test_the_leaders_lists_of_expiring_and_dormant_agreements_are_not_empty():
    today = timezone.localdate()
    expiring = Agreement.objects.expiring_within(90, today)
    dormant = Agreement.objects.dormant(365, today)

    assert expiring.public().count() >= 3
    assert dormant.public().count() >= 3
    # The same lists, one agreement at a time.
    for agreement in expiring:
        assert 0 <= agreement.days_to_expiry(today) <= 90
        assert agreement.get_effective_status(today) == Agreement.Status.IN_FORCE
    for agreement in dormant:
        assert agreement.signed_on <= today - datetime.timedelta(days=365)
        assert not agreement.activities.filter(date__gt=today - datetime.timedelta(days=365))
    # Automatic renewal keeps an agreement off the expiring list even near its expiry date.
    renewing = Agreement.objects.filter(auto_renew=True)
    assert any(0 <= a.days_to_expiry(today) <= 90 for a in renewing)
    assert not expiring.filter(auto_renew=True).exists()


def test_the_demo_shows_every_expiry_case_and_status():
    today = timezone.localdate()
    agreements = list(Agreement.objects.all())
    statuses = {a.get_effective_status(today) for a in agreements}

    assert statuses == set(Agreement.Status.values)
    assert any(a.expires_on is None and a.signed_on for a in agreements)  # open-ended
    assert sum(a.auto_renew for a in agreements) >= 3
    assert sum(a.status == Agreement.Status.TERMINATED for a in agreements) == 1
    assert sum(a.parent_id is not None for a in agreements) == 1
    assert sum(a.status == Agreement.Status.NEGOTIATING for a in agreements) >= 2
    assert any(a.signed_on and a.signed_on.year == 2026 for a in agreements)
    assert any(a.signed_on and a.signed_on < FIRST_DAY for a in agreements)
    public = sum(a.visibility == Visibility.PUBLIC for a in agreements)
    assert 0.6 <= public / len(agreements) <= 0.8


def test_most_agreements_have_dated_and_mostly_public_implementation_activities():
    today = timezone.localdate()
    activities = list(AgreementActivity.objects.select_related("agreement"))
    signed = Agreement.objects.exclude(status=Agreement.Status.NEGOTIATING)
    with_activities = {a.agreement_id for a in activities}

    assert len(with_activities) >= 0.85 * signed.count()
    assert all(a.agreement.signed_on <= a.date <= today for a in activities)
    assert all(a.unit_id and a.progress for a in activities)
    public = sum(a.visibility == Visibility.PUBLIC for a in activities)
    assert 0.8 <= public / len(activities) < 1
    per_agreement = {}
    for activity in activities:
        per_agreement[activity.agreement_id] = per_agreement.get(activity.agreement_id, 0) + 1
    assert max(per_agreement.values()) <= 4


def test_loading_twice_keeps_the_rows_and_their_ids():
    def snapshot():
        return (
            list(Agreement.objects.order_by("pk").values_list("pk", "reference_number")),
            list(AgreementActivity.objects.order_by("pk").values_list("pk", flat=True)),
            Agreement.parties.through.objects.count(),
            Agreement.sectors.through.objects.count(),
            ForeignPartner.objects.count(),
        )

    before = snapshot()  # after the first load, demo_data's
    load_demo()
    assert snapshot() == before


def test_every_demo_agreement_satisfies_the_model_constraints():
    for agreement in Agreement.objects.all():
        agreement.validate_constraints()
        agreement.clean()
        for field in TEXT_FIELDS:
            text = getattr(agreement, field)
            assert unicodedata.normalize("NFC", text) == text, (agreement.pk, field)
        assert agreement.parties.exists(), agreement.pk
    for activity in AgreementActivity.objects.all():
        activity.validate_constraints()
        for field in ("description", "description_en", "progress"):
            text = getattr(activity, field)
            assert unicodedata.normalize("NFC", text) == text, (activity.pk, field)
