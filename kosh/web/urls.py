"""The officer console."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import SignInForm
from .views import editing, home, importing, oversight, persons

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(
        authentication_form=SignInForm, redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", home.home, name="home"),
    path("persons/", persons.person_search_page, name="person-search"),
    path("persons/new/", editing.person_create, name="person-create"),
    path("persons/import/", importing.person_import, name="person-import"),
    path("persons/import/template.csv", importing.import_template,
         name="person-import-template"),
    path("persons/<int:person_id>/", persons.person_card, name="person-card"),
    path("persons/<int:person_id>/sensitive/", persons.person_sensitive,
         name="person-sensitive"),
    path("persons/<int:person_id>/edit/", editing.person_update, name="person-edit"),
    path("persons/<int:person_id>/documents/new/", editing.document_add, name="document-add"),
    path("persons/<int:person_id>/names/new/", editing.name_add, name="name-add"),
    path("persons/<int:person_id>/addresses/new/", editing.address_add, name="address-add"),
    path("persons/<int:person_id>/categories/new/", editing.category_add,
         name="category-add"),
    path("documents/<int:document_id>/edit/", editing.document_update, name="document-edit"),
    path("geo/districts/", editing.district_options, name="geo-districts"),
    path("geo/settlements/", editing.settlement_options, name="geo-settlements"),
    path("audit/", oversight.audit_log, name="audit"),
    path("stats/", oversight.registry_stats, name="stats"),
]
