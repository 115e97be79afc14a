"""Pages of record linkage, under /linkage/."""

from django.urls import path

from . import views

app_name = "linkage"

urlpatterns = [
    path("", views.page, name="page"),
    path("start/", views.start, name="start"),
    path("runs/<int:run_id>/", views.run, name="run"),
    path("proposals/<int:proposal_id>/", views.proposal, name="proposal"),
    path("proposals/<int:proposal_id>/decide/", views.decide, name="decide"),
    path("hint/", views.hint, name="hint"),
    path("persons/<int:person_id>/merge/", views.merge, name="merge"),
    path("merges/<int:merge_id>/split/", views.split, name="split"),
]
