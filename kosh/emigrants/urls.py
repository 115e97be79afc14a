"""Pages about citizens working abroad, under /emigrants/."""

from django.urls import path

from . import views

app_name = "emigrants"

urlpatterns = [
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/<int:agency_id>/<str:name>/", views.agency_step, name="agency-step"),
    path("work/new/", views.work_new, name="work-new"),
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/<int:complaint_id>/", views.complaint, name="complaint"),
    path("check/", views.check, name="check"),
]
