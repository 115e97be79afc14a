"""Pages of the quotas, under /quotas/."""

from django.urls import path

from . import views

app_name = "quotas"

urlpatterns = [
    path("", views.page, name="page"),
    path("balances/", views.balances, name="balances"),
    path("sets/<int:set_id>/", views.detail, name="set"),
    path("sets/<int:set_id>/lines/", views.adjust, name="adjust"),
    path("sets/<int:set_id>/approve/", views.approve, name="approve"),
    path("sets/<int:set_id>/published.csv", views.frozen, name="frozen"),
    path("sets/<int:set_id>/export.<str:fmt>", views.export, name="export"),
]
