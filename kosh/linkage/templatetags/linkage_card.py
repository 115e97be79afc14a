"""``{% linkage_card person %}``: the person card's section on record linkage — the source
records linked to the person and the merges it took part in (with merge and split forms
for those who may)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from kosh.linkage.models import LinkProposal, PersonMerge, Status

register = template.Library()
SHOWN = 50


@register.inclusion_tag("linkage/_card.html", takes_context=True)
def linkage_card(context: dict[str, Any], person: Any) -> dict[str, Any]:
    """Source records accepted for ``person`` (latest run first) and its merges."""
    caps = context.get("caps", {})
    sources = (LinkProposal.objects.filter(person_ref=person.pk, status=Status.ACCEPTED)
               .select_related("run").order_by("-run_id", "record_id")[:SHOWN])
    merges = (PersonMerge.objects.filter(Q(survivor=person) | Q(absorbed=person))
              .select_related("survivor", "absorbed"))
    return {"person": person, "sources": sources, "merges": merges,
            "can_merge": caps.get("link_records") and caps.get("edit_person"),
            "csrf_token": context.get("csrf_token")}
