"""The seminars' workplaces on the admin start page (miglobe/core/workplaces.py): seminars and matrices."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from miglobe.core.workplaces import Workplace, register

from .models import Curriculum
from .permissions import is_seminar_staff


def _links(request):
    if not is_seminar_staff(request.user):
        return []
    links = [(_("Alle Seminare"), reverse("seminars:seminar_list"))]
    for curriculum in Curriculum.objects.select_related("call").order_by("-call__opens_at"):
        label = _("Übersicht %(cohort)s") % {"cohort": curriculum.call}
        links.append((label, reverse("seminars:matrix", args=[curriculum.pk])))
    return links


def register_workplaces():
    register(Workplace(key="seminars", title=gettext_lazy("Qualifizierung"), links=_links, order=20))
