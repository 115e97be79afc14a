"""Public verification pages (no login) and the console's revocation action."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/<str:number>", views.verify, name="verify-number"),
    path("issued/<str:number>/revoke/", views.revoke, name="revoke"),
]
