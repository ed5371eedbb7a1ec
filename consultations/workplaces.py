"""The consultations' workplace on the admin start page (miglobe/core/workplaces.py): requests, matching."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from miglobe.core.workplaces import Workplace, register

from .permissions import can_manage_requests


def _links(request):
    if not can_manage_requests(request.user):
        return []
    return [(_("Anfragen und Zuordnung"), reverse("consultations:staff_request_list"))]


def register_workplaces():
    register(Workplace(key="consultations", title=gettext_lazy("Beratung der Kommunen"), links=_links, order=30))
