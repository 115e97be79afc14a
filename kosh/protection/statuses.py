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
    CEASED = "ceased", _("refugee status ceased")
    STATUS_WITHDRAWN = "status_withdrawn", _("refugee status withdrawn")


OPEN = frozenset({AsylumStatus.REGISTERED, AsylumStatus.INTERVIEWED, AsylumStatus.EXTENDED})

TRANSITIONS: dict[str, frozenset[str]] = {
    AsylumStatus.REGISTERED: frozenset({AsylumStatus.INTERVIEWED, AsylumStatus.EXTENDED,
                                        AsylumStatus.WITHDRAWN}),
    AsylumStatus.INTERVIEWED: frozenset({AsylumStatus.EXTENDED, AsylumStatus.RECOGNISED,
                                         AsylumStatus.REFUSED, AsylumStatus.WITHDRAWN}),
    AsylumStatus.EXTENDED: frozenset({AsylumStatus.INTERVIEWED, AsylumStatus.RECOGNISED,
                                      AsylumStatus.REFUSED, AsylumStatus.WITHDRAWN}),
    AsylumStatus.RECOGNISED: frozenset({AsylumStatus.CEASED, AsylumStatus.STATUS_WITHDRAWN}),
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
    ENDED = "ended", _("stateless status ended")


class EndGround(models.TextChoices):
    """Why protection ends (Law "On refugees": loss and deprivation of refugee status;
    statelessness ends when a nationality is acquired or the person leaves for good)."""

    NATURALISED = "naturalised", _("citizenship of Kazakhstan acquired")
    CITIZEN_CONFIRMED = "citizen_confirmed", _("citizenship of Kazakhstan confirmed (held"
                                               " it already)")
    NATIONALITY = "nationality", _("another nationality acquired or protection of the country"
                                   " of nationality re-availed")
    RETURNED = "returned", _("voluntary re-establishment in the country of origin")
    CIRCUMSTANCES = "circumstances", _("the circumstances of the recognition ceased to exist")
    LEFT = "left", _("left Kazakhstan for permanent residence abroad")
    FALSE_INFO = "false_info", _("status obtained through knowingly false information")
    EXCLUSION = "exclusion", _("an exclusion ground came to light")


# a refugee's status is withdrawn on these grounds (it should not have been granted), and
# ceases on the others
WITHDRAWAL_GROUNDS = frozenset({EndGround.FALSE_INFO, EndGround.EXCLUSION})
# what ends a stateless person's status
STATELESS_END_GROUNDS = frozenset({EndGround.NATURALISED, EndGround.CITIZEN_CONFIRMED,
                                   EndGround.NATIONALITY, EndGround.LEFT})


class CertificateKind(models.TextChoices):
    ASYLUM_SEEKER = "asylum_seeker", _("asylum-seeker certificate")
    REFUGEE = "refugee", _("refugee certificate")
    STATELESS = "stateless", _("stateless person's certificate")
