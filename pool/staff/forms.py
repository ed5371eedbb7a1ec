"""Forms of the staff workflows: a reviewer's scores, the reason of a status move."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Review

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

    def __init__(self, *args, reason_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_required = reason_required
        if reason_required:
            self.fields["reason"].help_text = _("Pflichtangabe: Die Begründung steht im Verlauf der Bewerbung.")

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if self.reason_required and not reason:
            raise forms.ValidationError(_("Bitte geben Sie einen Grund an."))
        return reason
