"""The pool's workplaces on the admin start page (miglobe/core/workplaces.py): roster, ranking, refill."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from miglobe.core.workplaces import Workplace, register

from .models import Call


def _links(request):
    user = request.user
    links = []
    # The same checks as the views: staff_roster.roster_overview, staff_roster.refill, staff.views.ranking.
    if user.has_perm("pool.view_advisor"):
        links.append((_("Pool-Übersicht"), reverse("admin:pool_advisor_roster")))
    may_refill = user.has_perm("pool.decide_application")
    now = timezone.now()
    for call in Call.objects.visible_to(user).only("pk", "title", "closes_at"):
        links.append(
            (_("Rangliste: %(call)s") % {"call": call.title}, reverse("admin:pool_call_ranking", args=[call.pk]))
        )
        if may_refill and call.closes_at <= now:
            # A reserve list exists only once the call is closed and decided.
            links.append(
                (_("Nachrücken: %(call)s") % {"call": call.title}, reverse("admin:pool_advisor_refill", args=[call.pk]))
            )
    return links


def register_workplaces():
    register(Workplace(key="pool", title=gettext_lazy("Ausschreibung und Pool"), links=_links, order=10))
