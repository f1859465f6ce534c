"""``manage.py send_reminders``: each threshold on its boundary day, each item once per
threshold across runs, the dry run, the user's language and settings, both bodies, the
links, and nothing sent when there is nothing to say."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from aid.models import AidProject
from conferences.models import Conference
from core.roles import EDITORS, VIEWERS
from delegations.models import Delegation
from partners.models import Relationship
from reminders.digest import crossed_threshold, record_url
from reminders.models import ReminderSettings, SentReminder
from tests.conftest import _member_of
from tests.factories import (
    AgreementActivityFactory,
    AgreementFactory,
    AidProjectFactory,
    ConferenceFactory,
    DelegationFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
SITE = "https://doingoai.example.vn"
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def subscriber(group=EDITORS, username="leader", language="vi", **choices):
    user = _member_of(group, username)
    user.email = f"{username}@example.invalid"
    user.save()
    prefs = ReminderSettings.objects.for_user(user)
    prefs.subscribed = True
    prefs.language = language
    for name, value in choices.items():
        setattr(prefs, name, value)
    prefs.save()
    return user


def only(**kinds):
    """Settings with every reminder off except ``kinds``."""
    choices = {
        "agreements_expiring": False,
        "agreements_dormant": False,
        "relationships_dormant": False,
        "delegations_upcoming": False,
        "permits_pending": False,
        "aid_ending": False,
    }
    choices.update(kinds)
    return choices


def run(day=TODAY, *args):
    out = io.StringIO()
    call_command("send_reminders", "--date", day.isoformat(), *args, stdout=out)
    return out.getvalue()


def expiring(days_left, today=TODAY, **kwargs):
    """An agreement signed 200 days ago (not dormant yet) expiring in ``days_left`` days."""
    return AgreementFactory(
        signed_on=today - 200 * DAY, expires_on=today + days_left * DAY, **kwargs
    )


def text_of(message):
    return message.body


def html_of(message):
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


# Thresholds


@pytest.mark.parametrize(
    "days_left, threshold",
    [
        (91, None),
        (90, 90),
        (89, 90),
        (85, 90),
        (31, 90),
        (30, 30),
        (29, 30),
        (8, 30),
        (7, 7),
        (6, 7),
        (0, 7),
        (-1, None),
    ],
)
def test_an_expiring_agreement_is_reminded_at_the_threshold_it_has_crossed(
    mailoutbox, days_left, threshold
):
    subscriber(**only(agreements_expiring=True))
    agreement = expiring(days_left)

    run()

    if threshold is None:
        assert mailoutbox == []
        assert not SentReminder.objects.exists()
    else:
        [message] = mailoutbox
        assert agreement.title in message.body
        sent = SentReminder.objects.get()
        assert (sent.kind, sent.object_id, sent.threshold, sent.item_date) == (
            "agreement_expiring",
            agreement.pk,
            threshold,
            agreement.expires_on,
        )


def test_crossed_threshold_takes_the_smallest_reached():
    assert crossed_threshold(85, (90, 30, 7)) == 90
    assert crossed_threshold(30, (90, 30, 7)) == 30
    assert crossed_threshold(3, (90, 30, 7)) == 7
    assert crossed_threshold(91, (90, 30, 7)) is None


def test_an_agreement_is_reminded_once_per_threshold_over_the_days(mailoutbox):
    subscriber(**only(agreements_expiring=True))
    expiry = TODAY + 85 * DAY
    agreement = expiring(85)

    sent_on = []
    for offset in range(0, 86):
        day = TODAY + offset * DAY
        before = len(mailoutbox)
        run(day)
        if len(mailoutbox) > before:
            sent_on.append((expiry - day).days)

    # The first run (85 days before) sends the 90-day reminder, then 30 and 7 days before.
    assert sent_on == [85, 30, 7]
    assert sorted(
        SentReminder.objects.filter(object_id=agreement.pk).values_list("threshold", flat=True)
    ) == [7, 30, 90]


def test_an_agreement_that_renews_automatically_is_not_reminded(mailoutbox):
    subscriber(**only(agreements_expiring=True))
    expiring(30, auto_renew=True, renewal_term_months=12)

    run()

    assert mailoutbox == []


def test_the_users_own_thresholds_apply(mailoutbox):
    subscriber(
        **only(agreements_expiring=True),
        expiry_first_days=60,
        expiry_second_days=14,
        expiry_last_days=3,
    )
    expiring(61)
    inside = expiring(60)

    run()

    [message] = mailoutbox
    assert inside.title in message.body
    assert SentReminder.objects.get().threshold == 60


@pytest.mark.parametrize("days_ahead, reminded", [(0, False), (1, True), (14, True), (15, False)])
def test_a_delegation_is_reminded_within_the_days_ahead(mailoutbox, days_ahead, reminded):
    subscriber(**only(delegations_upcoming=True))
    delegation = DelegationFactory(
        start_date=TODAY + days_ahead * DAY, status=Delegation.Status.CONFIRMED
    )

    run()

    assert bool(mailoutbox) == reminded
    if reminded:
        assert delegation.title in mailoutbox[0].body


def test_a_cancelled_or_completed_delegation_is_not_reminded(mailoutbox):
    subscriber(**only(delegations_upcoming=True))
    DelegationFactory(start_date=TODAY + 3 * DAY, status=Delegation.Status.CANCELLED)
    DelegationFactory(start_date=TODAY + 3 * DAY, status=Delegation.Status.COMPLETED)

    run()

    assert mailoutbox == []


@pytest.mark.parametrize("days_ahead, reminded", [(-1, False), (0, True), (30, True), (31, False)])
def test_a_hosted_conference_without_a_permit_is_reminded_within_30_days(
    mailoutbox, days_ahead, reminded
):
    subscriber(**only(permits_pending=True))
    conference = ConferenceFactory(
        start_date=TODAY + days_ahead * DAY,
        permit_status=Conference.PermitStatus.REQUESTED,
        permit_number="",
        permit_date=None,
    )

    run()

    assert bool(mailoutbox) == reminded
    if reminded:
        assert conference.name in mailoutbox[0].body


def test_a_conference_with_an_approved_permit_is_not_reminded(mailoutbox):
    subscriber(**only(permits_pending=True))
    ConferenceFactory(start_date=TODAY + 5 * DAY)  # approved, with its decision

    run()

    assert mailoutbox == []


@pytest.mark.parametrize("days_ahead, reminded", [(-1, False), (0, True), (60, True), (61, False)])
def test_an_aid_project_is_reminded_60_days_before_its_end(mailoutbox, days_ahead, reminded):
    subscriber(**only(aid_ending=True))
    project = AidProjectFactory(
        status=AidProject.Status.ONGOING,
        start_date=datetime.date(2024, 1, 1),
        end_date=TODAY + days_ahead * DAY,
    )
    AidProjectFactory(status=AidProject.Status.COMPLETED, end_date=TODAY + 5 * DAY)

    run()

    assert bool(mailoutbox) == reminded
    if reminded:
        assert project.title in mailoutbox[0].body
        assert AidProject.objects.ending_within(60, today=TODAY).count() == 1


@pytest.mark.parametrize("days_quiet, reminded", [(364, False), (365, True)])
def test_an_agreement_without_activity_for_12_months_is_reminded(mailoutbox, days_quiet, reminded):
    subscriber(**only(agreements_dormant=True))
    agreement = AgreementFactory(signed_on=datetime.date(2023, 1, 10))
    AgreementActivityFactory(agreement=agreement, date=TODAY - days_quiet * DAY)

    run()

    assert bool(mailoutbox) == reminded
    if reminded:
        assert agreement.title in mailoutbox[0].body
        assert SentReminder.objects.get().item_date == TODAY - days_quiet * DAY


def test_a_dormant_agreement_is_reminded_again_after_new_activity_and_another_quiet_year(
    mailoutbox,
):
    subscriber(**only(agreements_dormant=True))
    agreement = AgreementFactory(signed_on=datetime.date(2023, 1, 10))

    run()
    run(TODAY + 30 * DAY)  # still quiet: already told
    AgreementActivityFactory(agreement=agreement, date=TODAY + 40 * DAY)
    run(TODAY + 100 * DAY)  # active again
    run(TODAY + 40 * DAY + 365 * DAY)  # quiet for a year again

    assert len(mailoutbox) == 2


@pytest.mark.parametrize("days_quiet, reminded", [(364, False), (365, True)])
def test_a_relationship_without_activity_for_12_months_is_reminded(
    mailoutbox, days_quiet, reminded
):
    subscriber(**only(relationships_dormant=True))
    relationship = RelationshipFactory(established_on=datetime.date(2015, 4, 9))
    RelationshipActivityFactory(relationship=relationship, date=TODAY - days_quiet * DAY)

    run()

    assert bool(mailoutbox) == reminded
    if reminded:
        assert (
            relationship.partner.name_vi in mailoutbox[0].body
            or str(relationship.partner) in mailoutbox[0].body
        )


def test_an_ended_relationship_is_not_reminded(mailoutbox):
    subscriber(**only(relationships_dormant=True))
    RelationshipFactory(status=Relationship.Status.ENDED, ended_on=datetime.date(2020, 1, 1))

    run()

    assert mailoutbox == []


# Once only; the dry run; nothing to say


def test_a_second_run_sends_nothing_new(mailoutbox):
    subscriber()
    expiring(20)
    DelegationFactory(start_date=TODAY + 3 * DAY, status=Delegation.Status.PLANNED)

    run()
    run()
    run(TODAY + DAY)

    assert len(mailoutbox) == 1
    assert SentReminder.objects.count() == 2


def test_one_email_a_day_whatever_the_number_of_items(mailoutbox):
    subscriber()
    for days in (5, 20, 60):
        expiring(days)
    for days in (2, 9):
        DelegationFactory(start_date=TODAY + days * DAY, status=Delegation.Status.CONFIRMED)

    run()

    [message] = mailoutbox
    assert message.to == ["leader@example.invalid"]
    assert SentReminder.objects.count() == 5


def test_a_new_item_the_next_day_is_sent_alone(mailoutbox):
    subscriber()
    first = expiring(20)
    run()
    second = DelegationFactory(start_date=TODAY + 10 * DAY, status=Delegation.Status.CONFIRMED)

    run(TODAY + DAY)

    assert len(mailoutbox) == 2
    assert second.title in mailoutbox[1].body
    assert first.title not in mailoutbox[1].body


def test_the_dry_run_sends_and_records_nothing(mailoutbox):
    subscriber()
    agreement = expiring(20)

    output = run(TODAY, "--dry-run")

    assert mailoutbox == []
    assert not SentReminder.objects.exists()
    assert "leader@example.invalid" in output
    assert agreement.title in output
    assert "would send 1 digest(s), 1 item(s)" in output
    # And the real run afterwards still sends it.
    run()
    assert len(mailoutbox) == 1


def test_nothing_is_sent_when_there_is_nothing_to_say(mailoutbox):
    subscriber()
    expiring(200)
    AgreementFactory(signed_on=TODAY - 10 * DAY)  # open-ended, and recent
    DelegationFactory(start_date=TODAY + 30 * DAY, status=Delegation.Status.CONFIRMED)

    output = run()

    assert mailoutbox == []
    assert "sent 0 digest(s)" in output


def test_a_moved_visit_is_reminded_again(mailoutbox):
    subscriber(**only(delegations_upcoming=True))
    delegation = DelegationFactory(start_date=TODAY + 5 * DAY, status=Delegation.Status.CONFIRMED)
    run()
    delegation.start_date = delegation.end_date = TODAY + 9 * DAY
    delegation.save()

    run(TODAY + DAY)

    assert len(mailoutbox) == 2


def test_a_failed_email_records_nothing_and_is_sent_by_the_next_run(mailoutbox):
    subscriber()
    expiring(20)

    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")
    ):
        with pytest.raises(CommandError):
            run()
    assert not SentReminder.objects.exists()

    run()
    assert len(mailoutbox) == 1
    assert SentReminder.objects.count() == 1


# Who gets a digest


def test_only_subscribed_active_staff_with_an_address_and_a_role_get_one(mailoutbox):
    subscriber(username="subscribed")
    subscriber(username="unsubscribed", subscribed=False)
    inactive = subscriber(username="inactive")
    inactive.is_active = False
    inactive.save()
    no_address = subscriber(username="noaddress")
    no_address.email = ""
    no_address.save()
    no_role = subscriber(username="norole")
    no_role.groups.clear()
    never_opened = _member_of(EDITORS, "neveropened")  # no settings: never subscribed
    expiring(20)

    run()

    assert [message.to for message in mailoutbox] == [["subscribed@example.invalid"]]
    assert not ReminderSettings.objects.filter(user=never_opened).exists()


def test_the_users_choices_are_respected(mailoutbox):
    subscriber(username="agreements", **only(agreements_expiring=True))
    subscriber(username="visits", **only(delegations_upcoming=True))
    agreement = expiring(20)
    delegation = DelegationFactory(start_date=TODAY + 3 * DAY, status=Delegation.Status.PLANNED)

    run()

    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert agreement.title in bodies["agreements@example.invalid"]
    assert delegation.title not in bodies["agreements@example.invalid"]
    assert delegation.title in bodies["visits@example.invalid"]
    assert agreement.title not in bodies["visits@example.invalid"]


def test_a_viewers_defaults_are_agreements_and_visits(mailoutbox):
    subscriber(group=VIEWERS)  # the role's defaults, untouched
    agreement = expiring(20)
    delegation = DelegationFactory(start_date=TODAY + 3 * DAY, status=Delegation.Status.PLANNED)
    project = AidProjectFactory(status=AidProject.Status.ONGOING, end_date=TODAY + 5 * DAY)
    conference = ConferenceFactory(
        start_date=TODAY + 5 * DAY,
        permit_status=Conference.PermitStatus.REQUESTED,
        permit_number="",
        permit_date=None,
    )

    run()

    [message] = mailoutbox
    assert agreement.title in message.body
    assert delegation.title in message.body
    assert project.title not in message.body
    assert conference.name not in message.body


# Language, bodies and links


def test_the_digest_is_in_the_users_language(mailoutbox):
    subscriber(username="vi_user", language="vi")
    subscriber(username="en_user", language="en")
    agreement = expiring(20, reference_number="12/2024/MOU")

    run()

    messages = {message.to[0]: message for message in mailoutbox}
    vietnamese, english = messages["vi_user@example.invalid"], messages["en_user@example.invalid"]
    with translation.override("vi"):
        heading_vi = translation.gettext("Agreements expiring")
    assert heading_vi != "Agreements expiring"
    assert heading_vi.upper() in text_of(vietnamese)
    assert heading_vi in html_of(vietnamese)
    assert agreement.title in text_of(vietnamese)
    assert "AGREEMENTS EXPIRING" in text_of(english)
    assert agreement.title_en in text_of(english)
    assert agreement.title_en in html_of(english)
    assert "1 item needs your attention" in english.subject
    assert "02/03/2026" in vietnamese.subject
    assert "in 20 days" in text_of(english)
    assert "Hello en_user" in text_of(english)


def test_each_item_links_to_its_record_in_both_bodies(mailoutbox):
    subscriber(username="vi_user", language="vi")
    subscriber(username="en_user", language="en")
    agreement = expiring(20)

    run()

    messages = {message.to[0]: message for message in mailoutbox}
    path = f"/admin/agreements/agreement/{agreement.pk}/change/"
    vi_url, en_url = f"{SITE}{path}", f"{SITE}/en{path}"
    assert vi_url in text_of(messages["vi_user@example.invalid"])
    assert f'href="{vi_url}"' in html_of(messages["vi_user@example.invalid"])
    assert en_url in text_of(messages["en_user@example.invalid"])
    assert f'href="{en_url}"' in html_of(messages["en_user@example.invalid"])
    # And a way to change the settings or stop.
    settings_url = SITE + "/en" + reverse("reminders:settings")
    assert settings_url in text_of(messages["en_user@example.invalid"])


def test_the_html_body_escapes_record_text(mailoutbox):
    subscriber()
    expiring(20, title="Thỏa thuận <script>alert(1)</script>")

    run()

    [message] = mailoutbox
    assert "<script>" not in html_of(message)
    assert "&lt;script&gt;" in html_of(message)
    assert "<script>alert(1)</script>" in text_of(message)  # plain text is not HTML


def test_a_record_links_to_the_admin_for_staff_and_else_to_a_public_page_or_the_dashboard():
    staff = _member_of(VIEWERS, "reader")
    nobody = UserFactory(username="norole")
    public = AgreementFactory(public=True)
    internal = AgreementFactory()

    assert record_url(public, staff) == reverse(
        "admin:agreements_agreement_change", args=[public.pk]
    )
    assert record_url(public, nobody) == public.get_absolute_url()
    assert record_url(internal, nobody) == reverse("reports:dashboard")


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "2026-13-45", stdout=io.StringIO())
