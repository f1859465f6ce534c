from django.urls import path

from . import views

app_name = "conferences"

urlpatterns = [
    path("", views.ConferenceListView.as_view(), name="conference_list"),
    path("export.csv", views.ConferenceCsvView.as_view(), name="conference_csv"),
    path("<int:pk>/", views.ConferenceDetailView.as_view(), name="conference_detail"),
]
