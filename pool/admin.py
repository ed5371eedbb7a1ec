"""The staff side of calls and applications. Status changes happen only through actions calling services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.constants import LOOKUP_SEP
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from miglobe.core.audit import record

from . import audit, exports, roster_services, services
from .managers import is_programme_staff
from .models import (
    Advisor,
    Application,
    ApplicationLanguage,
    Call,
    DuplicateFlag,
    ErasureLog,
    Review,
    Score,
    SelectionCriterion,
    StatusChange,
    Topic,
)


def _may_see_others_reviews(user, application, own_review):
    """Anyone on the call's panel – programme staff included – first gives their own review; staff who do
    not review see them all."""
    if own_review and own_review.submitted_at and not own_review.conflict_of_interest:
        return True
    return is_programme_staff(user) and not application.call.reviewers.filter(pk=user.pk).exists()


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


class CriterionInline(admin.TabularInline):
    model = SelectionCriterion
    extra = 1


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "pool_size", "ranking_link"]
    list_display_links = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["reviewers"]
    inlines = [CriterionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "eligibility", "work_description"]}),
        (_("Frist und Pool"), {"fields": ["opens_at", "closes_at", "pool_size", "reference_prefix"]}),
        (_("Auswahlgremium"), {"fields": ["reviewers"]}),
        (
            _("Datenschutz"),
            {"fields": ["reserve_consent_months", "retention_months", "draft_retention_days"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_list_display(self, request):
        # The ranking is the programme team's tool; the panel judges each application on its own.
        if is_programme_staff(request.user):
            return self.list_display
        return [column for column in self.list_display if column != "ranking_link"]

    @admin.display(description=_("Rangliste"))
    def ranking_link(self, call):
        url = reverse("admin:pool_call_ranking", args=[call.pk])
        return format_html('<a href="{}">{}</a>', url, _("Rangliste ansehen"))

    def get_urls(self):
        return [
            path("<int:pk>/ranking/", self.admin_site.admin_view(self.ranking_view), name="pool_call_ranking"),
            *super().get_urls(),
        ]

    def ranking_view(self, request, pk):
        call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
        if not is_programme_staff(request.user):
            raise PermissionDenied
        ranked = list(
            Application.objects.filter(call=call, status__in=Application.IN_SELECTION)
            .with_ranking()
            .order_by(F("weighted_score").desc(nulls_last=True), "reference")
            .only("reference", "first_name", "last_name", "status", "call_id")
        )
        size = call.pool_size
        # Equal scores on both sides of the pool's last place: the order there is not decided by the scores.
        tie_at_cut = (
            len(ranked) > size
            and ranked[size].weighted_score is not None
            and ranked[size - 1].weighted_score == ranked[size].weighted_score
        )
        return render_admin_page(
            self,
            request,
            "admin/pool/call/ranking.html",
            title=_("Rangliste: %(call)s") % {"call": call},
            call=call,
            ranked=ranked,
            tie_at_cut=tie_at_cut,
            criteria=call.criteria.all(),
        )


class LanguageInline(admin.TabularInline):
    model = ApplicationLanguage
    extra = 0
    can_delete = False
    fields = ["name", "level"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    """The history: who moved the application, when, from where to where, and why."""

    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "changed_by", "reason"]
    readonly_fields = fields
    verbose_name_plural = _("Verlauf")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ScoreRangeFilter(admin.SimpleListFilter):
    title = _("gewichteter Punktzahl")  # the admin shows "Nach gewichteter Punktzahl"
    parameter_name = "score"
    RANGES = {"4-5": (4, 5.01), "3-4": (3, 4), "2-3": (2, 3), "1-2": (1, 2)}

    def lookups(self, request, model_admin):
        return [(key, key.replace("-", "–")) for key in self.RANGES] + [("none", _("noch ohne Bewertung"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(weighted_score__isnull=True)
        if self.value() in self.RANGES:
            low, high = self.RANGES[self.value()]
            return queryset.filter(weighted_score__gte=low, weighted_score__lt=high)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    title = _("Sprache")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        # Only from what this user may see: a panel member must not learn about other calls this way.
        visible = Application.objects.visible_to(request.user)
        names = (
            ApplicationLanguage.objects.filter(application__in=visible)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()
        )
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                Exists(ApplicationLanguage.objects.filter(application=OuterRef("pk"), name=self.value()))
            )
        return queryset


class TopicFilter(admin.RelatedFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("Themenfeld")  # the admin shows "Nach Themenfeld"


SCALE_HELP = _("1 = erfüllt das Kriterium nicht, 3 = teilweise, 5 = voll und ganz.")


class ReviewForm(forms.Form):
    """One reviewer's scores for each weighted criterion of the call, or a declared conflict of interest."""

    SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]

    conflict_of_interest = forms.BooleanField(
        label=_("Ich habe einen Interessenkonflikt und bewerte diese Bewerbung nicht."), required=False
    )
    recommendation = forms.ChoiceField(
        label=_("Empfehlung"), choices=[("", "–"), *Review.Recommendation.choices], required=False
    )
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (×{criterion.weight})",
                help_text=" ".join(filter(None, [criterion.description, str(SCALE_HELP)])),
                choices=self.SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
            )

    def clean(self):
        data = super().clean()
        if data.get("conflict_of_interest"):
            return data
        for criterion in self.criteria:
            if data.get(f"criterion_{criterion.pk}") in (None, ""):
                self.add_error(f"criterion_{criterion.pk}", _("Bitte vergeben Sie 1 bis 5 Punkte."))
        if not data.get("recommendation"):
            self.add_error("recommendation", _("Bitte geben Sie eine Empfehlung ab."))
        return data

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "conflict_of_interest": data["conflict_of_interest"],
            "recommendation": data.get("recommendation", ""),
            "comment": data.get("comment", ""),
            "scores": {c.pk: data[f"criterion_{c.pk}"] for c in self.criteria if data.get(f"criterion_{c.pk}")},
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Begründung"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "full_name",
        "status",
        "score_column",
        "review_count_column",
        "reviewed_by_me",
        "duplicate_column",
        "submitted_on",
    ]
    # Scores would anchor a panel member before their own review, so the panel sees none of them.
    STAFF_ONLY_COLUMNS = {"score_column", "review_count_column", "duplicate_column"}
    list_filter = [
        ("call", admin.RelatedOnlyFieldListFilter),
        "status",
        "home_region",
        LanguageFilter,
        ("topics", TopicFilter),
        ScoreRangeFilter,
    ]
    search_fields = ["reference", "first_name", "last_name", "email"]
    list_select_related = ["call"]
    inlines = [LanguageInline, StatusChangeInline]
    # The admin would otherwise accept a filter on any field or annotation in the address
    # (?migration_background__icontains=…, ?weighted_score__gte=…) and so reveal what the page hides.
    FILTERABLE_FIELDS = {"call", "status", "home_region", "topics"}
    actions = [
        "start_review_action",
        "shortlist_action",
        "invite_action",
        "select_action",
        "reserve_action",
        "reject_action",
        "send_decisions_action",
        "export_csv_action",
        "export_xlsx_action",
    ]
    PERSON_FIELDS = ["reference", "call", "status", "language", "first_name", "last_name", "email", "phone"]
    PROFILE_FIELDS = [
        "home_region",
        "topics",
        "expertise_regions",
        "engagement",
        "municipal_experience",
        "motivation",
        "availability_days",
        "cv_link",
    ]
    CONSENT_FIELDS = ["privacy_consent_at", "reserve_consent_at", "reserve_until", "special_category_consent_at"]
    DATE_FIELDS = ["created_at", "submitted_at", "decided_at", "decision_sent_at"]

    def get_queryset(self, request):
        unresolved = DuplicateFlag.objects.unresolved().filter(Q(application=OuterRef("pk")) | Q(other=OuterRef("pk")))
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .with_ranking()
            .annotate(
                has_duplicate=Exists(unresolved),
                reviewed_by_me=Exists(
                    Review.objects.submitted().filter(application=OuterRef("pk"), reviewer=request.user)
                ),
            )
        )

    def get_list_display(self, request):
        if is_programme_staff(request.user):
            return self.list_display
        return [column for column in self.list_display if column not in self.STAFF_ONLY_COLUMNS]

    def lookup_allowed(self, lookup, value, request):
        # Our own filters' parameters, then real fields; the score filter only for whom it is shown.
        own = {LanguageFilter.parameter_name}
        if is_programme_staff(request.user):
            own.add(ScoreRangeFilter.parameter_name)
        return lookup in own or (
            lookup.split(LOOKUP_SEP, 1)[0] in self.FILTERABLE_FIELDS and super().lookup_allowed(lookup, value, request)
        )

    def get_inlines(self, request, obj):
        # Staff's reasons for status moves would anchor the panel as much as scores would.
        return self.inlines if is_programme_staff(request.user) else [LanguageInline]

    def get_list_filter(self, request):
        if is_programme_staff(request.user):
            return self.list_filter
        return [f for f in self.list_filter if f is not ScoreRangeFilter]

    def get_fieldsets(self, request, obj=None):
        consent = list(self.CONSENT_FIELDS)
        profile = list(self.PROFILE_FIELDS)
        if not request.user.has_perm("pool.download_cv"):
            # Without the permission the file's name is shown, not a link that would end in "no access".
            profile[profile.index("cv_link")] = "cv_original_name"
        if request.user.has_perm("pool.view_special_category"):
            consent.append("migration_background")
        return [
            (_("Person"), {"fields": self.PERSON_FIELDS}),
            (_("Profil"), {"fields": profile}),
            (_("Einwilligungen"), {"fields": consent}),
            (_("Zeitpunkte"), {"fields": self.DATE_FIELDS}),
            (
                _("Bewertungen"),
                {
                    "fields": ["reviews_summary", "duplicates_summary"]
                    if is_programme_staff(request.user)
                    else ["reviews_summary"]
                },
            ),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None and request.user.has_perm("pool.view_special_category"):
            audit.special_category_viewed(by=request.user, application=original)
        return response

    def get_readonly_fields(self, request, obj=None):
        # Everything is read-only: the data belongs to the applicant, and the status moves only by actions.
        return [field for _name, opts in self.get_fieldsets(request, obj) for field in opts["fields"]]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the data is the applicant's; the status moves only through the actions

    def has_delete_permission(self, request, obj=None):
        return False  # erasure runs through the retention job or the applicant's own request

    def has_decide_permission(self, request):
        return is_programme_staff(request.user)

    @admin.display(description=_("Name"), ordering="last_name")
    def full_name(self, application):
        return application.full_name

    @admin.display(description=_("Punkte (gewichtet)"), ordering="weighted_score")
    def score_column(self, application):
        return "–" if application.weighted_score is None else floatformat(application.weighted_score, 2)

    @admin.display(description=_("Bewertungen"), ordering="review_count")
    def review_count_column(self, application):
        return application.review_count

    @admin.display(description=_("von mir bewertet"), boolean=True, ordering="reviewed_by_me")
    def reviewed_by_me(self, application):
        return application.reviewed_by_me

    @admin.display(description=_("eingereicht"), ordering="submitted_at")
    def submitted_on(self, application):
        return date_format(timezone.localtime(application.submitted_at), "SHORT_DATE_FORMAT")

    @admin.display(description=_("Dublette?"), boolean=True, ordering="has_duplicate")
    def duplicate_column(self, application):
        return application.has_duplicate

    @admin.display(description=_("Lebenslauf"))
    def cv_link(self, application):
        if not application.cv:
            return "–"

        url = reverse("admin:pool_application_cv", args=[application.pk])
        return format_html('<a href="{}">{}</a>', url, application.cv_original_name or _("herunterladen"))

    @admin.display(description=_("Bewertungen"))
    def reviews_summary(self, application):
        url = reverse("admin:pool_application_review", args=[application.pk])
        return format_html('<a href="{}">{}</a>', url, _("Bewerten und Bewertungen ansehen"))

    @admin.display(description=_("mögliche Dubletten"))
    def duplicates_summary(self, application):
        flags = DuplicateFlag.objects.involving(application).unresolved().select_related("application", "other")
        return (
            ", ".join(
                f"{flag.other if flag.application_id == application.pk else flag.application} ({flag.reason_labels()})"
                for flag in flags
            )
            or "–"
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/cv/", view(self.cv_download_view), name="pool_application_cv"),
            path("<int:pk>/review/", view(self.review_view), name="pool_application_review"),
            *super().get_urls(),
        ]

    # --- Views ---------------------------------------------------------------------------------

    def cv_download_view(self, request, pk):
        """The only way a CV leaves the server: as an attachment, for staff allowed to download it."""
        if not request.user.has_perm("pool.download_cv"):
            raise PermissionDenied
        application = get_object_or_404(Application.objects.visible_to(request.user), pk=pk)
        if not application.cv:
            raise Http404
        audit.cv_downloaded(by=request.user, application=application)
        response = FileResponse(
            application.cv.open("rb"),
            as_attachment=True,
            filename=application.cv_original_name or f"{application.reference}{application.cv.name[-5:]}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def review_view(self, request, pk):
        application = get_object_or_404(
            Application.objects.visible_to(request.user)
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
            self,
            request,
            "admin/pool/application/review.html",
            title=_("Bewertung von %(application)s") % {"application": application},
            application=application,
            form=form,
            own_review=own if own and own.submitted_at else None,
            reviews=visible,
            can_see_others=_may_see_others_reviews(request.user, application, own),
        )

    # --- Actions -------------------------------------------------------------------------------

    def _status_action(self, request, queryset, *, service, title, reason_required=False):
        """Ask for a reason on an intermediate page, then call the service for each selected application."""
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            if reason_required and not reason.strip():
                form.add_error("reason", _("Bitte geben Sie einen Grund an."))
            else:
                done = 0
                for application in queryset:
                    try:
                        service(application=application, by=request.user, reason=reason)
                        done += 1
                    except services.Refused as refused:
                        messages.error(request, refused.message)
                if done:
                    messages.success(
                        request,
                        ngettext("%(count)d Bewerbung geändert.", "%(count)d Bewerbungen geändert.", done)
                        % {"count": done},
                    )
                return None
        return render_admin_page(
            self, request, "admin/pool/application/status_action.html", title=title, queryset=queryset, form=form
        )

    @admin.action(description=_("In Prüfung nehmen"), permissions=["decide"])
    def start_review_action(self, request, queryset):
        return self._status_action(request, queryset, service=services.start_review, title=_("In Prüfung nehmen"))

    @admin.action(description=_("In die engere Wahl nehmen"), permissions=["decide"])
    def shortlist_action(self, request, queryset):
        return self._status_action(request, queryset, service=services.shortlist, title=_("In die engere Wahl nehmen"))

    @admin.action(description=_("Zum Gespräch einladen"), permissions=["decide"])
    def invite_action(self, request, queryset):
        return self._status_action(
            request, queryset, service=services.invite_to_interview, title=_("Zum Gespräch einladen")
        )

    @admin.action(description=_("In den Pool auswählen"), permissions=["decide"])
    def select_action(self, request, queryset):
        return self._status_action(
            request, queryset, service=services.select_application, title=_("In den Pool auswählen")
        )

    @admin.action(description=_("Auf die Nachrückliste setzen"), permissions=["decide"])
    def reserve_action(self, request, queryset):
        return self._status_action(
            request, queryset, service=services.place_on_reserve, title=_("Auf die Nachrückliste setzen")
        )

    @admin.action(description=_("Ablehnen"), permissions=["decide"])
    def reject_action(self, request, queryset):
        return self._status_action(
            request, queryset, service=services.reject, title=_("Ablehnen"), reason_required=True
        )

    @admin.action(description=_("Entscheidungen per E-Mail mitteilen (mit Vorschau)"), permissions=["decide"])
    def send_decisions_action(self, request, queryset):
        pending = queryset.filter(status__in=services.DECISION_TEMPLATES, decision_sent_at__isnull=True)
        if "apply" in request.POST:
            count = services.send_decision_emails(applications=pending)
            messages.success(
                request,
                ngettext(
                    "%(count)d Entscheidung wird verschickt.", "%(count)d Entscheidungen werden verschickt.", count
                )
                % {"count": count},
            )
            return None
        previews = [(application, services.decision_preview(application)) for application in pending]
        return render_admin_page(
            self,
            request,
            "admin/pool/application/decision_preview.html",
            title=_("Entscheidungen mitteilen – Vorschau"),
            queryset=pending,
            previews=previews,
            skipped=queryset.count() - len(previews),
        )

    @admin.action(description=_("Als CSV exportieren (ohne besondere Kategorien)"), permissions=["decide"])
    def export_csv_action(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="bewerbungen-{timezone.localdate():%Y-%m-%d}.csv"'
        exports.write_csv(exports.rows(queryset), response)
        audit.exported(by=request.user, applications=queryset, file_format="csv")
        return response

    @admin.action(description=_("Als Excel-Datei exportieren (ohne besondere Kategorien)"), permissions=["decide"])
    def export_xlsx_action(self, request, queryset):
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="bewerbungen-{timezone.localdate():%Y-%m-%d}.xlsx"'
        response.write(exports.xlsx_bytes(exports.rows(queryset)))
        audit.exported(by=request.user, applications=queryset, file_format="xlsx")
        return response


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(admin.ModelAdmin):
    """The review queue of likely duplicates. Staff look at both and decide; nothing merges by itself."""

    list_display = ["application", "other", "reason_labels", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "application__call"]
    list_select_related = ["application", "other", "application__call"]
    readonly_fields = ["application", "other", "reasons", "created_at", "resolved_at", "resolved_by"]
    actions = ["mark_resolved"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Gründe"))
    def reason_labels(self, flag):
        return flag.reason_labels()

    @admin.action(description=_("Als geklärt markieren"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now(), resolved_by=request.user)
        messages.success(request, _("%(count)d Hinweise als geklärt markiert.") % {"count": count})


class AdvisorActionForm(admin.helpers.ActionForm):
    """The reason (and the pause's end) that membership actions need, typed beside the action menu."""

    reason = forms.CharField(label=_("Begründung"), required=False, max_length=500)
    until = forms.DateField(label=_("pausiert bis"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class AdvisorErasureForm(forms.Form):
    on_request = forms.BooleanField(
        label=_("Auf Wunsch der Person vor Ablauf der Frist (es besteht keine Pflicht zur Aufbewahrung)"),
        required=False,
    )


class AdvisorAddForm(forms.ModelForm):
    class Meta:
        model = Advisor
        fields = ["call", "first_name", "last_name", "email", "language"]

    def clean(self):
        cleaned = super().clean()
        call = cleaned.get("call")
        if call and Advisor.objects.filter(call=call).in_pool().count() >= call.pool_size:
            raise forms.ValidationError(_("Der Pool dieser Ausschreibung ist voll."))
        return cleaned


@admin.register(Advisor)
class AdvisorAdmin(admin.ModelAdmin):
    """Plain editing of advisors; status changes only through the actions, which call the roster services."""

    list_display = [
        "last_name",
        "first_name",
        "email",
        "call",
        "status",
        "joined_at",
        "invitation_state",
        "last_login",
        "last_activity_at",
    ]
    list_filter = ["call", "status", ("invitation_accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["call", "user"]
    raw_id_fields = ["user", "application"]
    readonly_fields = [
        "status",
        "joined_at",
        "qualified_at",
        "left_at",
        "leave_reason",
        "invitation_sent_at",
        "invitation_accepted_at",
        "last_activity_at",
        "erased_at",
        # The directory consent is the advisor's own choice, given in the portal; staff cannot give it for them.
        "public_listing",
        *(f"public_{name}" for name in Advisor.DIRECTORY_FIELDS),
    ]
    exclude = ["photo", "invitation_key"]  # served only by the permission-checking views, never as a storage URL
    action_form = AdvisorActionForm
    actions = ["send_invitation", "activate", "pause", "resume", "leave_pool", "erase_former"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = AdvisorAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return AdvisorAddForm.Meta.fields
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            if form.changed_data:  # field names only, as the portal's profile changes
                record(
                    actor=request.user,
                    action="pool.advisor.changed",
                    obj=obj,
                    data={"fields": sorted(form.changed_data)},
                )
            return None
        created = roster_services.add_advisor(
            call=obj.call,
            first_name=obj.first_name,
            last_name=obj.last_name,
            email=obj.email,
            language=obj.language,
            by=request.user,
        )
        obj.pk, obj._state.adding = created.pk, False

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def get_urls(self):
        from . import staff_roster

        wrap = self.admin_site.admin_view
        return [
            path("uebersicht/", wrap(staff_roster.roster_overview), name="pool_advisor_roster"),
            path("nachruecken/<int:call_id>/", wrap(staff_roster.refill), name="pool_advisor_refill"),
            *super().get_urls(),
        ]

    @admin.display(description=_("Einladung"))
    def invitation_state(self, obj):
        if obj.invitation_accepted_at:
            return _("angenommen")
        return _("offen") if obj.invitation_sent_at else _("nicht gesendet")

    @admin.display(description=_("Letzte Anmeldung"), ordering="user__last_login")
    def last_login(self, obj):
        return obj.user.last_login if obj.user_id else None

    def _each(self, request, queryset, service, done, **kwargs):
        count = 0
        for advisor in queryset:
            try:
                service(advisor=advisor, by=request.user, **kwargs)
                count += 1
            except services.Refused as refused:
                self.message_user(request, refused.message, messages.ERROR)
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Einladung (erneut) senden"), permissions=["change"])
    def send_invitation(self, request, queryset):
        self._each(request, queryset, roster_services.invite_advisor, _("%(count)s Einladung(en) gesendet."))

    @admin.action(description=_("Für Beratungen freischalten (aktiv)"), permissions=["change"])
    def activate(self, request, queryset):
        reason = request.POST.get("reason", "")
        self._each(request, queryset, roster_services.activate, _("%(count)s aktiv gesetzt."), reason=reason)

    @admin.action(description=_("Pausieren ab heute (bis: Datum im Feld)"), permissions=["change"])
    def pause(self, request, queryset):
        form = AdvisorActionForm(request.POST)
        form.is_valid()
        until = form.cleaned_data.get("until")
        self._each(
            request,
            queryset,
            roster_services.pause,
            _("%(count)s pausiert."),
            starts_on=timezone.localdate(),
            ends_on=until,
            reason=request.POST.get("reason", ""),
        )

    @admin.action(description=_("Pause beenden"), permissions=["change"])
    def resume(self, request, queryset):
        self._each(request, queryset, roster_services.resume, _("%(count)s zurück im Pool."))

    @admin.action(description=_("Aus dem Pool ausscheiden (Begründung im Feld)"), permissions=["change"])
    def leave_pool(self, request, queryset):
        reason = request.POST.get("reason", "")
        self._each(request, queryset, roster_services.leave_pool, _("%(count)s ausgeschieden."), reason=reason)

    def has_erase_permission(self, request):
        return request.user.has_perm("pool.erase_advisor")

    @admin.action(description=_("Daten ehemaliger Berater*innen löschen …"), permissions=["erase"])
    def erase_former(self, request, queryset):
        """Irreversible, so it asks first: the page lists who would be erased and why it is allowed."""
        from . import advisor_erasure

        form = AdvisorErasureForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = 0
            for advisor in queryset:
                try:
                    advisor_erasure.erase_advisor(
                        advisor=advisor, by=request.user, on_request=form.cleaned_data["on_request"]
                    )
                    count += 1
                except services.Refused as refused:
                    self.message_user(request, refused.message, messages.ERROR)
            if count:
                self.message_user(request, _("%(count)s gelöscht.") % {"count": count}, messages.SUCCESS)
            return None
        rows = [(advisor, advisor_erasure.erasable(advisor)) for advisor in queryset.select_related("call")]
        return render_admin_page(
            self,
            request,
            "admin/pool/advisor/erase_confirm.html",
            title=_("Daten ehemaliger Berater*innen löschen"),
            queryset=queryset,
            rows=rows,
            form=form,
        )


@admin.register(ErasureLog)
class ErasureLogAdmin(admin.ModelAdmin):
    list_display = ["erased_at", "kind", "count"]
    list_filter = ["kind"]
    readonly_fields = ["erased_at", "kind", "count", "references"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record that data was erased must itself stay


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position"]
    list_editable = ["position"]
