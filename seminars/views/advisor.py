"""The advisor's seminar pages in the portal, the private files, the calendar feed and the certificate check."""

import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from miglobe.core.private_files import private_file_response
from pool.models import Advisor

from .. import services
from ..calendar import advisor_feed_ics
from ..certificate import certificate_pdf
from ..forms import AnswerForm
from ..models import Invitation, Material, Qualification
from ..permissions import advisor_required, is_seminar_staff, may_read_materials
from ..portal_sections import portal_context


def _my_seminars(request, *, status=200, kept=None):
    context = portal_context(request, request.advisor)
    token = services.calendar_feed_token(request.advisor)
    context["feed_url"] = request.build_absolute_uri(reverse("seminars:calendar_feed", args=[token]))
    context["kept"] = kept  # (invitation id, note) of an answer that could not be saved
    return render(request, "seminars/my_seminars.html", context, status=status)


@never_cache
@advisor_required
def my_seminars(request):
    return _my_seminars(request)


@require_POST
@advisor_required
def answer(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk, advisor=request.advisor)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        # The page again, with the note as typed: nothing the advisor wrote is lost.
        messages.error(request, _("Bitte wählen Sie „Ich komme“ oder „Ich kann nicht kommen“."))
        return _my_seminars(request, status=400, kept=(invitation.pk, request.POST.get("note", "")))
    try:
        answered = services.answer_invitation(
            invitation=invitation, accept=form.cleaned_data["answer"], note=form.cleaned_data["note"]
        )
    except services.Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Ihre Antwort ist gespeichert: %(status)s.") % {"status": answered.get_status_display()},
        )
    return redirect("seminars:my_seminars")


@require_POST
@advisor_required
def renew_feed(request):
    services.renew_calendar_feed(advisor=request.advisor, by=request.user)
    messages.success(request, _("Die neue Kalenderadresse gilt ab jetzt; die alte funktioniert nicht mehr."))
    return redirect("seminars:my_seminars")


@never_cache
def calendar_feed(request, token):
    advisor = services.advisor_from_feed_token(token)
    if advisor is None:
        raise Http404
    language = services.advisor_language(advisor)
    response = HttpResponse(advisor_feed_ics(advisor, language=language), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="miglobe-seminare.ics"'
    return response


@never_cache
def material_download(request, pk):
    material = get_object_or_404(Material.objects.select_related("seminar__curriculum"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_read_materials(request.user, material.seminar):
        raise PermissionDenied
    return private_file_response(material.file, download_name=material.original_name)


@never_cache
def certificate_download(request, advisor_pk):
    """The advisor's own certificate; staff may fetch anyone's. Only while the qualification is valid."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    advisor = get_object_or_404(Advisor, pk=advisor_pk)
    if advisor.user_id != request.user.pk and not is_seminar_staff(request.user):
        raise PermissionDenied
    qualification = get_object_or_404(
        Qualification.objects.valid().select_related("advisor", "curriculum"), advisor=advisor
    )
    response = HttpResponse(certificate_pdf(qualification), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="miglobe-zertifikat.pdf"'
    return response


def _normalised_code(typed):
    """A code as typed from paper: any case, with or without the dashes or spaces ("apwm 69hc tw9v")."""
    code = typed.strip().upper()
    letters = re.sub(r"[^A-Z0-9]", "", code)
    if len(letters) == 12:
        return "-".join(letters[i : i + 4] for i in range(0, 12, 4))
    return code


def verify(request):
    """Public: confirms a code and shows only the name, the programme and the date."""
    code = _normalised_code(request.GET.get("code", ""))
    qualification = None
    if code:
        qualification = Qualification.objects.valid().select_related("advisor", "curriculum").filter(code=code).first()
    return render(
        request,
        "seminars/verify.html",
        {"code": code, "qualification": qualification, "checked": bool(code)},
        status=404 if code and qualification is None else 200,
    )
