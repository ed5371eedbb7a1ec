from django.contrib import admin, messages
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
    readonly_fields = ["application", "other", "reasons", "created_at", "resolved_at", "resolved_by"]
    actions = ["mark_resolved"]

    def has_add_permission(self, request):
        return False

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
