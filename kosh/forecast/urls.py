"""Pages of the forecasts, under /forecast/."""

from django.urls import path

from . import views

app_name = "forecast"

urlpatterns = [
    path("", views.page, name="page"),
    path("start/", views.start, name="start"),
    path("scenarios/", views.scenario_save, name="scenario_save"),
    path("compare/", views.compare, name="compare"),
    path("<int:run_id>/", views.run, name="run"),
    path("<int:run_id>/map/", views.run_map, name="map"),
]
