"""Merging two registry records of one person, and splitting a wrong merge again without
losing either history: every row moved is listed in the merge, and a split moves exactly
those rows back (rows added to the survivor after the merge stay with it)."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kosh.access.audit import audit_record
from kosh.access.policy import Actor, Capability
from kosh.errors import DomainError
from kosh.identity.models import (
    Address,
    BorderCrossing,
    Citizenship,
    Employment,
    IdentityDocument,
    Person,
    PersonCategory,
    PersonName,
)
from kosh.identity.name_index import name_index_rebuild

from .models import PersonMerge

#: The rows of a person's history that move with a merge, by a stable name.
HISTORY = {
    "names": PersonName, "documents": IdentityDocument, "citizenships": Citizenship,
    "addresses": Address, "categories": PersonCategory, "employments": Employment,
    "crossings": BorderCrossing,
}


def person_history(person_id: int) -> dict[str, list[int]]:
    """Ids of every history row of a person, by kind (sorted): what a merge moves."""
    return {kind: sorted(model.objects.filter(person_id=person_id)
                         .values_list("pk", flat=True)) for kind, model in HISTORY.items()}


def person_merge(*, actor: Actor, survivor_id: int, absorbed_id: int, reason: str = "",
                 proposal_id: int | None = None) -> PersonMerge:
    """Move every history row of ``absorbed`` to ``survivor`` (its names no longer
    primary) and keep the list. Refused: the same person; a person already merged into
    another; two different IINs (two IINs are two persons)."""
    actor.require(Capability.LINK_RECORDS)
    actor.require(Capability.EDIT_PERSON)
    if survivor_id == absorbed_id:
        raise DomainError("same_person", _("A person cannot be merged with itself."))
    with transaction.atomic():
        persons = Person.objects.select_for_update().in_bulk([survivor_id, absorbed_id])
        if len(persons) != 2:
            raise Http404
        survivor, absorbed = persons[survivor_id], persons[absorbed_id]
        if PersonMerge.objects.filter(absorbed_id__in=[survivor_id, absorbed_id],
                                      state=PersonMerge.State.MERGED).exists():
            raise DomainError("already_merged", _("One of these persons is already merged "
                                                  "into another; split that merge first."))
        if survivor.iin and absorbed.iin and survivor.iin != absorbed.iin:
            raise DomainError("different_iin", _("These persons have different IINs "
                                                 "(%(a)s, %(b)s) and cannot be merged.")
                              % {"a": survivor.iin, "b": absorbed.iin})
        moved = person_history(absorbed_id)
        primary = list(PersonName.objects.filter(person_id=absorbed_id, is_primary=True)
                       .values_list("pk", flat=True))
        PersonName.objects.filter(pk__in=primary).update(is_primary=False)
        for kind, model in HISTORY.items():
            model.objects.filter(pk__in=moved[kind]).update(person_id=survivor_id)
        merge = PersonMerge.objects.create(
            survivor=survivor, absorbed=absorbed, moved=moved, primary_names=primary,
            proposal_id=proposal_id, reason=reason[:500], merged_by=actor.user)
        name_index_rebuild(survivor)
        name_index_rebuild(absorbed)
        audit_record(actor=actor, action="update", object_type="person_merge",
                     object_id=merge.pk, person_id=survivor_id,
                     after={"survivor": survivor_id, "absorbed": absorbed_id,
                            "moved": moved, "reason": reason[:500]})
    return merge


def person_merge_split(*, actor: Actor, merge_id: int, reason: str = "") -> PersonMerge:
    """Undo a wrong merge: the rows it moved go back to the absorbed person (its primary
    names primary again), whatever was added to the survivor since stays there."""
    actor.require(Capability.LINK_RECORDS)
    actor.require(Capability.EDIT_PERSON)
    with transaction.atomic():
        merge = PersonMerge.objects.select_for_update().filter(pk=merge_id).first()
        if merge is None:
            raise Http404
        if merge.state != PersonMerge.State.MERGED:
            raise DomainError("already_split", _("This merge was already split."))
        for kind, model in HISTORY.items():
            model.objects.filter(pk__in=merge.moved.get(kind, []),
                                 person_id=merge.survivor_id).update(person_id=merge.absorbed_id)
        PersonName.objects.filter(pk__in=merge.primary_names).update(is_primary=True)
        merge.state, merge.split_by, merge.split_at = (
            PersonMerge.State.SPLIT, actor.user, timezone.now())
        merge.save(update_fields=["state", "split_by", "split_at"])
        name_index_rebuild(merge.survivor)
        name_index_rebuild(merge.absorbed)
        audit_record(actor=actor, action="update", object_type="person_merge",
                     object_id=merge.pk, person_id=merge.survivor_id,
                     before={"state": PersonMerge.State.MERGED},
                     after={"state": merge.state, "reason": reason[:500]})
    return merge
