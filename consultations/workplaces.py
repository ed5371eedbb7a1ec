"""The consultations' workplace on the admin start page (miglobe/core/workplaces.py): requests and matching,
approvals and claims, the municipalities' feedback, the figures."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from miglobe.core.workplaces import Workplace, register

from .permissions import can_manage_requests


def _links(request):
    if not can_manage_requests(request.user):
        return []
    # The fee pages (fee_staff_views) are guarded by the same predicate as the requests.
    return [
        (_("Anfragen und Zuordnung"), reverse("consultations:staff_request_list")),
        (_("Freigaben und Abrechnungen"), reverse("consultations:staff_queue")),
        (_("Rückmeldungen der Kommunen"), reverse("consultations:staff_feedback")),
        (_("Zahlen der Beratung"), reverse("consultations:staff_figures")),
    ]


def register_workplaces():
    register(Workplace(key="consultations", title=gettext_lazy("Beratung der Kommunen"), links=_links, order=30))
