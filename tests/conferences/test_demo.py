"""The demo conferences: the seed's 185 permitted international conferences of 2020–2025, the
conferences of the seeds with the city's (and Ho Chi Minh City's) recommendations,
agreements linked to where they were signed, idempotency without churn, and every row within
the model's constraints."""

import datetime
import io
import unicodedata

import pytest
from django.core.management import call_command

from agreements.models import Agreement
from conferences import demo
from conferences.models import Conference, ConferenceSession, Recommendation
from core.models import Visibility

FIRST_DAY, LAST_DAY = datetime.date(2020, 1, 1), datetime.date(2025, 12, 31)
PERMITTED = {"approved", "held", "cancelled"}
TEXT_FIELDS = [
    "name",
    "name_en",
    "organiser_name",
    "venue",
    "city",
    "permit_number",
    "permit_authority",
    "summary",
    "summary_en",
    "notes",
]


# Every test reads the demo, loaded once for the module (demo_data in tests/conftest.py);
# what a test changes (a second load included) is rolled back after it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def load_demo():
    call_command("load_demo", force=True, stdout=io.StringIO())


def generated_ids():
    return list(
        Conference.objects.filter(notes=demo.GENERATED_NOTE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def test_185_hosted_conferences_of_2020_to_2025_were_permitted_and_most_were_held():
    permitted = held = 0
    for row in Conference.objects.values("role", "permit_status", "start_date"):
        if row["role"] == "hosted" and FIRST_DAY <= row["start_date"] <= LAST_DAY:
            permitted += row["permit_status"] in PERMITTED
            held += row["permit_status"] == "held"

    assert permitted == 185
    assert 0.9 * 185 < held < 185


def test_the_demo_has_refused_pending_and_upcoming_permits_and_2026_up_to_today():
    hosted = list(Conference.objects.hosted())
    after_today = [c for c in hosted if c.start_date > demo.DEMO_TODAY]

    assert {c.permit_status for c in after_today} == {"approved", "requested"}
    assert not [c for c in hosted if c.permit_status == "held" and c.end_date > demo.DEMO_TODAY]
    assert 3 <= sum(1 for c in hosted if c.permit_status == "rejected") <= 10
    assert sum(1 for c in hosted if c.start_date.year == 2026 and c.permit_status == "held") >= 30
    for conference in hosted:
        assert conference.permit_requested_by_id is not None, conference.pk
        if conference.permit_status in PERMITTED:
            assert conference.permit_number.endswith("/QĐ-UBND"), conference.pk
            assert conference.permit_date < conference.start_date, conference.pk
            assert conference.permit_date <= demo.DEMO_TODAY, conference.pk
            assert conference.permit_authority == "UBND thành phố Cần Thơ"


def test_hosted_conferences_went_online_more_in_the_covid_years():
    def online_share(years):
        rows = [
            c
            for c in Conference.objects.hosted().filter(permit_status="held")
            if c.start_date.year in years
        ]
        return sum(1 for c in rows if c.format != "in_person") / len(rows)

    assert online_share({2020, 2021}) > 0.6 > 0.4 > online_share({2023, 2024, 2025})


def test_about_60_percent_of_the_conferences_are_public():
    rows = list(Conference.objects.values_list("visibility", flat=True))

    assert 0.5 < rows.count(Visibility.PUBLIC) / len(rows) < 0.7


def test_the_seeds_conferences_are_public_and_attended():
    seeds = {conference.name: conference for conference in Conference.objects.public().attended()}

    assert set(seeds) == {
        demo.DIPLOMATIC_31,
        demo.FOREIGN_AFFAIRS_20,
        demo.REVIEW_2022,
        demo.VIETNAM_FRANCE,
    }
    diplomatic = seeds[demo.DIPLOMATIC_31]
    assert (diplomatic.edition, diplomatic.start_date) == (31, datetime.date(2021, 12, 15))
    assert (diplomatic.format, diplomatic.organiser) == ("hybrid", "Bộ Ngoại giao")
    assert "Trần Việt Trường" in diplomatic.summary
    review = seeds[demo.REVIEW_2022]
    assert (review.start_date, review.format) == (datetime.date(2023, 1, 10), "hybrid")
    national = seeds[demo.FOREIGN_AFFAIRS_20]
    assert (national.edition, national.start_date) == (20, datetime.date(2021, 12, 13))
    for conference in seeds.values():
        assert conference.permit_status == ""
        assert conference.city == "Hà Nội"


def test_the_chairman_made_four_recommendations_to_the_ministry_at_the_31st_conference():
    diplomatic = Conference.objects.get(name=demo.DIPLOMATIC_31)
    recommendations = list(diplomatic.recommendations.all())

    assert len(recommendations) == 4
    assert {r.addressed_to for r in recommendations} == {"Bộ Ngoại giao"}
    texts = " ".join(r.text_en for r in recommendations)
    for words in ("cultural exchanges", "non-governmental", "memorandums", "missions abroad"):
        assert words in texts


def test_ho_chi_minh_citys_three_recommendations_are_recorded_as_its_own():
    national = Conference.objects.get(name=demo.FOREIGN_AFFAIRS_20)
    recommendations = list(national.recommendations.all())

    assert len(recommendations) == 3
    for recommendation in recommendations:
        assert recommendation.text.startswith("Thành phố Hồ Chí Minh đề nghị")
        assert recommendation.text_en.startswith("Ho Chi Minh City asked")
    assert "Hồ Chí Minh" in national.notes
    assert "Ho Chi Minh City's three" in national.summary_en


def test_the_12th_vietnam_france_conference_had_a_plenary_four_symposiums_and_awards():
    conference = Conference.objects.get(name=demo.VIETNAM_FRANCE)
    kinds = [session.kind for session in conference.sessions.all()]

    assert conference.edition == 12
    assert conference.start_date.replace(day=1) == datetime.date(2023, 4, 1)
    assert kinds.count(ConferenceSession.Kind.PLENARY) == 1
    assert kinds.count(ConferenceSession.Kind.SYMPOSIUM) == 4
    assert (conference.awards_organisations, conference.awards_individuals) == (36, 21)
    assert (conference.participants_total, conference.localities_count) == (1000, 62)


def test_agreements_link_to_the_hosted_conference_they_were_signed_at():
    linked = Agreement.objects.filter(conference__isnull=False).select_related("conference")

    assert {a.reference_number for a in linked} == set(demo.AGREEMENT_LINKS)
    for agreement in linked:
        conference = agreement.conference
        assert conference.start_date <= agreement.signed_on <= conference.end_date
        assert conference.role == "hosted" and conference.permit_status == "held"
        assert conference.is_public and agreement.is_public
        assert agreement.parties.filter(pk__in=conference.co_organiser_partners.all()).exists()


def test_loading_twice_keeps_every_row_count_and_id():
    def snapshot():
        return {
            "conferences": list(Conference.objects.order_by("pk").values_list("pk", flat=True)),
            "sessions": list(ConferenceSession.objects.order_by("pk").values_list("pk", flat=True)),
            "recommendations": list(
                Recommendation.objects.order_by("pk").values_list("pk", flat=True)
            ),
            "sector links": Conference.sectors.through.objects.count(),
            "unit links": Conference.co_organiser_units.through.objects.count(),
            "partner links": Conference.co_organiser_partners.through.objects.count(),
            "agreement links": list(
                Agreement.objects.filter(conference__isnull=False).values_list("pk", "conference")
            ),
        }

    first = snapshot()  # after the first load, demo_data's
    load_demo()

    assert snapshot() == first
    assert len(generated_ids()) == len(demo.generated_conferences())
    assert first["sessions"] and first["recommendations"] and first["partner links"]


def test_an_incomplete_generated_set_is_created_again_in_full():
    total, sessions = Conference.objects.count(), ConferenceSession.objects.count()
    sectors = Conference.sectors.through.objects.count()
    Conference.objects.filter(pk__in=generated_ids()[:5]).delete()

    load_demo()

    assert Conference.objects.count() == total
    assert ConferenceSession.objects.count() == sessions
    assert Conference.sectors.through.objects.count() == sectors


def test_every_demo_row_satisfies_the_model_constraints():
    for conference in Conference.objects.all():
        conference.validate_constraints()
        assert conference.end_date - conference.start_date <= datetime.timedelta(days=4)
        if conference.participants_foreign is not None and conference.countries_count:
            assert conference.countries_count <= max(conference.participants_foreign, 2)
        for field in TEXT_FIELDS:
            text = getattr(conference, field)
            assert unicodedata.normalize("NFC", text) == text, (conference.pk, field)
    for session in ConferenceSession.objects.select_related("conference"):
        session.validate_constraints()
        if session.date is not None:
            assert session.conference.start_date <= session.date <= session.conference.end_date
    for recommendation in Recommendation.objects.all():
        recommendation.validate_constraints()


def test_permit_numbers_follow_their_dates_within_each_year():
    numbers = {}
    for conference in Conference.objects.exclude(permit_number="").order_by("permit_date", "pk"):
        number = int(conference.permit_number.split("/")[0])
        numbers.setdefault(conference.permit_date.year, []).append(number)

    for year, in_date_order in numbers.items():
        assert in_date_order == sorted(in_date_order), year
        assert len(set(in_date_order)) == len(in_date_order), year
