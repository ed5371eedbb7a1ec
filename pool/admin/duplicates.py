from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import services
from ..models import DuplicateFlag


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(admin.ModelAdmin):
    """The review queue of likely duplicates. Staff look at both and decide; nothing merges by itself."""

    list_display = ["application", "other", "reason_labels", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "application__call"]
    list_select_related = ["application", "other", "application__call"]
    # The page shows the reasons in words (it showed the codes "email,phone,similar_name") and links both
    # applications, which staff compare before they decide (found in the trial walk).
    fields = ["application_link", "other_link", "reason_labels", "created_at", "resolved_at", "resolved_by"]
    readonly_fields = fields
    actions = ["mark_resolved"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Bewerbung"))
    def application_link(self, flag):
        return self._link(flag.application)

    @admin.display(description=_("mögliche Dublette"))
    def other_link(self, flag):
        return self._link(flag.other)

    def _link(self, application):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:pool_application_change", args=[application.pk]), application
        )

    @admin.display(description=_("Gründe"))
    def reason_labels(self, flag):
        return flag.reason_labels()

    @admin.action(description=_("Als geklärt markieren"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = services.resolve_duplicate_flags(flags=queryset, by=request.user)
        messages.success(
            request,
            ngettext("%(count)d Hinweis als geklärt markiert.", "%(count)d Hinweise als geklärt markiert.", count)
            % {"count": count},
        )
