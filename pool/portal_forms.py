"""Forms of the advisor portal: setting the first password, the self-service profile, absences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import LONG_TEXT_MAX, LanguageFormSet
from .models import Absence, Advisor, Topic
from .photos import checked_photo

BIO_MAX = 1500

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "language",
    "topics",
    "expertise_regions",
    "home_region",
    "availability_days",
    "bio",
    "bio_en",
)
CONSENT_FIELDS = ("public_listing", *(f"public_{name}" for name in Advisor.DIRECTORY_FIELDS))


class PhotoField(forms.FileField):
    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial:
            return checked_photo(value)
        return value


class ProfileForm(forms.ModelForm):
    photo = PhotoField(
        label=_("Foto (JPEG oder PNG, höchstens 5 MB)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_photo = forms.BooleanField(label=_("Foto entfernen"), required=False)

    class Meta:
        model = Advisor
        fields = [*PROFILE_FIELDS, *CONSENT_FIELDS]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "expertise_regions": forms.Textarea(attrs={"rows": 3}),
            "bio": forms.Textarea(attrs={"rows": 6, "maxlength": BIO_MAX}),
            "bio_en": forms.Textarea(attrs={"rows": 6, "maxlength": BIO_MAX}),
        }
        help_texts = {
            "bio": _("Höchstens 1500 Zeichen. Erscheint im Verzeichnis nur, wenn Sie es unten erlauben."),
            "bio_en": _("Freiwillig. Ohne englischen Text zeigt die englische Seite den deutschen."),
            "availability_days": _("Wie viele Tage im Monat Sie für Beratungen einplanen können (0–20)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.all()
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        # Not "---------": the same words as the application form's lists (trial walk).
        self.fields["home_region"].choices = [("", _("– bitte wählen –")), *self.fields["home_region"].choices[1:]]
        self.fields["expertise_regions"].validators.append(forms.fields.validators.MaxLengthValidator(LONG_TEXT_MAX))
        for name in ("bio", "bio_en"):
            self.fields[name].validators.append(forms.fields.validators.MaxLengthValidator(BIO_MAX))


def profile_language_formset(*, advisor, data=None):
    initial = [{"name": lang.name, "level": lang.level} for lang in advisor.languages.all()]
    return LanguageFormSet(data, initial=initial, prefix="languages", mode="draft")


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {"starts_on": _("Abwesend von"), "ends_on": _("Abwesend bis")}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Das Ende muss am oder nach dem Beginn liegen."))
        return cleaned
