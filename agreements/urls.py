from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement_list"),
    path("export.csv", views.AgreementCsvView.as_view(), name="agreement_csv"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("<int:pk>/document.pdf", views.agreement_document, name="agreement_document"),
]
