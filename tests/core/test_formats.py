"""Dates are read day first, as Vietnamese staff type them, in both languages; a
month-first date is an error, never a silent swap of day and month."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import RelationshipActivity

from ..factories import RelationshipFactory

pytestmark = pytest.mark.django_db


def add_activity(client, relationship, date_text, language="vi"):
    with translation.override(language):
        url = reverse("admin:partners_relationshipactivity_add")
    return client.post(
        url,
        {
            "relationship": relationship.pk,
            "date": date_text,
            "kind": RelationshipActivity.Kind.VISIT,
            "title": "Đoàn công tác",
        },
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_date_typed_day_first_is_read_day_first(editor_client, language):
    relationship = RelationshipFactory()

    response = add_activity(editor_client, relationship, "05/04/2025", language)

    assert response.status_code == 302
    assert RelationshipActivity.objects.get().date == datetime.date(2025, 4, 5)


def test_an_iso_date_is_accepted(editor_client):
    relationship = RelationshipFactory()

    add_activity(editor_client, relationship, "2025-04-05")

    assert RelationshipActivity.objects.get().date == datetime.date(2025, 4, 5)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_month_first_date_is_an_error_not_a_guess(editor_client, language):
    relationship = RelationshipFactory()

    response = add_activity(editor_client, relationship, "04/25/2025", language)

    assert response.status_code == 200
    assert "date" in response.context["adminform"].form.errors
    assert not RelationshipActivity.objects.exists()


def test_public_dates_are_day_first_in_vietnamese_and_unambiguous_in_english(anonymous_client):
    relationship = RelationshipFactory(public=True, established_on=datetime.date(2015, 4, 9))
    url = relationship.get_absolute_url()
    with translation.override("en"):
        english_url = relationship.get_absolute_url()

    assert "09/04/2015" in anonymous_client.get(url).content.decode()
    assert "9 Apr 2015" in anonymous_client.get(english_url).content.decode()
