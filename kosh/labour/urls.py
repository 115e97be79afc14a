"""Pages of foreign labour and stay control, under /labour/."""

from django.urls import path

from . import views

app_name = "labour"

urlpatterns = [
    path("stay/", views.stay_worklist, name="worklist"),
    path("stay/me/", views.stay_me, name="stay-me"),
    path("permits/", views.permits, name="permits"),
    path("permits/request/", views.permit_request, name="permit-request"),
    path("permits/<int:permit_id>/", views.permit_detail, name="permit"),
    path("permits/<int:permit_id>/decision/", views.permit_decide, name="permit-decide"),
    path("permits/<int:permit_id>/resolution/", views.permit_resolve, name="permit-resolve"),
    path("permits/<int:permit_id>/permit.pdf", views.permit_pdf, name="permit-pdf"),
    path("permits/<int:permit_id>/cancel/", views.permit_cancel, name="permit-cancel"),
    path("household/", views.household, name="household"),
    path("household/register/", views.household_register, name="household-register"),
    path("household/<int:permit_id>/pay/", views.household_pay, name="household-pay"),
    path("household/<int:permit_id>/permit.pdf", views.household_pdf, name="household-pdf"),
]
