"""The reminder settings page of the signed-in staff member, and the calendar feeds."""

import hashlib

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.context_processors import site as site_city_name
from reports.views import may_view_dashboard

from . import calendar
from .forms import ReminderSettingsForm
from .models import ReminderSettings

FEED_MAX_AGE = 15 * 60  # seconds a calendar application or a proxy may reuse a feed


class ReminderSettingsView(LoginRequiredMixin, TemplateView):
    """``/dashboard/reminders/``: which reminders the user gets, and their private
    calendar feed's address with a button that replaces it. Any role that may open the
    dashboard may open it; each user sees and changes only their own settings."""

    template_name = "reminders/settings.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_prefs(self):
        return ReminderSettings.objects.for_user(self.request.user)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        prefs = form.instance if form is not None else self.get_prefs()
        feed_path = reverse("reminders:calendar_private", args=[prefs.feed_token])
        context.update(
            form=form or ReminderSettingsForm(instance=prefs),
            prefs=prefs,
            private_feed_url=self.request.build_absolute_uri(feed_path),
            public_feed_url=self.request.build_absolute_uri(reverse("reminders:calendar")),
        )
        return context

    def post(self, request, *args, **kwargs):
        prefs = self.get_prefs()
        if "reset_feed" in request.POST:
            prefs.reset_feed_token()
            messages.success(
                request,
                _(
                    "Your calendar has a new address. The old one no longer works: subscribe "
                    "again with the new one."
                ),
            )
            return redirect("reminders:settings")
        form = ReminderSettingsForm(request.POST, instance=prefs)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        messages.success(request, _("Your reminder settings were saved."))
        return redirect("reminders:settings")


def _ics_response(request, body, *, private):
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    if private:
        patch_cache_control(response, private=True, max_age=FEED_MAX_AGE)
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
    else:
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return get_conditional_response(request, etag=etag, response=response)


def public_calendar(request):
    """``/calendar.ics`` (``/en/calendar.ics`` in English): the public records' events."""
    body = calendar.build_calendar(
        private=False,
        link=calendar.public_link(request),
        name=_("Foreign affairs of {city}").format(city=site_city_name(request)["site_city_name"]),
    )
    return _ics_response(request, body, private=False)


def private_calendar(request, token):
    """``/calendar/<token>.ics``: every record's events, for one staff member, without a
    sign-in (calendar applications cannot sign in): the token is the key. A wrong or
    replaced token, or a user who may no longer see the dashboard, is a 404."""
    prefs = ReminderSettings.objects.by_feed_token(token)
    if prefs is None or not may_view_dashboard(prefs.user):
        raise Http404
    with translation.override(prefs.language):
        body = calendar.build_calendar(
            private=True,
            link=calendar.admin_link(request),
            name=_("Diplomacy Tracker: {user}").format(user=prefs.user.get_username()),
        )
    return _ics_response(request, body, private=True)
