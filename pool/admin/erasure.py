from django.contrib import admin

from ..models import ErasureLog


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
