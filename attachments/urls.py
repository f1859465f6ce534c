from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("<int:pk>/", views.attachment_file, name="attachment_file"),
    path("<int:pk>/thumbnail/", views.attachment_thumbnail, name="attachment_thumbnail"),
]
