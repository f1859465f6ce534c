"""Security settings that a reviewer checks: Content Security Policy and other headers,
login throttling (django-axes) behind a proxy, the idle-session timeout, and password
rules after OWASP ASVS."""

import re
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.middleware import LAST_SEEN
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/twin-cities/", "/delegations/", "/agreements/", "/conferences/", "/aid/"]
PASSWORD = "correct-horse-battery"


def csp(response):
    return dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/en/", "/admin/login/"])
def test_every_page_sends_a_policy_that_allows_no_inline_script_and_no_framing(client, path):
    response = client.get(path)

    policy = csp(response)
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_inline_script(client, path):
    html = client.get(path).content.decode()

    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)


def admin_login(client, username, password, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


def test_five_wrong_passwords_lock_that_user_out_from_that_address(settings):
    UserFactory(username="editor")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "editor", "wrong").status_code == 200
    assert admin_login(client, "editor", "wrong").status_code == 429  # the last allowed

    with translation.override("en"):
        locked = admin_login(client, "editor", PASSWORD)  # even the right password

    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # The same user from another address, and another user from this one, still sign in.
    assert admin_login(Client(REMOTE_ADDR="198.51.100.2"), "editor", PASSWORD).status_code == 302
    UserFactory(username="publisher")
    assert admin_login(client, "publisher", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(settings):
    UserFactory(username="editor")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        admin_login(client, "editor", "wrong")
    assert admin_login(client, "editor", PASSWORD).status_code == 302
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        admin_login(client, "editor", "wrong")

    assert admin_login(client, "editor", PASSWORD).status_code == 302


def test_a_forwarded_for_header_is_ignored_unless_configured(settings):
    """Without CLIENT_IP_HEADER, an attacker cannot dodge the lock-out by inventing
    X-Forwarded-For values: the address is the connection's."""
    UserFactory(username="editor")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")

    response = admin_login(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99")

    assert response.status_code == 429


def test_behind_a_proxy_the_configured_headers_last_address_is_the_client(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    UserFactory(username="editor")
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        # The client wrote the first address; our proxy appended the real one.
        admin_login(proxy, "editor", "wrong", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")

    locked = admin_login(proxy, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    other = admin_login(proxy, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert locked.status_code == 429
    assert other.status_code == 302


def test_a_session_idle_for_longer_than_the_limit_is_signed_out(editor_client, settings):
    session = editor_client.session
    session[LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()

    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_an_active_session_stays_signed_in(editor_client, settings):
    session = editor_client.session
    session[LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_SECONDS + 60
    session.save()

    assert editor_client.get(reverse("admin:index")).status_code == 200


def test_signing_in_starts_the_idle_clock(editor_client):
    assert editor_client.session[LAST_SEEN] <= time.time()


def test_the_session_ends_with_the_browser_and_its_cookie_is_not_readable_by_scripts(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("short-pass1", False),  # 11 characters
        ("river of lanterns", True),  # a passphrase, no composition rule needed
        ("qwerty123456", False),  # on the list of common passwords
        ("x" * 128, True),
        ("x" * 129, False),
    ],
)
def test_passwords_follow_owasp_length_and_common_password_rules(password, accepted):
    user = UserFactory.build(username="editor", email="editor@example.invalid")
    if accepted:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, user)
