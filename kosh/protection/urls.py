"""Pages of the asylum unit, under /protection/."""

from django.urls import path

from . import views

app_name = "protection"

urlpatterns = [
    path("", views.page, name="page"),
    path("register/", views.register, name="register"),
    path("applications/<int:application_id>/", views.application, name="application"),
    path("applications/<int:application_id>/<str:name>/", views.step, name="step"),
    path("stateless/", views.stateless, name="stateless"),
    path("stateless/<int:record_id>/<str:name>/", views.stateless_step,
         name="stateless-step"),
    path("certificates/<str:number>/pdf/", views.certificate_pdf, name="certificate-pdf"),
]
