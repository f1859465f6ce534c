from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.RelationshipListView.as_view(), name="relationship_list"),
    path("<int:pk>/", views.RelationshipDetailView.as_view(), name="relationship_detail"),
]
