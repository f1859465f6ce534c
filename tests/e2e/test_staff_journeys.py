"""The staff journeys in a real browser: an Editor records a delegation through the admin,
finds it again by searching without diacritics and is stopped by an impossible end date;
a Publisher then publishes it, logs out, and finds it on the public list and in its CSV."""

import csv
import io
import re

import pytest
from django.utils import translation
from PIL import Image

from attachments.models import Attachment
from delegations.models import Delegation, DelegationMember
from tests.factories import ForeignPartnerFactory

from .conftest import PASSWORD, log_in, log_out, url

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Đoàn xúc tiến thương mại tỉnh Kōchi và thành phố Lyon"
TITLE_WITHOUT_DIACRITICS = "doan xuc tien thuong mai tinh kochi"
HEAD = "Nguyễn Thị Hương"
MEMBER = "Trần Văn Bình"
PHOTO_CAPTION = "Lãnh đạo thành phố tiếp đoàn"


def fill_delegation(page, *, start, end):
    """The fields of a new delegation: two countries chosen in the two-list widget."""
    page.select_option("#id_direction", Delegation.Direction.INBOUND)
    page.select_option("#id_kind", Delegation.Kind.BUSINESS)
    page.select_option("#id_status", Delegation.Status.COMPLETED)
    page.fill("#id_title", TITLE)
    page.fill("#id_title_en", "Trade promotion delegation of Kōchi and Lyon")
    page.fill("#id_head_name", HEAD)
    page.fill("#id_member_count", "6")
    for country in ("JP", "FR"):
        page.select_option("#id_countries_from", country)
        page.click("#id_countries_add")
    page.fill("#id_start_date", start)
    page.fill("#id_end_date", end)


def add_member(page, name):
    """One row of the members inline, added with its "add another" link."""
    rows = page.locator("#members-group tr.form-row:not(.empty-form)")
    before = rows.count()
    page.click("#members-group .add-row a")
    page.fill(f"#id_members-{before}-name", name)


def photo_png():
    """A small photo, made here: nothing is downloaded."""
    image = Image.new("RGB", (320, 200), (30, 110, 160))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def attach_photo(page, caption):
    """One row of the attachments inline: the photo file and its caption."""
    row = page.locator("fieldset.attachments, .attachments").first
    row.locator("input[type=file][name$='-0-file']").set_input_files(
        {"name": "le-don-tiep.png", "mimeType": "image/png", "buffer": photo_png()}
    )
    row.locator("input[name$='-0-caption']").fill(caption)


def save(page):
    page.click("input[name=_save]")
    page.wait_for_load_state()


def editor_records_a_delegation(page):
    """Logged in as an Editor: the form refuses an end date before the start date, keeping
    everything typed; corrected, the delegation is saved with its countries and member."""
    page.goto(url("admin:delegations_delegation_add"))
    fill_delegation(page, start="10/03/2025", end="08/03/2025")
    add_member(page, MEMBER)
    save(page)

    with translation.override("vi"):
        (constraint,) = [
            c for c in Delegation._meta.constraints if c.name == "delegations_end_after_start"
        ]
        message = str(constraint.violation_error_message)
    errors = page.locator(".errornote, .errorlist")
    assert message in " ".join(errors.all_inner_texts())
    assert not Delegation.objects.exists()
    # Nothing typed is lost: the title, both chosen countries and the member are still there.
    assert page.input_value("#id_title") == TITLE
    chosen = page.locator("#id_countries_to option")
    assert sorted(chosen.evaluate_all("options => options.map(o => o.value)")) == ["FR", "JP"]
    assert page.input_value("#id_members-0-name") == MEMBER

    page.fill("#id_end_date", "12/03/2025")
    attach_photo(page, PHOTO_CAPTION)
    save(page)

    assert page.locator(".messagelist .success").count() == 1
    delegation = Delegation.objects.get()
    assert delegation.title == TITLE
    assert sorted(country.code for country in delegation.countries) == ["FR", "JP"]
    assert [m.name for m in DelegationMember.objects.filter(delegation=delegation)] == [MEMBER]
    assert delegation.end_date.isoformat() == "2025-03-12"
    assert delegation.visibility == "internal"
    (photo,) = Attachment.objects.filter(object_id=delegation.pk)
    assert photo.caption == PHOTO_CAPTION
    assert photo.is_photo and photo.thumbnail
    # Staff see the stored photo through its protected address, as a PNG the browser shows.
    response = page.request.get(photo.get_absolute_url())
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/")
    return delegation


def editor_finds_it_without_diacritics(page, delegation):
    page.goto(url("admin:delegations_delegation_changelist"))
    page.fill("#searchbar", TITLE_WITHOUT_DIACRITICS)
    page.press("#searchbar", "Enter")
    page.wait_for_url(re.compile(r"\?q="))
    results = page.locator("#result_list tbody tr")
    assert results.count() == 1
    results.get_by_role("link", name=TITLE).click()
    change_url = url("admin:delegations_delegation_change", delegation.pk)
    page.wait_for_url(re.compile(re.escape(change_url)))  # with the search kept in the query
    assert page.input_value("#id_title") == TITLE


def publisher_publishes(page, delegation):
    page.goto(url("admin:delegations_delegation_changelist"))
    page.check(f"#result_list input.action-select[value='{delegation.pk}']")
    page.select_option("select[name=action]", "make_public")
    page.click("button[name=index]")
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() >= 1
    delegation.refresh_from_db()
    assert delegation.visibility == "public"


def public_list_and_csv_show_it(page, delegation):
    page.goto(url("delegations:delegation_list"))
    assert page.locator("body").get_by_text(TITLE).count() >= 1
    with page.expect_download() as download_info:
        page.locator("a.download[href*='export.csv']").click()
    with open(download_info.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert any(TITLE in row for row in rows[1:]), rows[:3]


def test_an_editor_records_a_delegation_and_a_publisher_publishes_it(open_page, editor, publisher):
    ForeignPartnerFactory(public=True)  # an unrelated partner: the form offers a choice
    editor_page = open_page("desktop")
    log_in(editor_page, editor.username, PASSWORD)
    delegation = editor_records_a_delegation(editor_page)
    editor_finds_it_without_diacritics(editor_page, delegation)

    publisher_page = open_page("desktop")
    # Before publication, the public list does not show it.
    publisher_page.goto(url("delegations:delegation_list"))
    assert publisher_page.get_by_text(TITLE).count() == 0
    log_in(publisher_page, publisher.username, PASSWORD)
    publisher_publishes(publisher_page, delegation)
    log_out(publisher_page)
    public_list_and_csv_show_it(publisher_page, delegation)
