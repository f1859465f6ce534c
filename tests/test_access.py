"""Who may open what: every URL the project defines, requested as each role — an anonymous
visitor, a Viewer, an Editor, a Publisher and a superuser — gets the status it must get.
A URL added without an entry here fails the walk, so that every new page is decided."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from attachments.models import Attachment
from core.admin import AuditedAdmin
from core.importing_admin import RecordImportExportMixin
from core.models import PublishableModel
from core.roles import EDITORS, PUBLISHERS, VIEWERS
from delegations.models import Delegation
from reminders.models import ReminderSettings
from tests.conftest import _member_of
from tests.factories import (
    PDF_BYTES,
    AgreementActivityFactory,
    AgreementFactory,
    AidProjectFactory,
    AttachmentFactory,
    ConferenceFactory,
    ConferenceSessionFactory,
    DelegationFactory,
    DelegationMemberFactory,
    DisbursementFactory,
    ExchangeRateFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    RecommendationFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ANON, VIEWER, EDITOR, PUBLISHER, ROOT = "anonymous", "viewer", "editor", "publisher", "root"
ROLES = [ANON, VIEWER, EDITOR, PUBLISHER, ROOT]
STAFF = {VIEWER, EDITOR, PUBLISHER, ROOT}
WRITERS = {EDITOR, PUBLISHER, ROOT}
LOCAL_APPS = {name.rsplit(".", 1)[-1] for name in settings.LOCAL_APPS}


@pytest.fixture
def clients():
    result = {ANON: Client()}
    for role, group in [(VIEWER, VIEWERS), (EDITOR, EDITORS), (PUBLISHER, PUBLISHERS)]:
        result[role] = Client()
        result[role].force_login(_member_of(group, role))
    result[ROOT] = Client()
    result[ROOT].force_login(UserFactory(username="root", is_superuser=True))
    return result


@pytest.fixture
def records():
    """A public and an internal record of every kind, so that every URL has an object."""
    SectorFactory()
    LocalUnitFactory()
    ExchangeRateFactory()
    for public in (True, False):
        relationship = RelationshipFactory(public=public)
        RelationshipActivityFactory(relationship=relationship, public=public)
        DelegationMemberFactory(delegation=DelegationFactory(public=public))
        agreement = AgreementFactory(public=public)
        agreement.document = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n")
        agreement.save()
        AgreementActivityFactory(agreement=agreement, public=public)
        conference = ConferenceFactory(public=public)
        ConferenceSessionFactory(conference=conference)
        RecommendationFactory(conference=conference)
        DisbursementFactory(project=AidProjectFactory(public=public))
    ForeignPartnerFactory()
    # Attachments: photos public and internal, on a public and an internal record, and a
    # document (attachments.views).
    for public_record in (True, False):
        record = DelegationFactory(public=public_record)
        for public in (True, False):
            AttachmentFactory(record=record, public=public, caption=f"{public_record}-{public}")
    AttachmentFactory(public=True, caption="document", data=PDF_BYTES, name="programme.pdf")


def url_names(resolver=None, namespace=""):
    """Every named URL of the project, with its namespace."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def sample(model, *, public):
    """A record of ``model``: public or internal where it has a visibility."""
    queryset = model._default_manager.order_by("pk")
    if issubclass(model, PublishableModel):
        queryset = queryset.filter(visibility="public" if public else "internal")
    return queryset.first() or model._default_manager.order_by("pk").first()


def status(role, allowed, denied=403):
    """200 for an allowed role; the admin's login page (302) for an anonymous visitor;
    ``denied`` for staff without the permission."""
    if role in allowed:
        return 200
    return 302 if role == ANON else denied


def admin_model_cases():
    """(url name, args, expected status per role) for every model admin's pages."""
    for model in admin.site._registry:
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        ours = meta.app_label in LOCAL_APPS
        readers = STAFF if ours else {ROOT}
        writers = WRITERS if ours else {ROOT}
        internal = sample(model, public=False)
        yield f"{base}_changelist", (), {role: status(role, readers) for role in ROLES}
        add = {role: status(role, writers) for role in ROLES}
        if not ours:
            add[ROOT] = None  # a third-party log (axes) may refuse additions to anybody
        yield f"{base}_add", (), add
        if isinstance(admin.site._registry[model], RecordImportExportMixin):
            # Spreadsheet import and export (core.importing_admin): importing (and its
            # template) needs add and change; exporting, view; the confirmation is POST only.
            yield f"{base}_import", (), {role: status(role, writers) for role in ROLES}
            yield f"{base}_import_template", (), {role: status(role, writers) for role in ROLES}
            yield f"{base}_export", (), {role: status(role, readers) for role in ROLES}
            yield (
                f"{base}_process_import",
                (),
                {role: 302 if role == ANON else 405 for role in ROLES},
            )
        if isinstance(admin.site._registry[model], AuditedAdmin):
            # Change history (core.admin): the deleted records, for anyone who may view
            # them; restoring one is POST only (and needs the add permission).
            yield f"{base}_deleted", (), {role: status(role, readers) for role in ROLES}
            yield f"{base}_restore", (1,), {role: 302 if role == ANON else 405 for role in ROLES}
        if internal is None:  # an empty log table (axes): no object pages to open
            continue
        if isinstance(admin.site._registry[model], AuditedAdmin):
            # A past version: viewable by readers, revertible (POST) by writers.
            version = model.history.filter(id=internal.pk).latest().history_id
            yield (
                f"{base}_simple_history",
                (internal.pk, version),
                {role: status(role, readers) for role in ROLES},
            )
        for action, allowed in [("change", readers), ("history", readers), ("delete", writers)]:
            yield (
                f"{base}_{action}",
                (internal.pk,),
                {role: status(role, allowed) for role in ROLES},
            )


def fixed_cases(records_present):
    """The URLs outside the model admins, each with what every role must get."""
    public_agreement = sample(records_present["Agreement"], public=True)
    internal_agreement = sample(records_present["Agreement"], public=False)
    public = {role: 200 for role in ROLES}
    staff_only = {role: status(role, STAFF) for role in ROLES}
    cases = [
        ("/favicon.ico", (), {role: 302 for role in ROLES}),
        ("core:home", (), public),
        ("reports:dashboard", (), staff_only),
        ("reports:annual_report", (), staff_only),
        ("admin:index", (), staff_only),
        ("admin:login", (), {role: 200 if role == ANON else 302 for role in ROLES}),
        ("admin:logout", (), {role: 302 if role == ANON else 405 for role in ROLES}),  # POST
        ("admin:password_change", (), staff_only),
        ("admin:password_change_done", (), staff_only),
        ("admin:jsi18n", (), staff_only),
        ("admin:autocomplete", (), {role: status(role, set()) for role in ROLES}),
        ("agreements:agreement_document", (public_agreement.pk,), public),
        (
            "agreements:agreement_document",
            (internal_agreement.pk,),
            {role: 404 if role == ANON else 200 for role in ROLES},
        ),
    ]
    for app, detail, model in [
        ("partners", "relationship", "Relationship"),
        ("delegations", "delegation", "Delegation"),
        ("agreements", "agreement", "Agreement"),
        ("conferences", "conference", "Conference"),
        ("aid", "aidproject", "AidProject"),
    ]:
        cases.append((f"{app}:{detail}_list", (), public))
        if app != "partners":
            cases.append((f"{app}:{detail}_csv", (), public))
        shown = sample(records_present[model], public=True)
        hidden = sample(records_present[model], public=False)
        cases.append((f"{app}:{detail}_detail", (shown.pk,), public))
        # An internal record's page is a 404 for everybody, staff included.
        cases.append((f"{app}:{detail}_detail", (hidden.pk,), {role: 404 for role in ROLES}))
    # A file: to anybody when it is a public photo of a public record, else to staff only
    # (404, not 403, to the public); a document has no thumbnail.
    staff_files = {role: 404 if role == ANON else 200 for role in ROLES}
    for caption, expected in [
        ("True-True", public),
        ("True-False", staff_files),
        ("False-True", staff_files),
        ("False-False", staff_files),
        ("document", staff_files),
    ]:
        attachment = Attachment.objects.get(caption=caption)
        cases.append(("attachments:attachment_file", (attachment.pk,), expected))
        thumbnail = expected if caption != "document" else {role: 404 for role in ROLES}
        cases.append(("attachments:attachment_thumbnail", (attachment.pk,), thumbnail))
    # Search, partner and country pages: public ones for a public partner, staff ones
    # (under /dashboard/) for any.
    public_partner = sample(records_present["ForeignPartner"], public=True)
    internal_partner = sample(records_present["ForeignPartner"], public=False)
    cases += [
        ("search:search", (), public),
        ("search:partner_detail", (public_partner.pk,), public),
        ("search:partner_detail", (internal_partner.pk,), {role: 404 for role in ROLES}),
        ("search:country_detail", ("JP",), public),
        ("search:staff_search", (), staff_only),
        ("search:staff_partner_detail", (internal_partner.pk,), staff_only),
        ("search:staff_country_detail", ("JP",), staff_only),
    ]
    for app_label in sorted({model._meta.app_label for model in admin.site._registry}):
        allowed = STAFF if app_label in LOCAL_APPS else {ROOT}
        cases.append(
            ("admin:app_list", (app_label,), {role: status(role, allowed, 404) for role in ROLES})
        )
    # Reminders and calendars: the settings page is each staff member's own; the public
    # feed is public; a private feed opens with its token only, to anybody (a calendar
    # application cannot sign in), and a wrong token is a 404 for everybody.
    cases.append(("reminders:settings", (), staff_only))
    cases.append(("reminders:calendar", (), public))
    feed_owner = UserFactory(username="feedowner", is_superuser=True)
    token = ReminderSettings.objects.for_user(feed_owner).feed_token
    cases.append(("reminders:calendar_private", (token,), public))
    cases.append(("reminders:calendar_private", ("1-forged",), {role: 404 for role in ROLES}))
    delegation = sample(Delegation, public=True)
    content_type = ContentType.objects.get_for_model(Delegation)
    cases.append(
        ("admin:view_on_site", (content_type.pk, delegation.pk), {role: 302 for role in ROLES})
    )
    return cases


def test_every_url_answers_each_role_as_it_must(clients, records):
    models = {model.__name__: model for model in admin.site._registry}
    cases = [*fixed_cases(models), *admin_model_cases()]
    wrong = []
    for name, args, expected in cases:
        for language in ("vi", "en"):
            if name.startswith("/"):  # a fixed address, in no language
                if language == "en":
                    continue
                url = name
            else:
                with translation.override(language):
                    url = reverse(name, args=args)
            for role in ROLES:
                response = clients[role].get(url)
                if response.streaming:
                    # Read a download to its end: the test client then closes its file.
                    # (Not response.close(): that would also close the test's database
                    # connection, as at the end of a real request.)
                    b"".join(response.streaming_content)
                want = expected[role]
                if response.status_code != want and not (
                    want is None and response.status_code < 500
                ):
                    wrong.append((url, role, response.status_code, want))
    assert wrong == []
    # Every named URL of the project was decided above.
    decided = {name for name, _args, _expected in cases}
    # Not walked: the admin's object pages of empty third-party tables, and a user's
    # password form (superuser-only, like the rest of the auth admin).
    skipped = {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"
        for model in admin.site._registry
        if sample(model, public=False) is None
        for action in ("change", "history", "delete")
    } | {"admin:auth_user_password_change"}
    assert {name for name in url_names() if name not in decided | skipped} == set()


def test_a_viewer_cannot_change_a_record_by_posting(clients, records):
    delegation = sample(Delegation, public=False)
    url = reverse("admin:delegations_delegation_change", args=[delegation.pk])

    response = clients[VIEWER].post(url, {"title": "Changed by a viewer"})

    assert response.status_code == 403
    delegation.refresh_from_db()
    assert delegation.title != "Changed by a viewer"


def test_an_editor_cannot_delete_a_public_record(clients, records):
    delegation = sample(Delegation, public=True)
    url = reverse("admin:delegations_delegation_delete", args=[delegation.pk])

    assert clients[EDITOR].get(url).status_code == 403
    assert clients[PUBLISHER].get(url).status_code == 200
