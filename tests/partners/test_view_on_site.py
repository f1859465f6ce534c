"""The admin's "view on site" link appears only for what the public can see."""

import pytest
from django.urls import reverse

from ..factories import RelationshipFactory

pytestmark = pytest.mark.django_db


def change_page(client, relationship):
    url = reverse("admin:partners_relationship_change", args=[relationship.pk])
    return client.get(url).content.decode()


def test_public_relationship_links_to_its_public_page(editor_client):
    relationship = RelationshipFactory(public=True)

    assert "viewsitelink" in change_page(editor_client, relationship)


def test_internal_relationship_has_no_link_to_a_page_that_would_be_404(editor_client):
    relationship = RelationshipFactory(partner__public=True)

    assert "viewsitelink" not in change_page(editor_client, relationship)
