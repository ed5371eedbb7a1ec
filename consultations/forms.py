"""The public request form. The municipality is typed (name or AGS) and resolved on the server, so the form
works without JavaScript; the autocomplete in static/js/municipality-autocomplete.js only helps to type it."""

import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from miglobe.core import antispam
from miglobe.core.text import CleanTextFormMixin
from pool.forms import checked_phone
from pool.models import Topic

from .choices import AreaType, Format, Stage
from .models import ConsultationRequest, Municipality

LONG_TEXT_MAX = 5000
# How many matches the form offers to choose from when a typed name fits several municipalities.
MAX_CANDIDATES = 10
AREA_TYPES = frozenset(AreaType.values)
LABEL_KEY = re.compile(r"\((\d{5}|\d{8})\)\s*$")


def municipality_label(municipality) -> str:
    """How the form and the autocomplete write a municipality: unambiguous, ends with its key."""
    # The label from the choices themselves: get_area_type_display() hashes every choice on each call.
    kind = AreaType(municipality.area_type).label if municipality.area_type in AREA_TYPES else municipality.area_type
    return f"{municipality.short_name} – {kind} ({municipality.key})"


def requestable_by_key(key: str):
    """The municipality with this key if it may file a request, else None. One look-up by the unique key and the
    rule asked of the row (`is_requestable`): the answer of `requestable().filter(key=key)`, without compiling the
    rule into SQL on every post."""
    found = Municipality.objects.filter(key=key).first()
    return found if found is not None and found.is_requestable else None


def resolve_municipality(text: str):
    """(municipality or None, candidates): a key, a label or an exact name picks one; else the candidates."""
    text = (text or "").strip()
    requestable = Municipality.objects.requestable()
    match = LABEL_KEY.search(text)
    key = match.group(1) if match else (text if text.isdigit() and len(text) in (5, 8) else None)
    if key:
        found = requestable_by_key(key)
        return found, [] if found else list(requestable.search(text[:8]).order_by("key")[:MAX_CANDIDATES])
    candidates = list(requestable.search(text).order_by("name", "key")[: MAX_CANDIDATES + 1])
    exact = [
        m for m in candidates if m.name.casefold() == text.casefold() or m.short_name.casefold() == text.casefold()
    ]
    if len(exact) == 1:
        return exact[0], []
    if len(candidates) == 1:
        return candidates[0], []
    return None, (exact or candidates)[:MAX_CANDIDATES]


class RequestForm(CleanTextFormMixin, antispam.SpamProtectionMixin, forms.ModelForm):
    municipality_text = forms.CharField(
        label=_("Kommune (Name oder Gemeindeschlüssel)"),
        max_length=120,
        help_text=_("z. B. „Heidelberg“, „Rhein-Neckar-Kreis“ oder „08221000“"),
    )
    municipality_key = forms.CharField(required=False, widget=forms.HiddenInput)
    topics = forms.ModelMultipleChoiceField(
        label=_("Themenfelder"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    desired_format = forms.ChoiceField(
        label=capfirst(_("gewünschtes Format")), choices=Format.choices, widget=forms.RadioSelect
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Programmteam diese Angaben zur Bearbeitung der Anfrage speichert und "
            "an die vorgeschlagenen Berater*innen weitergibt (siehe Datenschutzerklärung)."
        ),
        error_messages={"required": _("Ohne Ihre Einwilligung können wir die Anfrage nicht bearbeiten.")},
    )

    class Meta:
        model = ConsultationRequest
        fields = [
            "office",
            "contact_name",
            "contact_role",
            "email",
            "phone",
            "situation",
            "goals",
            "preferred_period",
            "communities",
        ]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "situation": _("Was gibt es schon in Ihrer Kommune, und wo stehen Sie?"),
            "goals": _("Was möchten Sie mit der Beratung erreichen?"),
            "preferred_period": _("z. B. „Frühjahr 2027“ oder „nach den Sommerferien“"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.all()
        self.fields["municipality_text"].widget.attrs.update({"autocomplete": "off", "class": "js-municipality"})
        for name in ("situation", "goals"):
            self.fields[name].validators.append(MaxLengthValidator(LONG_TEXT_MAX))
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.candidates = []
        self.repeated_nonce = None

    def clean_phone(self):
        return checked_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()  # the spam checks run in SpamProtectionMixin.clean
        self._resolve_municipality(cleaned)
        return cleaned

    def _resolve_municipality(self, cleaned):
        chosen = cleaned.get("municipality_key") or self.data.get("municipality_choice", "")
        municipality = requestable_by_key(chosen) if chosen else None
        if municipality is None and cleaned.get("municipality_text"):
            municipality, self.candidates = resolve_municipality(cleaned["municipality_text"])
        if municipality is not None:
            cleaned["municipality"] = municipality
            # What the visitor sees again if another field fails: the unambiguous label.
            self.data = antispam.writable_copy(self.data)
            self.data[self.add_prefix("municipality_text")] = municipality_label(municipality)
            self.data[self.add_prefix("municipality_key")] = municipality.key
            return
        if "municipality_text" in self.errors:
            return
        if self.candidates:
            message = _("Mehrere Kommunen passen dazu. Bitte wählen Sie unten eine aus.")
        else:
            message = _("Diese Kommune finden wir nicht im Gemeindeverzeichnis. Bitte prüfen Sie die Schreibweise.")
        self.add_error("municipality_text", forms.ValidationError(message, code="municipality"))

    def check_spam(self, cleaned) -> None:
        state, payload = antispam.read_start_token(cleaned.get(antispam.START) or "")
        self.submission_nonce = payload["n"] if state == "ok" else None
        super().check_spam(cleaned)

    def _spam_error(self, code):
        # Sending this very form again (a double click, a reload) is no error: the view shows the request
        # the first sending filed (services.submit_request finds it by the token's nonce).
        if code == "used" and ConsultationRequest.objects.filter(submission_token=self.submission_nonce).exists():
            return
        super()._spam_error(code)

    def to_input(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["municipality"] = self.cleaned_data["municipality"]
        data["desired_format"] = self.cleaned_data["desired_format"]
        return data


class AnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Notiz an das Programmteam"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=capfirst(_("neuer Stand")), widget=forms.Select(attrs={"class": "form-select"}))
    reason = forms.CharField(
        label=_("Begründung"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        targets = consultation.TRANSITIONS.get(consultation.stage, set())
        self.fields["stage"].choices = [(stage.value, stage.label) for stage in Stage if stage in targets]
