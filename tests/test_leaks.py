"""The worst failure this product can have is an internal record on a public page. Every
text field of internal records (and the internal notes of public ones) carries a marker;
a crawler then follows every link reachable from the public home pages, in both languages,
every filter option of every list, every CSV download, and asks for the internal records'
own addresses: the marker never appears, and those addresses are 404."""

import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from conferences.models import Conference
from core.models import Visibility
from delegations.models import Delegation
from tests.factories import (
    PDF_BYTES,
    AgreementActivityFactory,
    AgreementFactory,
    AidProjectFactory,
    AttachmentFactory,
    ConferenceFactory,
    ConferenceSessionFactory,
    DelegationFactory,
    DisbursementFactory,
    ExchangeRateFactory,
    ForeignPartnerFactory,
    LocalUnitFactory,
    RecommendationFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
    SectorFactory,
)

MARKER = "QXLEAKMARKER"
PUBLIC = Visibility.PUBLIC
START_PAGES = ["/", "/en/"]
# Never crawled: staff-only areas answer with a login page, not with records.
STAFF_PREFIXES = ("/admin/", "/en/admin/", "/dashboard/", "/en/dashboard/")
MAX_PAGES = 1500


def marked(instance, label):
    """Fill every free-text field of ``instance`` with the marker (and save)."""
    for field in instance._meta.get_fields():
        if isinstance(field, models.CharField | models.TextField) and not field.choices:
            if field.name in {"visibility", "countries", "country", "currency", "code"}:
                continue
            if field.name == "media_outlets" and getattr(instance, "kind", "") != "press":
                continue  # only press delegations have them (a constraint)
            if field.name == "permit_number" and getattr(instance, "permit_date", 0) is None:
                continue  # a number goes with a decision date (a constraint)
            if isinstance(field, models.CharField) and field.max_length < 40:
                value = f"{MARKER}{label}"[: field.max_length]
            else:
                value = f"{MARKER} {label} {field.name}"
            setattr(instance, field.name, value)
    instance.save()
    return instance


@pytest.fixture
def records(db):
    """Public records to make the pages full, and internal ones (or internal fields) that
    must never show."""
    health = SectorFactory(code="health", name="Y tế", name_en="Health")
    LocalUnitFactory()
    ExchangeRateFactory()

    # Public records, each with a marked internal note where it has one.
    okayama = ForeignPartnerFactory(public=True, name="Okayama", country="JP")
    twin = RelationshipFactory(public=True, partner=okayama, sectors=[health])
    RelationshipActivityFactory(relationship=twin, public=True)
    shown_delegation = DelegationFactory(
        public=True, partners=[okayama], sectors=[health], notes=f"{MARKER} note"
    )
    shown_agreement = AgreementFactory(
        public=True, parties=[okayama], sectors=[health], notes=f"{MARKER} note"
    )
    AgreementActivityFactory(agreement=shown_agreement, public=True)
    shown_conference = ConferenceFactory(public=True, sectors=[health], notes=f"{MARKER} note")
    shown_aid = AidProjectFactory(
        public=True, partner=okayama, sectors=[health], notes=f"{MARKER} note"
    )
    DisbursementFactory(project=shown_aid)

    # Internal records, marked everywhere, linked to the public ones where they can be.
    secret_partner = marked(ForeignPartnerFactory(country="KR"), "partner")
    internal = {
        "partner": secret_partner,
        "relationship": marked(RelationshipFactory(partner=secret_partner), "relationship"),
        "delegation": marked(DelegationFactory(partners=[secret_partner]), "delegation"),
        "cancelled delegation": marked(
            DelegationFactory(public=True, status=Delegation.Status.CANCELLED),
            "cancelled-delegation",
        ),
        "agreement": marked(AgreementFactory(parties=[secret_partner]), "agreement"),
        "conference": marked(ConferenceFactory(organiser_partner=secret_partner), "conference"),
        "rejected conference": marked(
            ConferenceFactory(
                public=True,
                permit_status=Conference.PermitStatus.REJECTED,
                permit_number="",
                permit_date=None,
            ),
            "rejected-conference",
        ),
        "aid project": marked(AidProjectFactory(partner=secret_partner), "aid"),
        "cancelled aid project": marked(
            AidProjectFactory(public=True, status="cancelled"), "cancelled-aid"
        ),
    }
    # Internal parts of public records.
    marked(RelationshipActivityFactory(relationship=twin), "twin-activity")
    marked(AgreementActivityFactory(agreement=shown_agreement), "agreement-activity")
    # An internal partner beside public records.
    shown_delegation.partners.add(secret_partner)
    shown_agreement.parties.add(secret_partner)
    shown_aid.partner = secret_partner
    shown_aid.save()
    # A conference's sessions and recommendations are public with it: mark the internal one's.
    ConferenceSessionFactory(conference=internal["conference"], title=f"{MARKER} session")
    RecommendationFactory(conference=internal["conference"], text=f"{MARKER} recommendation")
    # The public conference and the internal agreement signed at it.
    internal["agreement"].conference = shown_conference
    internal["agreement"].delegation = shown_delegation
    internal["agreement"].save()
    # A signed document on the internal agreement.
    internal["agreement"].document = SimpleUploadedFile(
        "secret.pdf", b"%PDF-1.4 " + MARKER.encode()
    )
    internal["agreement"].save()
    # Attachments: one public photo of a public record makes a gallery; the captions of an
    # internal photo, of a public document and of a public photo of an internal record are
    # marked, and so is the document's original name.
    AttachmentFactory(record=shown_delegation, public=True, caption="Ảnh", caption_en="Photo")
    AttachmentFactory(
        record=shown_delegation, caption=f"{MARKER} photo", caption_en=f"{MARKER} photo en"
    )
    AttachmentFactory(
        record=shown_agreement,
        public=True,
        caption=f"{MARKER} document",
        caption_en=f"{MARKER} document en",
        data=PDF_BYTES,
        name=f"{MARKER}.pdf",
    )
    AttachmentFactory(record=internal["delegation"], public=True, caption=f"{MARKER} record")
    return internal


def links(response):
    """Same-site addresses linked from a page (href), without fragments."""
    if "text/html" not in response.get("Content-Type", ""):
        return []
    html = response.content.decode()
    found = []
    for href in re.findall(r'href="([^"]+)"', html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parts = urlsplit(href)
        if parts.scheme and parts.netloc != "testserver":
            continue  # another site, or mailto:
        if parts.netloc:  # our own absolute address (hreflang): keep the path and query
            href = parts.path + (f"?{parts.query}" if parts.query else "")
        found.append(urljoin(response.request["PATH_INFO"], href))
    return found


def filter_urls(response):
    """One address per option of every select of the page's filter form."""
    if "text/html" not in response.get("Content-Type", ""):
        return []
    html = response.content.decode()
    path = response.request["PATH_INFO"]
    urls = []
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        for value in re.findall(r'<option value="([^"]*)"', body):
            if value:
                urls.append(f"{path}?{name}={value}")
    return urls


def crawl(client):
    seen, queue, pages = set(), deque(START_PAGES), []
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or path.startswith(STAFF_PREFIXES) or path.startswith("/static/"):
            continue
        seen.add(url)
        response = client.get(url)
        pages.append((url, response))
        if response.status_code == 200:
            for found in [*links(response), *filter_urls(response)]:
                if found not in seen:
                    queue.append(found)
    return pages


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_no_internal_text_is_reachable_from_the_public_pages(client, records):
    pages = crawl(client)

    visited = [url for url, _response in pages]
    # The crawl did reach every kind of page: lists, filters, details, CSV, both languages.
    for expected in [
        "/delegations/export.csv",
        "/en/agreements/",
        "/conferences/?",
        "/aid/?",
        "/twin-cities/",
        "/calendar.ics",
        "/attachments/",
        "/partners/",
        "/countries/JP/",
    ]:
        assert any(expected in url for url in visited), expected
    assert len(pages) > 60
    leaks = [url for url, response in pages if MARKER in body(response)]
    assert leaks == []
    assert [url for url, response in pages if response.status_code >= 500] == []


def test_the_internal_records_own_addresses_are_404(client, records):
    for name, record in records.items():
        if not hasattr(record, "get_absolute_url"):
            continue
        for prefix in ("", "/en"):
            response = client.get(prefix + record.get_absolute_url())
            assert response.status_code == 404, name
            assert MARKER not in response.content.decode()


def test_an_internal_agreements_document_is_404_to_the_public(client, records):
    agreement = records["agreement"]
    assert agreement.document  # the fixture stored one

    response = client.get(f"/agreements/{agreement.pk}/document.pdf")

    assert response.status_code == 404


def test_the_crawler_would_see_a_leak(client, records):
    """The crawl is not blind: publish one marked record and the crawl finds the marker."""
    delegation = records["delegation"]
    delegation.visibility = Visibility.PUBLIC
    delegation.save()

    leaks = [url for url, response in crawl(client) if MARKER in body(response)]

    assert delegation.get_absolute_url() in leaks
    assert any("export.csv" in url for url in leaks)
