"""Which settlement families an actor may see: the one place it is decided.

| role                          | sees                                              |
|-------------------------------|---------------------------------------------------|
| admin, labour officer (MLSP)  | every family (the ministry)                       |
| migration officer             | families settling in the officer's region (all  |
|                               | when the profile names no region)                 |
| akimat officer                | families settling in the officer's region          |
| embassy officer               | families registered at the officer's own mission   |
| anyone else                   | nobody                                            |
"""

from django.db.models import Q

from kosh.access.policy import AccessDenied, Actor, Capability
from kosh.access.roles import Role

NOBODY = Q(pk__in=[])


def family_filter(actor: Actor) -> Q:
    """A ``Q`` over ``Family`` selecting exactly the families the actor may see."""
    if not actor.can(Capability.VIEW_SETTLEMENT):
        return NOBODY
    match actor.role:
        case Role.ADMIN | Role.LABOUR_OFFICER:
            return Q()
        case Role.MIGRATION_OFFICER:
            return Q(region_id=actor.region_id) if actor.region_id else Q()
        case Role.AKIMAT_OFFICER:
            return Q(region_id=actor.region_id) if actor.region_id else NOBODY
        case Role.EMBASSY_OFFICER:
            if actor.mission_country_id:
                return Q(mission_country_id=actor.mission_country_id)
    return NOBODY


def region_require(actor: Actor, region: str) -> None:
    """Refuse a regional officer acting for another region (an officer without a region,
    the ministry, may act for any)."""
    if actor.role in (Role.MIGRATION_OFFICER, Role.AKIMAT_OFFICER) and actor.region_id \
            and actor.region_id != region:
        raise AccessDenied(Capability.SETTLEMENT_REGION, "out_of_scope",
                           object_type="region", object_id=region)
