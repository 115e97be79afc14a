"""Pages of kandas and resettlers, under /settlement/."""

from django.urls import path

from . import views

app_name = "settlement"

urlpatterns = [
    path("", views.page, name="page"),
    path("balances/", views.balances, name="balances"),
    path("one-window/", views.one_window, name="one-window"),
    path("resettlers/", views.resettlers, name="resettlers"),
    path("terms/", views.terms, name="terms"),
    path("families/<int:family_id>/", views.family, name="family"),
    path("families/<int:family_id>/certificate.pdf", views.certificate_pdf, name="certificate"),
    path("families/<int:family_id>/decisions/<str:number>.pdf", views.decision_pdf,
         name="decision"),
    path("families/<int:family_id>/<str:action>/", views.family_action, name="action"),
    path("payments/<int:payment_id>/paid/", views.payment_paid, name="paid"),
]
