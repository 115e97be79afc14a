"""ISCO-08 occupation groups, loaded from a shipped file."""

from django.db import models


class Occupation(models.Model):
    """ISCO-08 occupation groups (major → unit group), ESCO labels."""

    code = models.CharField(max_length=4, primary_key=True)
    level = models.CharField(max_length=10)  # major, sub-major, minor, unit
    parent = models.ForeignKey("self", null=True, on_delete=models.PROTECT)
    title_en = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"
