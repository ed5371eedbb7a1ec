from django.contrib import admin

from ..models import Advisor


@admin.register(Advisor)
class AdvisorAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "call", "status", "joined_at"]
    list_filter = ["call", "status"]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["call"]
    raw_id_fields = ["user", "application"]
