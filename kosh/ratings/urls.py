"""Pages of the ratings, under /ratings/."""

from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("", views.page, name="page"),
    path("start/", views.start, name="start"),
    path("job/<str:key>/", views.job, name="job"),
    path("<int:run_id>/", views.run, name="run"),
    path("<int:run_id>/propose/", views.propose, name="propose"),
    path("<int:run_id>/demanded/", views.demanded_propose, name="demanded_propose"),
    path("<int:run_id>/demanded/approve/", views.demanded_approve, name="demanded_approve"),
    path("<int:run_id>/<str:isco08>/", views.occupation, name="occupation"),
]
