"""Advisors in the admin: plain editing, and membership actions that call the roster services."""

from django import forms
from django.contrib import admin, messages
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miglobe.core.audit import record

from .. import roster_services, services
from ..models import Advisor
from ..staff.views import render_admin_page


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
        from .. import staff_roster

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
        from .. import advisor_erasure

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
