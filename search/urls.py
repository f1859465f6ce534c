"""Public: /search/, /partners/<pk>/, /countries/<code>/. Staff, under /dashboard/ (where
the public crawl never goes): the same three over every record."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("partners/<int:pk>/", views.PartnerDetailView.as_view(), name="partner_detail"),
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("dashboard/search/", views.StaffSearchView.as_view(), name="staff_search"),
    path(
        "dashboard/partners/<int:pk>/",
        views.StaffPartnerDetailView.as_view(),
        name="staff_partner_detail",
    ),
    path(
        "dashboard/countries/<str:code>/",
        views.StaffCountryDetailView.as_view(),
        name="staff_country_detail",
    ),
]
