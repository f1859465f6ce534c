from django.urls import path

from . import views

app_name = "delegations"

urlpatterns = [
    path("", views.DelegationListView.as_view(), name="delegation_list"),
    path("export.csv", views.DelegationCsvView.as_view(), name="delegation_csv"),
    path("<int:pk>/", views.DelegationDetailView.as_view(), name="delegation_detail"),
]
