"""The what-if API, mounted at ``/api/whatif``: the parameters on offer and a run over the
synthetic population, labelled in the request's language (``Accept-Language``)."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router

from kosh.access.policy import Capability, actor_for
from kosh.api.schemas import ErrorOut
from kosh.errors import DomainError
from kosh.rules.decision import RulesUnavailable

from .instruments import WHATIF_INSTRUMENTS, WHATIF_PARAMETERS
from .labels import result_labelled
from .runs import whatif_result
from .schemas import ParameterOut, WhatIfIn, WhatIfOut

router = Router(tags=["whatif"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


def _groups(rows: list) -> list[dict]:
    return [{"key": g.key, "label": label, "baseline": g.baseline, "reform": g.reform,
             "gained": g.gained} for label, g in rows]


@router.get("/parameters", response={200: list[ParameterOut], **ERRORS})
def parameters(request: HttpRequest) -> list[ParameterOut]:
    """The parameters a what-if may change, with their labels and bounds."""
    actor_for(request.user, channel="api").require(Capability.RUN_WHATIF)
    return [ParameterOut(path=p.path, label=str(p.label), instrument=spec.code,
                         instrument_label=str(spec.label), boolean=p.boolean, whole=p.whole,
                         low=p.low, high=p.high)
            for spec in WHATIF_INSTRUMENTS.values() for p in spec.parameters]


@router.post("", response={200: WhatIfOut, **ERRORS})
def whatif(request: HttpRequest, payload: WhatIfIn) -> WhatIfOut:
    """Count who would qualify under changed parameters, over a synthetic population."""
    actor_for(request.user, channel="api").require(Capability.RUN_WHATIF)
    try:
        result = whatif_result(changes=[c.change() for c in payload.changes],
                               on=payload.on, population=payload.population)
    except RulesUnavailable as err:
        what = ", ".join(str(WHATIF_PARAMETERS[c.path].label) for c in payload.changes)
        raise DomainError(err.code, _("This change cannot be evaluated: %(what)s.")
                          % {"what": what}, field="changes") from err
    labelled = result_labelled(result)
    return WhatIfOut(
        instrument=result.instrument, instrument_label=labelled.instrument,
        changes=[{"path": c.path, "label": c.label, "current": c.current, "new": c.new,
                  "start": c.start} for c in labelled.changes],
        on=result.on, population=result.population, baseline=result.baseline,
        reform=result.reform, gained=result.gained, lost=result.lost,
        by_country=_groups(labelled.by_country),
        by_occupation=_groups(labelled.by_occupation),
        seconds=round(result.seconds, 3), rule_version=result.rule_version,
    )
