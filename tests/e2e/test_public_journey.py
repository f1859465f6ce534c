"""The public's journey in a real browser, in Vietnamese and in English, on a phone and on a
desktop: the home page, the twin cities, a twin city's page and filtered lists. On every
page: no console error, no failed request, no request to another host (``open_page``
watches), no serious accessibility violation (axe-core), and nothing internal."""

import datetime
import re

import pytest

from delegations.models import Delegation
from tests.factories import (
    AgreementFactory,
    AidProjectFactory,
    ConferenceFactory,
    DelegationFactory,
    ExchangeRateFactory,
    ForeignPartnerFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
)

from .axe import assert_accessible
from .conftest import url

pytestmark = pytest.mark.django_db(transaction=True)

INTERNAL = "Đoàn nội bộ chưa công bố"


def public_world():
    """A public twin city with its agreement and an activity, public delegations both ways,
    a conference and an aid project; and an internal delegation that must never show."""
    okayama = ForeignPartnerFactory(public=True, name="Okayama", name_vi="Thành phố Okayama")
    twinning = RelationshipFactory(public=True, partner=okayama)
    AgreementFactory(
        public=True,
        parties=[okayama],
        title="Thỏa thuận kết nghĩa Cần Thơ – Okayama",
        title_en="Twinning agreement Can Tho – Okayama",
        signed_on=datetime.date(2023, 4, 9),
    )
    RelationshipActivityFactory(relationship=twinning, public=True)
    inbound = DelegationFactory(
        public=True,
        title="Đoàn thành phố Okayama thăm Cần Thơ",
        title_en="Okayama City delegation visits Can Tho",
        partners=[okayama],
        start_date=datetime.date(2024, 11, 5),
    )
    outbound = DelegationFactory(
        public=True,
        direction=Delegation.Direction.OUTBOUND,
        title="Đoàn thành phố đi Hoa Kỳ",
        title_en="City delegation to the United States",
        countries=["US"],
        start_date=datetime.date(2023, 9, 1),
    )
    DelegationFactory(title=INTERNAL, title_en=INTERNAL, start_date=datetime.date(2024, 6, 1))
    ConferenceFactory(public=True)
    ExchangeRateFactory()
    AidProjectFactory(public=True)
    return twinning, inbound, outbound


def visit(page, path, *, check_accessibility=True):
    response = page.goto(path)
    assert response.status == 200, path
    if check_accessibility:
        assert_accessible(page)
    assert INTERNAL not in page.content()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_public_reads_the_site_on_a_phone_and_a_desktop(open_page, language):
    twinning, inbound, outbound = public_world()
    title = (lambda record: record.title) if language == "vi" else lambda r: r.title_en
    partner_name = "Thành phố Okayama" if language == "vi" else "Okayama"

    for viewport in ("phone", "desktop"):
        page = open_page(viewport)
        # axe-core takes a second a page: every page on the desktop, and on the phone
        # those whose layout changes most (the home page, a twin city, the filtered list).
        desktop = viewport == "desktop"

        visit(page, url("core:home", language=language))
        assert page.locator("html").get_attribute("lang") == language
        # The page fits the screen: nothing scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.locator("a.card__title", has_text=partner_name).first.click()
        page.wait_for_url(
            f"**{url('partners:relationship_detail', twinning.pk, language=language)}"
        )
        assert partner_name in page.locator("h1").inner_text()
        assert_accessible(page)
        assert page.locator(".card-list a.card__title").count() == 1  # its agreement

        visit(
            page, url("partners:relationship_list", language=language), check_accessibility=desktop
        )
        assert page.get_by_role("link", name=partner_name).count() == 1

        visit(
            page, url("delegations:delegation_list", language=language), check_accessibility=desktop
        )
        assert page.get_by_text(title(outbound)).count() == 1
        page.select_option("#id_direction", Delegation.Direction.INBOUND)
        page.locator("form.filters button[type=submit]").click()
        page.wait_for_url(re.compile(r"direction=inbound"))
        assert_accessible(page)
        assert page.get_by_text(title(inbound)).count() == 1
        assert page.get_by_text(title(outbound)).count() == 0

        for name, query in [
            ("agreements:agreement_list", "year=2023"),
            ("conferences:conference_list", "year=2023"),
            ("aid:aidproject_list", "year=2021"),
        ]:
            visit(page, url(name, language=language, query=query), check_accessibility=desktop)
            assert page.locator("main table tbody tr, main .card-list > li").count() >= 1, name
