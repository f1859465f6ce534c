"""The deployment check on SITE_URL (core.checks.check_site_url): ``check --deploy``
warns when reminder emails would link to a local or unencrypted address."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core.checks import check_site_url


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("http://127.0.0.1:8000", ["core.W001"]),
        ("http://localhost", ["core.W001"]),
        ("http://doingoai.cantho.gov.vn", ["core.W002"]),
        ("https://doingoai.cantho.gov.vn", []),
    ],
)
def test_site_url_must_be_the_public_https_address(settings, site_url, expected):
    settings.SITE_URL = site_url
    assert [warning.id for warning in check_site_url(None)] == expected


def test_the_deployment_check_fails_on_the_development_default(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with pytest.raises(SystemCheckError, match="core.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "security")
