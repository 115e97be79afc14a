"""Employers and their staff accounts (who may see which employees) are kept here."""

from django.contrib import admin

from .models import Employer


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "bin", "region", "sector")
    search_fields = ("name", "bin")
    filter_horizontal = ("staff",)
