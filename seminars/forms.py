from django import forms
from django.utils.translation import gettext_lazy as _

from pool.models import Advisor

from .models import CatchUp, Material, Module, Seminar
from .states import AttendanceState

MAX_MATERIAL_BYTES = 20 * 1024 * 1024


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-time picker; the value is read as Europe/Berlin (the active time zone)."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SeminarForm(forms.ModelForm):
    class Meta:
        model = Seminar
        fields = ["curriculum", "module", "title", "starts_at", "ends_at", "venue", "address", "capacity", "trainers"]
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.select_related("curriculum__call")
        self.fields["module"].label_from_instance = lambda m: f"{m.curriculum}: {m}"
        self.fields["module"].empty_label = _("– Austauschtreffen (zählt nicht zur Qualifizierung) –")
        self.fields["curriculum"].queryset = self.fields["curriculum"].queryset.select_related("call")


class InviteForm(forms.Form):
    advisors = forms.ModelMultipleChoiceField(
        label=_("Ausgewählte Berater*innen"),
        queryset=Advisor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, seminar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisors"].queryset = (
            Advisor.objects.in_pool()
            .filter(call_id=seminar.curriculum.call_id)
            .exclude(seminar_invitations__seminar=seminar)
        )


class AnswerForm(forms.Form):
    answer = forms.TypedChoiceField(
        label=_("Ihre Antwort"),
        choices=[("yes", _("Ich komme")), ("no", _("Ich kann nicht kommen"))],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(
        label=_("Anmerkung (freiwillig)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_MATERIAL_BYTES:
            raise forms.ValidationError(_("Die Datei ist größer als 20 MB."))
        return upload


class CatchUpForm(forms.ModelForm):
    class Meta:
        model = CatchUp
        fields = ["advisor", "module", "done_on", "note"]
        widgets = {"done_on": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, curriculum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = Advisor.objects.in_pool().filter(call_id=curriculum.call_id)
        self.fields["module"].queryset = curriculum.modules.all()
        for name in ("advisor", "module"):  # not Django's "---------" (trial walk)
            self.fields[name].empty_label = _("– bitte wählen –")

    def offer(self, *, advisors, modules):
        """Show as options the advisors and modules the page has already read (the querysets' rows, in their
        order), instead of reading them again. What a POST may choose is still checked against the querysets."""
        for name, objects in (("advisor", advisors), ("module", modules)):
            field = self.fields[name]
            field.choices = [("", field.empty_label), *((obj.pk, field.label_from_instance(obj)) for obj in objects)]


ATTENDANCE_CHOICES = [("", _("keine Angabe")), *AttendanceState.choices]
