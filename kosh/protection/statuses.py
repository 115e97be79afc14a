"""The asylum workflow: statuses and the moves between them. ``services._move`` is the only
place a status is assigned, and it refuses any move not in ``TRANSITIONS``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AsylumStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    INTERVIEWED = "interviewed", _("interviewed")
    EXTENDED = "extended", _("review extended")
    RECOGNISED = "recognised", _("refugee status granted")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN = frozenset({AsylumStatus.REGISTERED, AsylumStatus.INTERVIEWED, AsylumStatus.EXTENDED})

TRANSITIONS: dict[str, frozenset[str]] = {
    AsylumStatus.REGISTERED: frozenset({AsylumStatus.INTERVIEWED, AsylumStatus.EXTENDED,
                                        AsylumStatus.WITHDRAWN}),
    AsylumStatus.INTERVIEWED: frozenset({AsylumStatus.EXTENDED, AsylumStatus.RECOGNISED,
                                         AsylumStatus.REFUSED, AsylumStatus.WITHDRAWN}),
    AsylumStatus.EXTENDED: frozenset({AsylumStatus.INTERVIEWED, AsylumStatus.RECOGNISED,
                                      AsylumStatus.REFUSED, AsylumStatus.WITHDRAWN}),
}


class RefusalGround(models.TextChoices):
    """Grounds of a refusal (Law "On refugees": no well-founded fear; exclusion clauses;
    safe third country; false information)."""

    NO_WELL_FOUNDED_FEAR = "no_fear", _("no well-founded fear of persecution")
    EXCLUSION = "exclusion", _("exclusion clause (serious crime, acts contrary to UN aims)")
    SAFE_THIRD_COUNTRY = "safe_third", _("protection available in a safe third country")
    FALSE_INFORMATION = "false_info", _("knowingly false information")


class StatelessStatus(models.TextChoices):
    IDENTIFIED = "identified", _("identified")
    DOCUMENTED = "documented", _("documented (certificate issued)")
    RESIDENCE_APPLIED = "residence_applied", _("residence permit applied for")
    RESIDENCE_GRANTED = "residence_granted", _("residence permit granted")
    CITIZENSHIP_CONFIRMED = "citizen", _("citizenship of Kazakhstan confirmed")


class CertificateKind(models.TextChoices):
    ASYLUM_SEEKER = "asylum_seeker", _("asylum-seeker certificate")
    REFUGEE = "refugee", _("refugee certificate")
    STATELESS = "stateless", _("stateless person's certificate")
