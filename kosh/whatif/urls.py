"""Pages of the what-if, under /whatif/."""

from django.urls import path

from . import views

app_name = "whatif"

urlpatterns = [
    path("", views.page, name="page"),
    path("status/", views.status, name="status"),
    path("export.<str:fmt>", views.export, name="export"),
]
