"""Sign a staff member out after a period without any request (settings.SESSION_IDLE_SECONDS).

The session remembers when it was last seen, rewritten at most once a minute so that an
ordinary page view costs no database write."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LAST_SEEN = "last_seen"
REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)  # the page then asks to sign in again
            elif last_seen is None or now - last_seen >= REFRESH_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


@receiver(user_logged_in)
def _start_the_idle_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())
