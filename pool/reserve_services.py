"""Refilling the pool from the reserve list: one action moves a person up, mails them and invites them."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miglobe.core.audit import record

from .exceptions import Refused
from .models import Advisor, Application
from .services import select_application, send_decision_emails


def reserve_list(call, *, now=None):
    """The call's reserve list: only people whose consent still holds, best weighted review score first."""
    now = now or timezone.now()
    return (
        Application.objects.reserve_active(now)
        .filter(call=call)
        .with_ranking()
        .order_by(F("weighted_score").desc(nulls_last=True), "submitted_at", "pk")
    )


def free_places(call) -> int:
    return max(0, call.pool_size - Advisor.objects.filter(call=call).in_pool().count())


@transaction.atomic
def move_up_from_reserve(*, application, by, now=None) -> Advisor:
    """Select a person from the reserve list into a free place; the decision email and the invitation go out.

    select_application locks the call row, so two staff members moving people up at the same moment are
    served one after the other and the pool never grows beyond its size. It also refuses an expired consent.
    """
    now = now or timezone.now()
    if application.status != Application.Status.RESERVE:
        raise Refused(_("%(reference)s steht nicht auf der Nachrückliste.") % {"reference": application})
    advisor = select_application(application=application, by=by, reason=_("von der Nachrückliste nachgerückt"), now=now)
    record(actor=by, action="pool.advisor.moved_up", obj=advisor, data={"application": application.pk})
    send_decision_emails(applications=[advisor.application], now=now)
    advisor.refresh_from_db()
    return advisor
