"""The applicant's pages: calls, the application form, and the private page behind the signed link.

Views parse the input, call a service from `pool.services`, and render. Nothing here changes an application
by itself; a service that refuses raises `Refused`, whose message is shown as it is.
"""

from datetime import timedelta
from operator import attrgetter

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from miglobe.core.antispam import rate_key, start_token
from miglobe.core.templatetags.fragments import fragment_key, rows_of

from . import audit, services
from .forms import DRAFT, SUBMIT, ApplicationForm, LanguageFormSet, initial_languages
from .links import APPLICATION_LINK, page_key
from .models import Application, Call, Topic
from .personal_data import personal_data_zip
from .templatetags.pool_public import berlin_date

# Closed calls stay on the list for a while, marked closed, so a late visitor learns what happened.
RECENTLY_CLOSED = timedelta(days=180)
RATE_GROUP = "pool.application_form"
LANGUAGE_PREFIX = "languages"
UNKEPT_FILE_NOTE = gettext_lazy(
    "Die eben gewählte Datei haben wir nicht gespeichert. Bitte wählen Sie sie noch einmal aus, wenn Sie "
    "das Formular wieder senden."
)


def submission_rate(group, request):
    """Read on every request, so tests and operators can change POOL_SUBMISSION_RATE without a restart."""
    return settings.POOL_SUBMISSION_RATE


# --- Calls ---------------------------------------------------------------------------------------


def call_list(request):
    now = timezone.now()
    # One query for the three sections (a handful of rows); the model's own predicates sort them apart.
    calls = list(
        Call.objects.open_at(now) | Call.objects.upcoming(now) | Call.objects.closed_since(now - RECENTLY_CLOSED, now)
    )
    return render(
        request,
        "pool/call_list.html",
        {
            "open_calls": sorted((c for c in calls if c.is_open(now)), key=attrgetter("closes_at")),
            "upcoming_calls": sorted((c for c in calls if not c.has_opened(now)), key=attrgetter("opens_at")),
            "closed_calls": sorted((c for c in calls if c.closes_at <= now), key=attrgetter("closes_at"), reverse=True),
            "now": now,
        },
    )


def call_detail(request, slug):
    call = get_object_or_404(Call, slug=slug)
    return render(request, "pool/call_detail.html", {"call": call, "now": timezone.now()})


# --- The application form ------------------------------------------------------------------------


@ratelimit(key=rate_key, rate=submission_rate, method="POST", block=False, group=RATE_GROUP)
def application_create(request, slug):
    call = get_object_or_404(Call, slug=slug)
    if request.method != "POST" and not call.is_open():
        return redirect(call)
    return _application_form(request, call=call, application=None)


@never_cache
@ratelimit(key=rate_key, rate=submission_rate, method="POST", block=False, group=RATE_GROUP)
def application_edit(request, token):
    application = _application_or_404(request, token)
    if not application.is_draft:
        return redirect("pool:application_detail", token=token)
    return _application_form(request, call=application.call, application=application)


def _application_form(request, *, call, application):
    call_open = call.is_open()
    context = {"call": call, "application": application, "call_open": call_open}
    if application is not None:
        context["token"] = page_key(application)

    if request.method != "POST":
        if application is None:
            return _render_empty_form(request, call, context)
        # A stored draft shows personal data: rendered as it is, never from the shared fragment.
        form = ApplicationForm(initial=ApplicationForm.initial_from(application), call=call, application=application)
        formset = LanguageFormSet(prefix=LANGUAGE_PREFIX, initial=initial_languages(application))
        return _render_form(request, form, formset, context)

    mode = DRAFT if request.POST.get("action") == DRAFT else SUBMIT
    form = ApplicationForm(request.POST, request.FILES, call=call, mode=mode, application=application)
    formset = LanguageFormSet(request.POST, prefix=LANGUAGE_PREFIX, mode=mode)

    if getattr(request, "limited", False):
        message = _(
            "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Anfragen. Bitte warten Sie eine Weile und "
            "senden Sie das Formular dann noch einmal. Ihre Eingaben sind unten erhalten."
        )
        return _refuse_unchecked(
            request, form, formset, context, message=message, file_note=UNKEPT_FILE_NOTE, status=429
        )
    if not call_open:
        message = _("Diese Ausschreibung nimmt zurzeit keine Bewerbungen an.")
        file_note = _("Die eben gewählte Datei haben wir nicht gespeichert.")
        return _refuse_unchecked(request, form, formset, context, message=message, file_note=file_note)

    form_valid, formset_valid = form.is_valid(), formset.is_valid()
    if form.replaced_upload is not None:
        services.discard_pending_upload(pending=form.replaced_upload)
    if not (form_valid and formset_valid):
        _keep_upload(form)
        # A post that looks automated keeps no file (#7.10); a person who was only quick must know to choose
        # it again.
        notes = _note_at_new_cv(form, UNKEPT_FILE_NOTE) if form.looks_automated else []
        return _render_form(request, form, formset, context, notes=notes)

    data = form.to_input(formset.languages())
    try:
        if mode == DRAFT:
            saved = services.save_draft(call=call, data=data, application=application)
        else:
            saved = services.submit_application(call=call, data=data, application=application)
    except services.Refused as exc:
        _keep_upload(form)
        return _render_form(request, form, formset, context, refusal=exc.message)

    # The browser that just saved the form may go on without the emailed link.
    APPLICATION_LINK.grant(request, saved)
    token = page_key(saved)
    if mode == DRAFT:
        if application is None and not saved.draft_link_mailed:
            messages.warning(
                request,
                _(
                    "Ihr Entwurf ist gespeichert. An %(email)s haben wir heute schon mehrere E-Mails geschickt "
                    "und deshalb diesmal keine weitere. Sie können gleich hier weiterschreiben."
                )
                % {"email": saved.email},
            )
        elif application is None:
            messages.success(
                request,
                _(
                    "Ihr Entwurf ist gespeichert. Den Link zum Weitermachen haben wir an %(email)s geschickt. "
                    "Sie können auch gleich hier weiterschreiben."
                )
                % {"email": saved.email},
            )
        else:
            messages.success(request, _("Ihr Entwurf ist gespeichert."))
        return redirect("pool:application_edit", token=token)
    messages.success(
        request,
        _("Vielen Dank! Ihre Bewerbung ist eingegangen. Eine Bestätigung haben wir an %(email)s geschickt.")
        % {"email": saved.email},
    )
    return redirect("pool:application_detail", token=token)


def _render_empty_form(request, call, context):
    """A new application's empty form. Its fields are the same for everyone and usually come from the
    fragment cache (`unbound_form_key`), so the form objects are built only when the fragment has to be
    rendered; the start token, new on every request, is made here."""
    context = {
        **context,
        "form": SimpleLazyObject(lambda: ApplicationForm(call=call)),
        "formset": SimpleLazyObject(lambda: LanguageFormSet(prefix=LANGUAGE_PREFIX)),
        "error_summary": [],
        "unbound_form_key": unbound_form_key(call),
        "start_token": start_token(),
    }
    return render(request, "pool/application_form.html", context)


def unbound_form_key(call) -> str:
    """The fragment key of the fields of an application form nobody has filled in yet
    (`{% cached_fragment %}`): everything they show besides fixed texts – the call's reserve consent period
    (a help text) and the topics to choose from, every column, so a renamed or reordered topic is seen at
    once. The language is added by the tag; the tokens are outside the fragment."""
    return fragment_key("pool.application_form", call.reserve_consent_months, rows_of(Topic.objects.all()))


def _refuse_unchecked(request, form, formset, context, *, message, file_note, status=200):
    """A refusal before the form is checked. What was typed is shown again, and a CV kept by an earlier
    attempt stays kept. A file that came with this very request is not stored – a visitor over the rate
    limit must not be able to fill the disk, and a closed call takes nothing – so the page says so at the CV.
    """
    form.keep_earlier_upload()
    notes = _note_at_new_cv(form, file_note)
    return _render_form(request, form, formset, context, refusal=message, notes=notes, status=status)


def _note_at_new_cv(form, message):
    """A note at the CV field about the file chosen for this very post, unless that file was refused (it has its
    own message)."""
    if not form.has_new_file or "cv" in form.errors:
        return []
    cv = form["cv"]
    return [{"message": message, "anchor": _anchor(cv), "label": cv.label}]


def _keep_upload(form):
    """A CV that passed its checks is stored as a pending upload, so the next attempt need not choose it again."""
    upload = form.new_upload()
    if upload is not None and "cv" not in form.errors and not form.looks_automated:
        form.keep_upload(services.store_pending_upload(file=upload))


def _render_form(request, form, formset, context, *, refusal=None, notes=(), status=200):
    summary = []
    if refusal:
        summary.append({"message": refusal, "anchor": None, "label": None})
    summary += notes
    if form.is_bound:
        summary += error_summary(form, formset)
    context = {**context, "form": form, "formset": formset, "error_summary": summary}
    return render(request, "pool/application_form.html", context, status=status)


def _anchor(bound_field):
    if isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"  # the first checkbox of the group
    return bound_field.id_for_label or bound_field.auto_id


def _label(bound_field):
    # A checkbox's label is a whole sentence; its error message says enough on its own.
    return None if isinstance(bound_field.field, forms.BooleanField) else bound_field.label


def error_summary(form, formset) -> list[dict]:
    """Every error of the page in the order of the fields: the message, the field's label, and a link target."""
    items = [{"message": error, "anchor": None, "label": None} for error in form.non_field_errors()]
    for bound_field in form:
        if bound_field.name == "topics" and formset.is_bound:
            items += _formset_errors(formset)  # the language rows come just before the topics
        for error in bound_field.errors:
            items.append({"message": error, "anchor": _anchor(bound_field), "label": _label(bound_field)})
    return items


def _formset_errors(formset):
    items = []
    first_row = formset.forms[0] if formset.forms else None
    for error in formset.non_form_errors():
        anchor = first_row["name"].auto_id if first_row else None
        items.append({"message": error, "anchor": anchor, "label": _("Sprachen")})
    for row in formset.forms:
        for bound_field in row:
            for error in bound_field.errors:
                items.append({"message": error, "anchor": bound_field.auto_id, "label": bound_field.label})
    return items


# --- The private application page ----------------------------------------------------------------


def _application_or_404(request, token) -> Application:
    """Only for a browser session that opened the application's private link (or saved its form)."""
    return APPLICATION_LINK.get_object_or_404(request, token)


STATUS_EXPLANATIONS = {
    Application.Status.SUBMITTED: gettext_lazy(
        "Wir haben Ihre Bewerbung erhalten. Nach dem Ende der Frist prüft das Auswahlgremium alle Bewerbungen."
    ),
    Application.Status.IN_REVIEW: gettext_lazy("Das Auswahlgremium prüft Ihre Bewerbung."),
    Application.Status.SHORTLISTED: gettext_lazy("Ihre Bewerbung ist in der engeren Wahl."),
    Application.Status.INTERVIEW: gettext_lazy(
        "Wir möchten Sie gern kennenlernen und melden uns für einen Gesprächstermin."
    ),
    Application.Status.SELECTED: gettext_lazy("Sie sind für den MiGlobe-Pool ausgewählt. Herzlichen Glückwunsch!"),
    Application.Status.RESERVE: gettext_lazy(
        "Sie stehen auf der Nachrückliste. Wird ein Platz im Pool frei, melden wir uns bei Ihnen."
    ),
    Application.Status.REJECTED: gettext_lazy("Wir konnten Ihre Bewerbung diesmal leider nicht berücksichtigen."),
    Application.Status.WITHDRAWN: gettext_lazy("Sie haben Ihre Bewerbung zurückgezogen."),
}


@never_cache
def application_detail(request, token):
    application = _application_or_404(request, token)
    if application.is_draft:
        return redirect("pool:application_edit", token=token)
    return render(
        request,
        "pool/application_detail.html",
        {
            "application": application,
            "call": application.call,
            "token": token,
            "explanation": STATUS_EXPLANATIONS.get(application.public_status, ""),
            "languages": application.languages.all(),
            # Names in the page's language (German where no English one was written), not instances.
            "topics": application.topics.values_list("name", flat=True),
            "on_reserve": application.public_status == Application.Status.RESERVE,
        },
    )


@never_cache
def application_withdraw(request, token):
    application = _application_or_404(request, token)
    if not application.can_be_withdrawn:
        messages.error(request, _("Diese Bewerbung kann nicht mehr zurückgezogen werden."))
        return redirect("pool:application_detail", token=token)
    if request.method == "POST":
        try:
            services.withdraw_application(application=application)
        except services.Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Sie haben Ihre Bewerbung zurückgezogen."))
        return redirect("pool:application_detail", token=token)
    return render(request, "pool/application_withdraw.html", {"application": application, "token": token})


@never_cache
@require_POST
def application_renew_reserve(request, token):
    application = _application_or_404(request, token)
    try:
        renewed = services.renew_reserve_consent(application=application)
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Danke! Sie bleiben bis zum %(until)s auf der Nachrückliste.")
            % {"until": berlin_date(renewed.reserve_until)},
        )
    return redirect("pool:application_detail", token=token)


@never_cache
@require_POST
def application_withdraw_special_consent(request, token):
    """Art. 7(3) DSGVO: the consent to the migration-background field ends, and the self-description with it.
    The page asks first (a disclosure with the confirming button), so a single POST is the decision."""
    application = _application_or_404(request, token)
    try:
        services.withdraw_special_category_consent(application=application)
    except services.Refused:
        # Sent twice, or from an old tab: nothing to withdraw, and nothing pretends otherwise.
        messages.info(request, _("Für Angaben zu Ihrer Migrationsgeschichte liegt keine Einwilligung vor."))
    else:
        messages.success(
            request,
            _("Sie haben Ihre Einwilligung widerrufen. Ihre Angaben zur Migrationsgeschichte haben wir gelöscht."),
        )
    return redirect(_private_page(application, token))


@never_cache
def application_export(request, token):
    application = _application_or_404(request, token)
    audit.applicant_changed(application, "data_exported")
    response = HttpResponse(personal_data_zip(application), content_type="application/zip")
    name = application.reference or "entwurf"
    response["Content-Disposition"] = f'attachment; filename="miglobe-bewerbung-{name}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
def application_erase(request, token):
    application = _application_or_404(request, token)
    if request.method == "POST":
        try:
            services.erase_application_on_request(application=application)
        except services.Refused as exc:
            messages.error(request, exc.message)
            return redirect(_private_page(application, token))
        return redirect("pool:application_erased")
    return render(
        request,
        "pool/application_erase.html",
        {"application": application, "token": token, "back": _private_page(application, token)},
    )


def application_erased(request):
    return render(request, "pool/application_erased.html")


def _private_page(application, token):
    name = "pool:application_edit" if application.is_draft else "pool:application_detail"
    return reverse(name, kwargs={"token": token})
