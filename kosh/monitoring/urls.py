"""Pages of the migration monitoring, under /monitoring/."""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.page, name="page"),
    path("refresh/", views.refresh, name="refresh"),
    path("flows/", views.flows, name="flows"),
    path("map.json", views.map_data, name="map_data"),
    path("boundaries/<str:level>.geojson", views.boundaries, name="boundaries"),
    path("download/<str:key>.<str:fmt>", views.download, name="download"),
    path("indicators/<int:number>/value/", views.value_enter, name="value_enter"),
    path("plan/", views.plan, name="plan"),
    path("plan/report.<str:fmt>", views.quarterly, name="quarterly"),
    path("plan/<int:number>/", views.measure, name="measure"),
    path("plan/<int:number>/evidence/<int:report_id>/", views.evidence, name="evidence"),
]
