"""The application list and page. Everything is read-only; status moves happen only through the actions,
which hand over to the staff views in `pool.staff`. What a person may see of scores, reviews and staff
decisions is the rule `pool.see_assessments` (`pool.permissions`), carried by the queryset's annotations."""

from functools import partial

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.db.models.constants import LOOKUP_SEP
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from miglobe.core.admin_lists import FastListMixin, boolean_icon, per_language, short_date

from .. import audit, exports, formatting, services
from ..choices import ApplicationStatus
from ..models import Application, ApplicationLanguage, DuplicateFlag, Review, StatusChange
from ..staff import views as staff_views
from .filters import CallFilter, LanguageFilter, ScoreRangeFilter, StatusFilter, TopicFilter

HIDDEN_UNTIL_OWN_REVIEW = _("sichtbar nach Ihrer eigenen Bewertung")


@per_language
def _status_labels():
    return {status.value: str(status.label) for status in ApplicationStatus}


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

    def has_delete_permission(self, request, obj=None):
        return False  # the history stays; and the admin would show the inline to whoever may delete

    def has_view_permission(self, request, obj=None):
        # Not a model permission of its own: whoever may see the staff's decisions may see their history.
        return obj is not None and request.user.has_perm("pool.see_assessments", obj)

    def get_queryset(self, request):
        # The inline asks `has_view_permission` without the application and would then show no rows; the
        # check with the application is made above, before the inline is shown at all.
        return admin.options.BaseModelAdmin.get_queryset(self, request)


@admin.register(Application)
class ApplicationAdmin(FastListMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "full_name",
        "status_column",
        "score_column",
        "review_count_column",
        "reviewed_by_me",
        "duplicate_column",
        "submitted_on",
    ]
    STAFF_ONLY_COLUMNS = {"duplicate_column"}
    list_filter = [
        ("call", CallFilter),
        StatusFilter,
        "home_region",
        LanguageFilter,
        ("topics", TopicFilter),
        ScoreRangeFilter,
    ]
    search_fields = ["reference", "first_name", "last_name", "email"]
    # No column shows the call: joining it built 50 Call instances with every text column for nothing. The
    # actions that need it (exports, decisions) join it themselves (docs/decisions/0170).
    list_select_related = []
    # 50 rows a page, as the outbox and the approval queue: a page of 100 cost twice the rendering, and staff
    # find applications by filter, search and the ranking page (docs/decisions/0125-admin-pages-at-the-floor.md).
    list_per_page = 50
    inlines = [LanguageInline, StatusChangeInline]
    # The admin would otherwise accept a filter on any field or annotation in the address
    # (?migration_background__icontains=…, ?weighted_score__gte=…, ?status=… past the masked status) and
    # so reveal what the page hides.
    FILTERABLE_FIELDS = {"call", "home_region", "topics"}
    OWN_FILTERS = {StatusFilter.parameter_name, LanguageFilter.parameter_name, ScoreRangeFilter.parameter_name}
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
    PERSON_FIELDS = ["reference", "call", "status_column", "language", "first_name", "last_name", "email", "phone"]
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
    DATE_FIELDS = ["created_at", "submitted_at"]
    DECISION_DATE_FIELDS = ["decided_at", "decision_sent_at"]

    def get_queryset(self, request):
        unresolved = DuplicateFlag.objects.unresolved().filter(Q(application=OuterRef("pk")) | Q(other=OuterRef("pk")))
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .with_assessments_for(request.user)
            .annotate(
                has_duplicate=Exists(unresolved),
                reviewed_by_me=Exists(
                    Review.objects.submitted().filter(application=OuterRef("pk"), reviewer=request.user)
                ),
            )
        )

    def get_object(self, request, object_id, from_field=None):
        """The change page's application: visible to the user and carrying what they may see of it, as in
        the list, but without the list's two columns (duplicate, reviewed by me) and with its call joined."""
        if from_field is not None:
            return super().get_object(request, object_id, from_field)
        queryset = (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .with_assessments_for(request.user)
            .select_related("call")
        )
        try:
            return queryset.get(pk=Application._meta.pk.to_python(object_id))
        except (Application.DoesNotExist, ValidationError, ValueError):
            return None

    def _may_download_cv(self, request, obj):
        """`pool.download_cv_file` (one query), asked once per request although the admin builds the
        fieldsets several times for one page."""
        answers = request.__dict__.setdefault("_pool_cv_download", {})
        key = None if obj is None else obj.pk
        if key not in answers:
            answers[key] = request.user.has_perm("pool.download_cv_file", obj)
        return answers[key]

    def get_list_display(self, request):
        if request.user.has_perm("pool.decide"):
            return self.list_display
        return [column for column in self.list_display if column not in self.STAFF_ONLY_COLUMNS]

    def lookup_allowed(self, lookup, value, request):
        return lookup in self.OWN_FILTERS or (
            lookup.split(LOOKUP_SEP, 1)[0] in self.FILTERABLE_FIELDS and super().lookup_allowed(lookup, value, request)
        )

    def get_inlines(self, request, obj):
        return self.inlines

    def get_fieldsets(self, request, obj=None):
        consent = list(self.CONSENT_FIELDS)
        profile = list(self.PROFILE_FIELDS)
        dates = list(self.DATE_FIELDS)
        if not self._may_download_cv(request, obj):
            # Without the permission the file's name is shown, not a link that would end in "no access".
            profile[profile.index("cv_link")] = "cv_original_name"
        if request.user.has_perm("pool.view_special_category"):
            consent.append("migration_background")
        if obj is not None and request.user.has_perm("pool.see_assessments", obj):
            dates += self.DECISION_DATE_FIELDS
        assessments = ["reviews_summary"]
        if request.user.has_perm("pool.decide"):
            assessments.append("duplicates_summary")
        return [
            (_("Person"), {"fields": self.PERSON_FIELDS}),
            (_("Profil"), {"fields": profile}),
            (_("Einwilligungen"), {"fields": consent}),
            (_("Zeitpunkte"), {"fields": dates}),
            (_("Bewertungen"), {"fields": assessments}),
        ]

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
        # Asked for each of the nine actions, three times a page: once per request is enough.
        if "_pool_may_decide" not in request.__dict__:
            request._pool_may_decide = request.user.has_perm("pool.decide")
        return request._pool_may_decide

    # --- Columns -------------------------------------------------------------------------------

    @admin.display(description=_("Name"), ordering="last_name")
    def full_name(self, application):
        return application.full_name

    @admin.display(description=_("Status"), ordering="shown_status")
    def status_column(self, application):
        return _status_labels()[application.shown_status]

    def _hidden(self):
        return format_html('<span title="{}">…</span>', HIDDEN_UNTIL_OWN_REVIEW)

    @admin.display(description=_("Punkte (gewichtet)"), ordering="weighted_score")
    def score_column(self, application):
        if not application.assessments_visible:
            return self._hidden()
        return formatting.score_text(application.weighted_score)

    @admin.display(description=_("Bewertungen"), ordering="review_count")
    def review_count_column(self, application):
        if not application.assessments_visible:
            return self._hidden()
        return application.review_count

    # Icons like `boolean=True`, with the static URL looked up once (miglobe.core.admin_lists).
    @admin.display(description=_("von mir bewertet"), ordering="reviewed_by_me")
    def reviewed_by_me(self, application):
        return boolean_icon(application.reviewed_by_me)

    @admin.display(description=_("eingereicht"), ordering="submitted_at")
    def submitted_on(self, application):
        return short_date(application.submitted_at)

    @admin.display(description=_("Dublette?"), ordering="has_duplicate")
    def duplicate_column(self, application):
        return boolean_icon(application.has_duplicate)

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
        # Each side's reference is all its str() shows: not every column of two applications per flag.
        flags = (
            DuplicateFlag.objects.involving(application)
            .unresolved()
            .select_related("application", "other")
            .only("reasons", "application__reference", "other__reference")
        )
        return (
            ", ".join(
                f"{flag.other if flag.application_id == application.pk else flag.application} ({flag.reason_labels()})"
                for flag in flags
            )
            or "–"
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None and request.user.has_perm("pool.view_special_category"):
            audit.special_category_viewed(by=request.user, application=original)
        return response

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/cv/", view(partial(staff_views.cv_download, self)), name="pool_application_cv"),
            path("<int:pk>/review/", view(partial(staff_views.review, self)), name="pool_application_review"),
            *super().get_urls(),
        ]

    # --- Actions -------------------------------------------------------------------------------

    def _status_action(self, request, queryset, **kwargs):
        return staff_views.status_action(self, request, queryset, **kwargs)

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
        return staff_views.send_decisions(self, request, queryset)

    # The queryset carries the masked scores (`with_assessments_for`), so an export shows only what the
    # person exporting may see.
    @admin.action(description=_("Als CSV exportieren (ohne besondere Kategorien)"), permissions=["decide"])
    def export_csv_action(self, request, queryset):
        response = exports.csv_response(
            exports.rows(queryset), filename=f"bewerbungen-{timezone.localdate():%Y-%m-%d}.csv"
        )
        audit.exported(by=request.user, applications=queryset, file_format="csv")
        return response

    @admin.action(description=_("Als Excel-Datei exportieren (ohne besondere Kategorien)"), permissions=["decide"])
    def export_xlsx_action(self, request, queryset):
        response = exports.xlsx_response(
            exports.rows(queryset),
            filename=f"bewerbungen-{timezone.localdate():%Y-%m-%d}.xlsx",
            sheet_title=_("Bewerbungen"),
        )
        audit.exported(by=request.user, applications=queryset, file_format="xlsx")
        return response
