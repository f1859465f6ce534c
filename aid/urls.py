from django.urls import path

from . import views

app_name = "aid"

urlpatterns = [
    path("", views.AidProjectListView.as_view(), name="aidproject_list"),
    path("export.csv", views.AidProjectCsvView.as_view(), name="aidproject_csv"),
    path("<int:pk>/", views.AidProjectDetailView.as_view(), name="aidproject_detail"),
]
