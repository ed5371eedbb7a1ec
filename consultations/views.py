"""The municipality's pages: the request form, the municipality search behind its autocomplete, and the
private request page behind the signed link. Views parse, call a service and render."""

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from miglobe.core.antispam import rate_key, start_token
from miglobe.core.templatetags.fragments import fragment_key, rows_of
from pool.models import Topic
from pool.views import error_summary

from . import services
from .choices import AssignmentStatus, Stage
from .fee_forms import FeedbackForm
from .fee_services import give_feedback
from .forms import MAX_CANDIDATES, RequestForm, municipality_label
from .links import REQUEST_LINK
from .models import Feedback, Municipality

RATE_GROUP = "consultations.request_form"

STAGE_EXPLANATIONS = {
    Stage.RECEIVED: gettext_lazy("Ihre Anfrage ist eingegangen. Das Programmteam meldet sich in den nächsten Tagen."),
    Stage.IN_REVIEW: gettext_lazy("Das Programmteam prüft Ihre Anfrage und sucht passende Berater*innen."),
    Stage.ADVISORS_PROPOSED: gettext_lazy("Wir haben Berater*innen angefragt und warten auf ihre Zusage."),
    Stage.DIALOGFORUM_AGREED: gettext_lazy("Das Dialogforum ist vereinbart."),
    Stage.DIALOGFORUM_HELD: gettext_lazy("Das Dialogforum hat stattgefunden. Sie entscheiden, ob eine Beratung folgt."),
    Stage.BERATUNG_RUNNING: gettext_lazy("Die Beratung läuft."),
    Stage.COMPLETED: gettext_lazy("Die Beratung ist abgeschlossen."),
    Stage.NOT_PURSUED: gettext_lazy("Die Anfrage wird nicht weiterverfolgt."),
    Stage.WITHDRAWN: gettext_lazy("Sie haben die Anfrage zurückgezogen."),
}


def submission_rate(group, request):
    return settings.POOL_SUBMISSION_RATE


@ratelimit(key=rate_key, rate=submission_rate, method="POST", block=False, group=RATE_GROUP)
def request_start(request):
    if request.method != "POST":
        return _render_empty_form(request)
    form = RequestForm(request.POST)
    if getattr(request, "limited", False):
        message = _(
            "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Anfragen. Bitte warten Sie eine Weile und "
            "senden Sie das Formular dann noch einmal. Ihre Eingaben sind unten erhalten."
        )
        return _render_form(request, form, refusal=message, status=429)
    if not form.is_valid():
        return _render_form(request, form)
    try:
        consultation, created = services.submit_request(
            data=form.to_input(),
            topics=form.cleaned_data["topics"],
            submission_token=form.submission_nonce,
            language=get_language() or "de",
        )
    except services.Refused as exc:
        # What was typed stays; the form already carries a fresh start token, so sending it again is new.
        return _render_form(request, form, refusal=exc.message)
    # This browser filed it: it may see the request without the emailed link.
    REQUEST_LINK.grant(request, consultation)
    if created:
        messages.success(
            request,
            _("Vielen Dank! Ihre Anfrage ist eingegangen. Eine Bestätigung haben wir an %(email)s geschickt.")
            % {"email": consultation.email},
        )
    return redirect(REQUEST_LINK.landing(consultation))


def unbound_form_key() -> str:
    """The fragment key of the fields of a request form nobody has filled in yet (`{% cached_fragment %}`):
    besides fixed texts they show the topics to choose from. The language is added by the tag; the start
    token is outside the fragment."""
    return fragment_key("consultations.request_form", rows_of(Topic.objects.all()))


def _render_empty_form(request):
    """An empty request form. Its fields usually come from the fragment cache (`unbound_form_key`), so the
    form is built only when they have to be rendered; the start token, new on every request, is made here."""
    context = {
        "form": SimpleLazyObject(RequestForm),
        "error_summary": [],
        "candidates": [],
        "unbound_form_key": unbound_form_key(),
        "start_token": start_token(),
    }
    return render(request, "consultations/request_form.html", context)


def _render_form(request, form, *, refusal=None, status=200):
    summary = [{"message": refusal, "anchor": None, "label": None}] if refusal else []
    if form.is_bound:
        summary += error_summary(form, _NoFormset())
    return render(
        request,
        "consultations/request_form.html",
        {"form": form, "error_summary": summary, "candidates": form.candidates},
        status=status,
    )


class _NoFormset:
    """The pool's error summary expects the application form's formset; this form has none."""

    is_bound = False


@require_GET
def municipality_search(request):
    """Matches for the autocomplete: requestable municipalities by name or key, the best few."""
    query = request.GET.get("q", "")
    found = (
        Municipality.objects.requestable().search(query).order_by("level", "name")[:MAX_CANDIDATES]
        if len(query.strip()) >= 2
        else []
    )
    return JsonResponse({"results": [{"key": m.key, "label": municipality_label(m)} for m in found]})


@never_cache
def request_detail(request, public_id):
    consultation = REQUEST_LINK.get_object_or_404(request, public_id)
    accepted = consultation.assignments.filter(status=AssignmentStatus.ACCEPTED).select_related("advisor")
    advisors = []
    for assignment in accepted.prefetch_related("advisor__topics", "advisor__languages"):
        advisor = assignment.advisor
        # Only what the advisor agreed to show; the English bio where one was written.
        bio = advisor.bio_en if get_language() == "en" and advisor.bio_en else advisor.bio
        advisors.append({"advisor": advisor, "shown": advisor.public_fields(), "bio": bio})
    return render(
        request,
        "consultations/request_detail.html",
        {
            "consultation": consultation,
            "explanation": STAGE_EXPLANATIONS.get(consultation.stage, ""),
            "advisors": advisors,
            "appointments": consultation.appointments.all(),
            "topics": consultation.topics.all(),
            "can_withdraw": consultation.can_move_to(Stage.WITHDRAWN),
            "feedback": Feedback.objects.filter(request=consultation).first(),
            "feedback_form": FeedbackForm(),
        },
    )


@never_cache
@require_POST
def request_feedback(request, public_id):
    """The survey after completion, on the municipality's own page: its link opens only its own form."""
    consultation = REQUEST_LINK.get_object_or_404(request, public_id)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine Bewertung von 1 bis 5."))
        return redirect(REQUEST_LINK.landing(consultation))
    try:
        give_feedback(consultation=consultation, rating=form.cleaned_data["rating"], text=form.cleaned_data["text"])
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Vielen Dank für Ihre Rückmeldung!"))
    return redirect(REQUEST_LINK.landing(consultation))


@never_cache
@require_POST
def request_withdraw(request, public_id):
    consultation = REQUEST_LINK.get_object_or_404(request, public_id)
    try:
        services.withdraw_request(consultation=consultation, reason=request.POST.get("reason", "")[:2000])
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Ihre Anfrage ist zurückgezogen."))
    return redirect(REQUEST_LINK.landing(consultation))
