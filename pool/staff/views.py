"""The staff's workflow pages, framed by the admin: ranking, review, CV download, status moves, decisions.

Each view parses the input, asks `pool.permissions` (through `has_perm` and the querysets that carry the
same rule), calls a service from `pool.services` and renders. `pool.admin` routes to them.
"""

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from miglobe.core.private_files import private_file_response

from .. import audit, exports, services
from ..models import Application, ApplicationLanguage, Call, Review, Score
from .forms import ReasonForm, ReviewForm


def render_admin_page(model_admin, request, template, *, title, **context):
    """A page of our own inside the admin, with the admin's frame, breadcrumbs and the pending action."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "action": request.POST.get("action"),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        **context,
    }
    return TemplateResponse(request, template, context)


# --- Ranking -------------------------------------------------------------------------------------


def ranked_applications(call, user):
    """The call's applications in selection, best first, with what `user` may see of their assessments.

    Returns (ranked, hidden): the rows whose scores the user may see, and how many others there are.
    """
    rows = list(
        Application.objects.filter(call=call, status__in=Application.IN_SELECTION)
        .with_assessments_for(user)
        .order_by(F("weighted_score").desc(nulls_last=True), "reference")
        .only("reference", "first_name", "last_name", "status", "call_id")
    )
    ranked = [row for row in rows if row.assessments_visible]
    return ranked, len(rows) - len(ranked)


def ranking(model_admin, request, pk):
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
    ranked, hidden = ranked_applications(call, request.user)
    size = call.pool_size
    # Equal scores on both sides of the pool's last place: the order there is not decided by the scores.
    tie_at_cut = (
        not hidden
        and len(ranked) > size
        and ranked[size].weighted_score is not None
        and ranked[size - 1].weighted_score == ranked[size].weighted_score
    )
    return render_admin_page(
        model_admin,
        request,
        "admin/pool/call/ranking.html",
        title=_("Rangliste: %(call)s") % {"call": call},
        call=call,
        ranked=ranked,
        hidden=hidden,
        # The pool line and rank numbers mean something only over the whole field.
        complete=not hidden,
        tie_at_cut=tie_at_cut,
        criteria=call.criteria.all(),
    )


def ranking_export(model_admin, request, pk, kind):
    """The ranking as the person sees it on the page (the same rows, the same rule), as CSV or XLSX."""
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
    if kind not in ("csv", "xlsx"):
        raise Http404
    ranked, hidden = ranked_applications(call, request.user)
    if hidden:
        # Ranks and the pool line mean something only over the whole field, which this person may not see.
        raise PermissionDenied
    table = exports.ranking_rows(ranked, call=call)
    audit.exported(
        by=request.user,
        applications=Application.objects.filter(pk__in=[a.pk for a in ranked]),
        file_format=f"ranking-{kind}",
    )
    filename = f"rangliste-{call.slug}-{timezone.localdate():%Y-%m-%d}.{kind}"
    if kind == "csv":
        return exports.csv_response(table, filename=filename)
    return exports.xlsx_response(table, filename=filename, sheet_title=_("Rangliste"))


# --- Review --------------------------------------------------------------------------------------


def review(model_admin, request, pk):
    application = get_object_or_404(
        Application.objects.visible_to(request.user)
        .with_assessments_for(request.user)
        .select_related("call")
        .prefetch_related("topics", Prefetch("languages", queryset=ApplicationLanguage.objects.order_by("id"))),
        pk=pk,
    )
    criteria = list(application.call.criteria.all())
    own = Review.objects.filter(application=application, reviewer=request.user).first()
    form = ReviewForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_review(application=application, reviewer=request.user, **form.service_arguments())
        except services.Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Ihre Bewertung ist gespeichert."))
            return redirect("admin:pool_application_review", pk=application.pk)
    visible = (
        Review.objects.visible_to(request.user)
        .filter(application=application, submitted_at__isnull=False)
        .select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )
    return render_admin_page(
        model_admin,
        request,
        "admin/pool/application/review.html",
        title=_("Bewertung von %(application)s") % {"application": application},
        application=application,
        form=form,
        own_review=own if own and own.submitted_at else None,
        reviews=visible,
    )


def cv_download(model_admin, request, pk):
    """The only way a CV leaves the server: as an attachment, for staff allowed to download it."""
    application = get_object_or_404(Application.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("pool.download_cv_file", application):
        raise PermissionDenied
    if not application.cv:
        raise Http404
    audit.cv_downloaded(by=request.user, application=application)
    return private_file_response(application.cv, download_name=application.cv_download_name)


# --- Status moves and decisions ------------------------------------------------------------------


def status_action(model_admin, request, queryset, *, service, title, reason_required=False):
    """Ask for a reason on an intermediate page, then call the service for each selected application."""
    form = ReasonForm(request.POST if "apply" in request.POST else None, reason_required=reason_required)
    if form.is_bound and form.is_valid():
        done = 0
        for application in queryset:
            try:
                service(application=application, by=request.user, reason=form.cleaned_data["reason"])
                done += 1
            except services.Refused as refused:
                messages.error(request, refused.message)
        if done:
            messages.success(
                request,
                ngettext("%(count)d Bewerbung geändert.", "%(count)d Bewerbungen geändert.", done) % {"count": done},
            )
        return None
    return render_admin_page(
        model_admin, request, "admin/pool/application/status_action.html", title=title, queryset=queryset, form=form
    )


def send_decisions(model_admin, request, queryset):
    """First a preview of every email, then – confirmed – the emails are queued in one go."""
    pending = queryset.filter(status__in=services.DECISION_TEMPLATES, decision_sent_at__isnull=True)
    if "apply" in request.POST:
        count = services.send_decision_emails(applications=pending)
        messages.success(
            request,
            ngettext("%(count)d Entscheidung wird verschickt.", "%(count)d Entscheidungen werden verschickt.", count)
            % {"count": count},
        )
        return None
    pending = list(pending.select_related("call"))  # one query for the rows and their calls, however many
    previews = [(application, services.decision_preview(application)) for application in pending]
    return render_admin_page(
        model_admin,
        request,
        "admin/pool/application/decision_preview.html",
        title=_("Entscheidungen mitteilen – Vorschau"),
        queryset=pending,
        previews=previews,
        skipped=queryset.count() - len(previews),
    )
