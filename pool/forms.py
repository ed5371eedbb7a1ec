"""The public application form: parses and checks what the applicant typed; the services do the rest."""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.forms.models import construct_instance
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from miglobe.core import antispam
from miglobe.core.addresses import EmailAddressField
from miglobe.core.text import CleanTextFormMixin

from . import uploads
from .models import Application, PendingUpload, Topic
from .regions import HomeRegion
from .services import PENDING_UPLOAD_DAYS, ApplicationInput, phone_key

DRAFT = "draft"
SUBMIT = "submit"

# Enough for a page of text; the limit keeps a pasted book (or a bot) out of the database.
LONG_TEXT_MAX = 5000
PENDING_UPLOAD_SALT = "pool.application.pending_upload"
PENDING_UPLOAD_MAX_AGE = PENDING_UPLOAD_DAYS * 24 * 3600  # the retention job erases them afterwards

# Saving a draft needs what the private link is mailed to and the consent to store it (DSGVO: no personal
# data without a recorded consent); submitting needs the rest as well.
DRAFT_REQUIRED = {"first_name", "last_name", "email", "privacy_consent"}
LONG_TEXT_FIELDS = ("expertise_regions", "engagement", "municipal_experience", "motivation", "migration_background")
MODEL_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "home_region",
    "expertise_regions",
    "engagement",
    "municipal_experience",
    "motivation",
    "availability_days",
    "migration_background",
)


# The application form's start token is core's (single use, expiring); the name stays for the tests' helpers.
started_token = antispam.start_token


def pending_upload_token(pending: PendingUpload) -> str:
    return signing.dumps(pending.pk, salt=PENDING_UPLOAD_SALT)


def pending_upload_from_token(token: str) -> PendingUpload | None:
    if not token:
        return None
    try:
        pk = signing.loads(token, salt=PENDING_UPLOAD_SALT, max_age=PENDING_UPLOAD_MAX_AGE)
    except signing.BadSignature:
        return None
    return PendingUpload.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def checked_phone(phone):
    """A number we can call (parsed as the duplicate check parses it), or nothing; for every public form."""
    if phone and not phone_key(phone):
        raise forms.ValidationError(
            _("Bitte geben Sie eine Telefonnummer an, unter der wir Sie erreichen, z. B. 0711 123456."),
            code="invalid",
        )
    return phone


class CVField(forms.FileField):
    """A file that passed `pool.uploads.check_cv`; its name is replaced by the safe display name."""

    widget = forms.FileInput(
        attrs={
            "accept": ".pdf,.docx,application/pdf,"
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
    )

    def validate(self, value):
        # Whether a CV is missing depends on a stored or kept one as well: ApplicationForm.clean decides.
        # `required` still marks the field (*) and tells assistive technology that a CV is needed.
        pass

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and hasattr(file, "size"):
            file.name = uploads.check_cv(file).display_name
        return file


class ApplicationForm(CleanTextFormMixin, antispam.SpamProtectionMixin, forms.ModelForm):
    """The whole form in one class. `mode` is DRAFT (name, email and the privacy consent suffice) or SUBMIT
    (everything)."""

    cv = CVField(
        label=_("Lebenslauf"),
        required=False,
        help_text=_("PDF oder Word (DOCX), höchstens 10 MB."),
    )
    special_category_consent = forms.BooleanField(
        label=_(
            "Ja, ich willige ein, dass meine Angaben zur Migrationsgeschichte für das Auswahlverfahren "
            "verarbeitet werden."
        ),
        required=False,
        help_text=_(
            "Freiwillig. Sie können die Einwilligung jederzeit widerrufen, nach dem Absenden auf der Seite Ihrer "
            "Bewerbung; Ihre Angaben werden dann gelöscht."
        ),
    )
    privacy_consent = forms.BooleanField(
        label=_("Ich willige ein, dass meine Angaben gespeichert und für das Auswahlverfahren verarbeitet werden."),
        required=False,
        help_text=_(
            "Nötig schon zum Speichern eines Entwurfs. Ihre Angaben sehen nur das Programmteam und das "
            "Auswahlgremium. Einzelheiten stehen in der Datenschutzerklärung."
        ),
        error_messages={
            "required": _(
                "Bitte willigen Sie in die Verarbeitung Ihrer Daten ein, damit wir Ihre Bewerbung annehmen können."
            )
        },
    )
    reserve_consent = forms.BooleanField(
        label=_("Ich bin einverstanden, auf die Nachrückliste zu kommen, falls ich nicht sofort ausgewählt werde."),
        required=False,
    )
    # Spam protection: a field people never see, and the moment the form was handed out.
    website = forms.CharField(label=_("Webseite (bitte leer lassen)"), required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    pending_cv = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Application
        fields = [*MODEL_FIELDS, "topics"]  # the order of the page is `field_order`
        field_classes = {"email": EmailAddressField}  # müller@exämple.de is an address too
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "topics": forms.CheckboxSelectMultiple,
            "expertise_regions": forms.Textarea(attrs={"rows": 3}),
            "engagement": forms.Textarea(attrs={"rows": 5}),
            "municipal_experience": forms.Textarea(attrs={"rows": 4}),
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "availability_days": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "migration_background": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "home_region": _("Ihr Wohnort in Baden-Württemberg (Landkreis oder Stadtkreis)"),
            "topics": _("In welchen Themenfeldern der Entwicklungspolitik engagieren Sie sich?"),
            "availability_days": _("Wie viele Tage im Monat könnten Sie für MiGlobe tätig sein?"),
            "migration_background": _("Ihre Migrationsgeschichte, in Ihren eigenen Worten"),
        }
        help_texts = {
            "email": _("An diese Adresse schicken wir den Link zu Ihrer Bewerbung."),
            "phone": _("Zum Beispiel 0711 123456 oder +49 171 1234567."),
            "expertise_regions": _("Zum Beispiel Länder, in denen Sie gelebt oder gearbeitet haben."),
            "engagement": _("Vereine, Initiativen, Netzwerke und was Sie dort tun."),
            "municipal_experience": _(
                "Zum Beispiel Beiräte, Projekte oder Arbeit mit einer Gemeinde, Stadt oder einem Landkreis."
            ),
            "motivation": _("Warum möchten Sie Kommunen als MiGlobe-Berater*in begleiten?"),
            "availability_days": _("Eine Zahl von 1 bis 20."),
        }
        error_messages = {
            "first_name": {"required": _("Bitte geben Sie Ihren Vornamen an.")},
            "last_name": {"required": _("Bitte geben Sie Ihren Nachnamen an.")},
            "email": {
                "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
                "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@example.org."),
            },
            "home_region": {
                "required": _("Bitte wählen Sie Ihren Landkreis oder Stadtkreis."),
                "invalid_choice": _("Bitte wählen Sie Ihren Landkreis oder Stadtkreis aus der Liste."),
            },
            "topics": {"required": _("Bitte wählen Sie mindestens ein Themenfeld.")},
            "engagement": {"required": _("Bitte beschreiben Sie Ihr Engagement.")},
            "motivation": {"required": _("Bitte schreiben Sie uns, warum Sie sich bewerben.")},
            "availability_days": {
                "required": _("Bitte geben Sie an, wie viele Tage im Monat Sie tätig sein könnten."),
                "invalid": _("Bitte geben Sie eine ganze Zahl von 1 bis 20 an."),
                # The form field of a PositiveSmallIntegerField allows 0 and said "größer oder gleich 0".
                "min_value": _("Bitte geben Sie eine ganze Zahl von 1 bis 20 an."),
                "max_value": _("Bitte geben Sie eine ganze Zahl von 1 bis 20 an."),
            },
        }

    # The order of the page (and so of the error summary); the language rows come before "topics".
    field_order = [
        # Person und Kontakt
        "first_name",
        "last_name",
        "email",
        "phone",
        "home_region",
        # Themen und Erfahrung
        "topics",
        "expertise_regions",
        "engagement",
        "municipal_experience",
        # Motivation und Verfügbarkeit
        "motivation",
        "availability_days",
        # Lebenslauf
        "cv",
        # Ihre Migrationsgeschichte (freiwillig)
        "migration_background",
        "special_category_consent",
        # Einwilligungen
        "privacy_consent",
        "reserve_consent",
    ]

    # Fields that must be filled before the application can be submitted (marked * in the form).
    SUBMIT_REQUIRED = (
        "first_name",
        "last_name",
        "email",
        "home_region",
        "topics",
        "engagement",
        "motivation",
        "availability_days",
        "cv",
        "privacy_consent",
    )

    def __init__(self, *args, call, mode=SUBMIT, application=None, **kwargs):
        self.mode = mode
        # The stored draft, if any; never modified here (the form validates a fresh, unsaved instance).
        self.application = application
        kwargs.setdefault("instance", Application(call=call))
        super().__init__(*args, **kwargs)
        self.pending_upload = None
        if mode == DRAFT:
            self.fields["privacy_consent"].error_messages["required"] = _(
                "Bitte willigen Sie in die Verarbeitung Ihrer Daten ein, damit wir Ihren Entwurf speichern können."
            )
        self.fields["reserve_consent"].help_text = _(
            "Freiwillig. Dafür bewahren wir Ihre Bewerbung höchstens %(months)s Monate auf; länger nur, wenn "
            "Sie Ihre Einwilligung verlängern."
        ) % {"months": call.reserve_consent_months}
        for name, field in self.fields.items():
            field.required = name in self.SUBMIT_REQUIRED
        if self.stored_cv_name:
            self.fields["cv"].required = False  # one is stored; choosing a file replaces it
        self.fields["topics"].queryset = Topic.objects.all()
        # The range the help text names (1–20), in the form field too: its own default allowed 0.
        availability = self.fields["availability_days"]
        availability.min_value, availability.max_value = 1, 20
        availability.validators = [MinValueValidator(1), MaxValueValidator(20)]
        availability.widget.attrs.update({"min": 1, "max": 20})
        for name in LONG_TEXT_FIELDS:
            self.fields[name].validators.append(MaxLengthValidator(LONG_TEXT_MAX))

    @property
    def stored_cv_name(self):
        return self.application.cv_original_name if self.application and self.application.cv else ""

    def full_clean(self):
        if self.mode != DRAFT:
            return super().full_clean()
        # A draft checks the format of everything typed, but insists only on name and email.
        required = {name: field.required for name, field in self.fields.items()}
        for name, field in self.fields.items():
            field.required = name in DRAFT_REQUIRED
        try:
            super().full_clean()
        finally:
            for name, field in self.fields.items():
                field.required = required[name]

    def _post_clean(self):
        # Django's own, without the model's constraints: both name fields this form does not set (the moment of
        # the special-category consent; status, reference and submission time), so Django's check of each ends
        # in a FieldError and is skipped, after building a query for it (0.7 ms a post). The consent rule is
        # checked in clean() below, the service sets the rest, and the database constraints guard both.
        # `test_the_model_constraints_name_fields_the_form_does_not_set` keeps this true.
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except ValidationError as e:
            self._update_errors(e)
        try:
            self.instance.full_clean(
                exclude=self._get_validation_exclusions(), validate_unique=False, validate_constraints=False
            )
        except ValidationError as e:
            self._update_errors(e)
        if self._validate_unique:
            self.validate_unique()

    def _get_validation_exclusions(self):
        # The form field has checked the address; the model's EmailField would refuse umlauts in the mailbox.
        return {*super()._get_validation_exclusions(), "email"}

    def clean_phone(self):
        return checked_phone(self.cleaned_data["phone"])

    replaced_upload = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("migration_background", "").strip() and not cleaned.get("special_category_consent"):
            self.add_error(
                "migration_background",
                forms.ValidationError(
                    _(
                        "Wir speichern diese Angabe nur mit Ihrer ausdrücklichen Einwilligung. Bitte setzen Sie "
                        "das Häkchen darunter oder lassen Sie das Feld leer."
                    ),
                    code="needs_consent",
                ),
            )
        if not cleaned.get("cv"):
            self.pending_upload = pending_upload_from_token(cleaned.get("pending_cv", ""))
        else:
            # A newly chosen file replaces a kept one; the view discards that so it cannot outlive an erasure.
            self.replaced_upload = pending_upload_from_token(cleaned.get("pending_cv", ""))
        has_cv = cleaned.get("cv") or self.pending_upload or self.stored_cv_name
        if self.mode == SUBMIT and not has_cv and "cv" not in self.errors:
            self.add_error("cv", forms.ValidationError(_("Bitte laden Sie Ihren Lebenslauf hoch."), code="required"))
        return cleaned

    def keep_earlier_upload(self):
        """For a refusal that checks nothing (rate limit, closed call): a CV kept by an earlier attempt stays
        kept. Only its signed reference is read; nothing is stored."""
        self.pending_upload = pending_upload_from_token(self.data.get(self.add_prefix("pending_cv"), ""))

    @property
    def has_new_file(self) -> bool:
        """A CV file came with this request (checked or not)."""
        return bool(self.files.get(self.add_prefix("cv")))

    def keep_upload(self, pending: PendingUpload):
        """After a failed attempt: remember a CV that passed its checks, so it need not be chosen again."""
        self.pending_upload = pending

    @property
    def pending_token(self) -> str:
        return pending_upload_token(self.pending_upload) if self.pending_upload else ""

    def new_upload(self):
        """The CV file that came with this request and passed the checks, or None."""
        cv = self.cleaned_data.get("cv") if hasattr(self, "cleaned_data") else None
        return cv or None

    def to_input(self, languages) -> ApplicationInput:
        data = self.cleaned_data
        fields = {name: data.get(name) for name in MODEL_FIELDS}
        fields["language"] = "en" if (get_language() or "").startswith("en") else "de"
        return ApplicationInput(
            fields=fields,
            topics=list(data.get("topics") or []),
            languages=languages,
            cv=data.get("cv") or self.pending_upload,
            privacy_consent=bool(data.get("privacy_consent")),
            special_category_consent=bool(data.get("special_category_consent")),
            reserve_consent=bool(data.get("reserve_consent")),
        )

    @classmethod
    def initial_from(cls, application) -> dict:
        initial = {name: getattr(application, name) for name in MODEL_FIELDS}
        initial["topics"] = list(application.topics.all())
        initial["privacy_consent"] = application.privacy_consent_at is not None
        initial["special_category_consent"] = application.special_category_consent_at is not None
        initial["reserve_consent"] = application.reserve_consent_at is not None
        return initial


def home_region_choices():
    """The Kreise after a prompt (instead of Django's "---------")."""
    return [("", _("– bitte wählen –")), *HomeRegion.choices]


# Once, on the class: as a callable the choices are copied with each form as they are, and read where needed (a
# list of 46 was deep-copied and then set again for every form, 0.1 ms of every post).
ApplicationForm.base_fields["home_region"].choices = home_region_choices


numbered = lazy(lambda label, number: str(label) % {"number": number}, str)


def level_choices():
    return [("", _("– bitte wählen –")), *Application.Level.choices]


class LanguageForm(CleanTextFormMixin, forms.Form):
    name = forms.CharField(label=_("Sprache"), max_length=60, required=False)
    level = forms.ChoiceField(label=_("Niveau"), choices=level_choices, required=False)  # callable: see home_region

    def __init__(self, *args, number=None, **kwargs):
        super().__init__(*args, **kwargs)
        if number:
            # Translated when shown (the page again with errors), not for every row of every post.
            self.fields["name"].label = numbered(_("Sprache %(number)s"), number)
            self.fields["level"].label = numbered(_("Niveau in Sprache %(number)s"), number)

    def clean(self):
        cleaned = super().clean()
        name, level = cleaned.get("name"), cleaned.get("level")
        if name and not level and "level" not in self.errors:
            self.add_error("level", _("Bitte wählen Sie, wie gut Sie diese Sprache sprechen."))
        if level and not name and "name" not in self.errors:
            self.add_error("name", _("Bitte nennen Sie die Sprache."))
        return cleaned


class BaseLanguageFormSet(forms.BaseFormSet):
    """A few rows of language and level; empty rows are ignored. Four rows at first, always one free."""

    ROWS = 4

    def __init__(self, *args, mode=SUBMIT, **kwargs):
        self.mode = mode
        super().__init__(*args, **kwargs)
        self.extra = max(1, self.ROWS - len(self.initial or []))

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "number": None if index is None else index + 1}

    def clean(self):
        if any(self.errors):
            return
        if self.mode == SUBMIT and not self.languages():
            raise forms.ValidationError(_("Bitte nennen Sie mindestens eine Sprache, die Sie sprechen."))

    def languages(self) -> list[tuple[str, str]]:
        return [
            (form.cleaned_data["name"], form.cleaned_data["level"])
            for form in self.forms
            if form.cleaned_data.get("name") and form.cleaned_data.get("level")
        ]


LanguageFormSet = forms.formset_factory(
    LanguageForm, formset=BaseLanguageFormSet, extra=4, max_num=10, absolute_max=10, validate_max=True
)


def initial_languages(application) -> list[dict]:
    return [{"name": lang.name, "level": lang.level} for lang in application.languages.all()]
