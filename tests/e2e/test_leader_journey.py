"""The leader's journey in a real browser: a Viewer signs in, opens the dashboard, picks a
year and the comparison, clicks a figure and lands on exactly the records behind it (as the
statistics layer counts them), and downloads the annual report of that year."""

import datetime
import io
import re
import unicodedata

import pytest
from django.utils import translation
from pypdf import PdfReader

from delegations.models import Delegation
from reports.statistics import delegation_summary
from tests.factories import DelegationFactory

from .conftest import PASSWORD, log_in, url

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = 2025


def records():
    """Foreign delegations received in 2025 (one from two countries), and around them what
    the figure must leave out: a cancelled one, an outbound one, one of 2024."""
    received = [
        DelegationFactory(title="Đoàn Okayama đến Cần Thơ", start_date=datetime.date(YEAR, 1, 1)),
        DelegationFactory(
            title="Đoàn doanh nghiệp Nhật Bản và Hàn Quốc",
            countries=["JP", "KR"],
            start_date=datetime.date(YEAR, 6, 15),
        ),
        DelegationFactory(
            title="Đoàn báo chí Pháp",
            kind=Delegation.Kind.PRESS,
            countries=["FR"],
            start_date=datetime.date(YEAR, 12, 31),
        ),
    ]
    DelegationFactory(
        title="Đoàn Kaposvár (hủy)",
        status=Delegation.Status.CANCELLED,
        start_date=datetime.date(YEAR, 3, 3),
    )
    DelegationFactory(
        title="Đoàn thành phố đi Riverside",
        direction=Delegation.Direction.OUTBOUND,
        countries=["US"],
        start_date=datetime.date(YEAR, 4, 4),
    )
    DelegationFactory(title="Đoàn Jeollanam-do năm trước", start_date=datetime.date(YEAR - 1, 5, 5))
    return received


def squashed(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def test_a_viewer_reads_a_figure_down_to_its_records_and_downloads_the_report(open_page, viewer):
    received = records()
    page = open_page("desktop")
    log_in(page, viewer.username, PASSWORD)

    page.goto(url("reports:dashboard"))
    page.select_option("#id_kind", "year")
    page.fill("#id_year", str(YEAR))
    page.check("#id_compare")
    page.locator(".period-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"year={YEAR}"))
    assert str(YEAR) in page.locator("h1").inner_text()

    with translation.override("vi"):
        label = translation.gettext("Foreign delegations received")
    card = page.locator(".stat-card", has=page.locator(".stat-card__label", has_text=label))
    expected = delegation_summary(
        start=datetime.date(YEAR, 1, 1), end=datetime.date(YEAR, 12, 31)
    ).inbound
    assert expected == len(received) == 3
    assert card.locator(".stat-card__value").inner_text() == str(expected)
    # Compared with 2024: one delegation then.
    previous = card.locator(".stat-card__previous").inner_text()
    assert str(YEAR - 1) in previous and previous.endswith(": 1")

    card.locator(".stat-card__value").click()
    page.wait_for_url(re.compile(r"/admin/delegations/delegation/"))
    titles = page.locator("#result_list tbody tr th a").all_inner_texts()
    assert sorted(titles) == sorted(delegation.title for delegation in received)

    page.go_back()
    with page.expect_download() as download_info:
        page.locator("a.download[href*='format=pdf'][href*='lang=vi']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    text = squashed(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert str(YEAR) in text
    for delegation in received:  # the annex lists the year's delegations
        assert squashed(delegation.title) in text
