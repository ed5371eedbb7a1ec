"""Forms of the consultation log, claims, completion and feedback. Views parse with them, services decide."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ActivityKind, Outcome, Setting
from .models import BankAccount, LogEntry

RECEIPT_MAX_BYTES = 5 * 1024 * 1024
# What a receipt may be, by its first bytes (the name and the browser's content type are not trusted).
RECEIPT_SIGNATURES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def receipt_type(upload) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return next((kind for magic, kind in RECEIPT_SIGNATURES.items() if head.startswith(magic)), None)


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                continue
            widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class LogEntryForm(BootstrapMixin, forms.ModelForm):
    receipt = forms.FileField(
        label=_("Beleg (PDF, JPEG oder PNG, bis 5 MB)"),
        required=False,
        help_text=_("für Reisekosten"),
    )

    class Meta:
        model = LogEntry
        fields = [
            "date",
            "kind",
            "duration_minutes",
            "setting",
            "participants",
            "summary",
            "next_steps",
            "travel_costs",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
            "setting": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's blank choice reads "---------"; the radio buttons need none (one of them is required).
        self.fields["kind"].choices = [("", _("– bitte wählen –")), *ActivityKind.choices]
        self.fields["setting"].choices = Setting.choices

    def clean_date(self):
        # The log records what took place; a later date would also be claimed for a month not yet worked.
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("Das Datum liegt in der Zukunft. Tragen Sie einen Termin ein, nachdem er stattgefunden hat.")
            )
        return day

    def clean_receipt(self):
        upload = self.cleaned_data.get("receipt")
        if not upload:
            return None
        if upload.size > RECEIPT_MAX_BYTES:
            raise forms.ValidationError(_("Der Beleg ist größer als 5 MB."))
        if receipt_type(upload) is None:
            raise forms.ValidationError(_("Bitte laden Sie den Beleg als PDF, JPEG oder PNG hoch."))
        return upload

    def clean(self):
        data = super().clean()
        costs = data.get("travel_costs") or Decimal("0")
        has_receipt = data.get("receipt") or (self.instance.pk and self.instance.receipt)
        if costs > 0 and not has_receipt:
            self.add_error("receipt", _("Reisekosten werden nur mit Beleg erstattet."))
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Was soll geändert werden?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BankAccountForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = BankAccount
        fields = ["holder", "iban", "bic"]

    def clean_iban(self):
        iban = "".join(self.cleaned_data["iban"].split()).upper()
        digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4]) if iban.isalnum() else ""
        if len(iban) < 15 or not digits or int(digits) % 97 != 1:
            raise forms.ValidationError(_("Diese IBAN ist nicht gültig. Bitte prüfen Sie sie."))
        return iban


class CompletionForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Abgeschlossen als"), choices=Outcome.choices, widget=forms.RadioSelect)
    what_was_done = forms.CharField(label=_("Was wurde gemacht?"), max_length=5000, widget=forms.Textarea)
    next_plans = forms.CharField(label=_("Was plant die Kommune als Nächstes?"), max_length=5000, widget=forms.Textarea)


class FeedbackForm(BootstrapMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Wie hilfreich war die Beratung? (1 = wenig, 5 = sehr)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("Ihre Rückmeldung"), required=False, max_length=5000, widget=forms.Textarea)
