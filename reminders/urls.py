from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("dashboard/reminders/", views.ReminderSettingsView.as_view(), name="settings"),
    path("calendar.ics", views.public_calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.private_calendar, name="calendar_private"),
]
