"""Calls for applications, applications, reviews and the advisors selected from them."""

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AdvisorStatus, ApplicationStatus
from .managers import AdvisorQuerySet, ApplicationQuerySet, CallQuerySet, DuplicateFlagQuerySet, ReviewQuerySet
from .regions import HomeRegion, region_label


class Call(models.Model):
    """A call for applications ("Ausschreibung"). Its window is a pair of aware moments (Europe/Berlin)."""

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), unique=True)
    description = models.TextField(_("Beschreibung"))
    eligibility = models.TextField(_("Wer kann sich bewerben"))
    work_description = models.TextField(_("Was die Tätigkeit umfasst"), help_text=_("Seminare, Beratungen, Honorar"))
    opens_at = models.DateTimeField(_("Beginn der Bewerbungsfrist"))
    closes_at = models.DateTimeField(_("Ende der Bewerbungsfrist"))
    pool_size = models.PositiveSmallIntegerField(_("Größe des Pools"), default=18)
    reference_prefix = models.CharField(_("Präfix der Bewerbungsnummern"), max_length=8, default="MG")
    reserve_consent_months = models.PositiveSmallIntegerField(
        _("Gültigkeit der Einwilligung zur Nachrückliste (Monate)"), default=12
    )
    retention_months = models.PositiveSmallIntegerField(
        _("Löschung abgelehnter und zurückgezogener Bewerbungen nach (Monaten)"), default=6
    )
    draft_retention_days = models.PositiveSmallIntegerField(
        _("Löschung nie abgeschickter Entwürfe nach Fristende (Tage)"), default=30
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Mitglieder des Auswahlgremiums"),
        blank=True,
        related_name="reviewed_calls",
        help_text=_("Diese Personen sehen die Bewerbungen dieser Ausschreibung und bewerten sie."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ausschreibung")
        verbose_name_plural = _("Ausschreibungen")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_window_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pool:call_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Das Ende der Frist muss nach ihrem Beginn liegen.")})

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_opened(self, now=None):
        return (now or timezone.now()) >= self.opens_at

    def time_left(self, now=None):
        return self.closes_at - (now or timezone.now())

    def reserve_consent_end(self, start):
        """Until when a consent to the reserve list given at `start` holds."""
        return start + relativedelta(months=self.reserve_consent_months)

    def countdown_visible(self, now=None):
        """The countdown shows in the last days only; earlier it would only create pressure."""
        return self.is_open(now) and self.time_left(now) <= timedelta(days=7)


class ReferenceSequence(models.Model):
    """The last number given per prefix and year ("MG-2027"), so reference numbers never repeat across calls."""

    key = models.CharField(_("Präfix und Jahr"), max_length=20, unique=True)
    last_number = models.PositiveIntegerField(_("zuletzt vergebene Nummer"), default=0)

    class Meta:
        verbose_name = _("Nummernkreis")
        verbose_name_plural = _("Nummernkreise")

    def __str__(self):
        return f"{self.key}-{self.last_number:04d}"


class SelectionCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("Ausschreibung"))
    name = models.CharField(_("Kriterium"), max_length=200)
    description = models.TextField(_("Erläuterung"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("Gewicht"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Auswahlkriterium")
        verbose_name_plural = _("Auswahlkriterien")
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(weight__gte=1), name="criterion_weight_positive")]

    def __str__(self):
        return f"{self.name} (×{self.weight})"


class Topic(models.Model):
    """A field of development policy an applicant works in (Agenda 2030, fair trade, …).

    `name` is translated like the call texts (pool/translation.py: `name_de`, `name_en`)."""

    name = models.CharField(_("Bezeichnung"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Themenfeld")
        verbose_name_plural = _("Themenfelder")
        ordering = ["position", "name"]

    def __str__(self):
        # Data that staff maintain, so the two names live in the row (modeltranslation), not in the .po files.
        return self.name


def cv_upload_path(instance, filename):
    # A random name: the applicant's file name (and any path characters in it) never reaches the disk.
    extension = ".pdf" if filename.lower().endswith(".pdf") else ".docx"
    return f"cv/{uuid.uuid4().hex}{extension}"


class Application(models.Model):
    Status = ApplicationStatus

    # Allowed moves; services enforce them under a row lock. Drafts become "submitted" only by submitting.
    TRANSITIONS = {
        Status.SUBMITTED: {Status.IN_REVIEW, Status.SHORTLISTED, Status.REJECTED, Status.WITHDRAWN},
        Status.IN_REVIEW: {Status.SHORTLISTED, Status.REJECTED, Status.WITHDRAWN},
        Status.SHORTLISTED: {
            Status.INTERVIEW,
            Status.SELECTED,
            Status.RESERVE,
            Status.REJECTED,
            Status.WITHDRAWN,
        },
        Status.INTERVIEW: {Status.SELECTED, Status.RESERVE, Status.REJECTED, Status.WITHDRAWN},
        Status.RESERVE: {Status.SELECTED, Status.REJECTED, Status.WITHDRAWN},
    }
    DECIDED = {Status.SELECTED, Status.RESERVE, Status.REJECTED}
    OPEN_FOR_REVIEW = {Status.SUBMITTED, Status.IN_REVIEW, Status.SHORTLISTED, Status.INTERVIEW}
    IN_SELECTION = OPEN_FOR_REVIEW | {Status.SELECTED, Status.RESERVE}  # what the ranking compares

    class Level(models.TextChoices):
        BASIC = "basic", _("Grundkenntnisse")
        GOOD = "good", _("gut")
        FLUENT = "fluent", _("fließend")
        NATIVE = "native", _("Muttersprache")

    public_id = models.UUIDField(_("öffentliche Kennung"), default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("Ausschreibung")
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    reference = models.CharField(_("Bewerbungsnummer"), max_length=20, unique=True, null=True, blank=True)
    language = models.CharField(_("Sprache für E-Mails"), max_length=8, choices=settings.LANGUAGES, default="de")

    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    email = models.EmailField(_("E-Mail-Adresse"))
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    home_region = models.CharField(_("Wohnort (Kreis)"), max_length=5, choices=HomeRegion.choices, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("Themenfelder"), blank=True, related_name="applications")
    expertise_regions = models.TextField(_("Länder und Regionen, die Sie gut kennen"), blank=True)
    engagement = models.TextField(_("Engagement und Organisationen"), blank=True)
    municipal_experience = models.TextField(_("Erfahrung mit Kommunalverwaltungen"), blank=True)
    motivation = models.TextField(_("Motivation"), blank=True)
    availability_days = models.PositiveSmallIntegerField(
        _("Verfügbarkeit (Tage pro Monat)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    cv = models.FileField(_("Lebenslauf"), upload_to=cv_upload_path, blank=True)
    cv_original_name = models.CharField(_("Dateiname des Lebenslaufs"), max_length=200, blank=True)

    privacy_consent_at = models.DateTimeField(_("Einwilligung Datenschutz am"), null=True, blank=True)
    # Art. 9 DSGVO: stored only with its own explicit consent; visible only with pool.view_special_category.
    special_category_consent_at = models.DateTimeField(_("Einwilligung besondere Kategorien am"), null=True, blank=True)
    migration_background = models.TextField(_("Migrationsgeschichte (Selbstbeschreibung)"), blank=True)
    reserve_consent_at = models.DateTimeField(_("Einwilligung Nachrückliste am"), null=True, blank=True)
    reserve_until = models.DateTimeField(_("auf der Nachrückliste bis"), null=True, blank=True)

    # Keys for duplicate detection, derived in duplicates.refresh_keys() on every save of personal data.
    email_key = models.CharField(
        _("E-Mail-Adresse (normalisiert)"), max_length=254, blank=True, db_index=True, editable=False
    )
    phone_key = models.CharField(_("Telefon (normalisiert)"), max_length=20, blank=True, db_index=True, editable=False)
    name_key = models.CharField(_("Name (normalisiert)"), max_length=200, blank=True, db_index=True, editable=False)
    # The look for duplicates runs in the worker after the submission commits (services.check_duplicates);
    # empty until it ran, so the sweep finds a submission whose task was lost.
    duplicates_checked_at = models.DateTimeField(_("auf Dubletten geprüft am"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decision_sent_at = models.DateTimeField(_("Entscheidung mitgeteilt am"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bewerbung")
        verbose_name_plural = _("Bewerbungen")
        ordering = ["-submitted_at", "-created_at"]
        # The staff list pages through the newest first and filters by status and Kreis (docs/benchmarks.md).
        indexes = [
            models.Index(fields=["-submitted_at", "-created_at", "-id"], name="pool_application_list_idx"),
            models.Index(fields=["status"], name="pool_application_status_idx"),
            models.Index(fields=["home_region"], name="pool_application_region_idx"),
            # The sweep's question, "submitted but not yet checked for duplicates", on a handful of rows.
            models.Index(
                fields=["submitted_at"],
                condition=models.Q(submitted_at__isnull=False, duplicates_checked_at__isnull=True),
                name="pool_application_unchecked_idx",
            ),
        ]
        permissions = [
            ("view_special_category", _("Kann Angaben zur Migrationsgeschichte sehen")),
            ("download_cv", _("Kann Lebensläufe herunterladen")),
            ("decide_application", _("Kann Bewerbungen entscheiden")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(migration_background="") | models.Q(special_category_consent_at__isnull=False),
                name="special_category_needs_consent",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ApplicationStatus.DRAFT)
                | models.Q(reference__isnull=False, submitted_at__isnull=False),
                name="submitted_has_reference",
            ),
        ]

    def __str__(self):
        # Never the person's name: this text ends up in admin history and logs, which outlive an erasure.
        return self.reference or _("Entwurf #%(number)s") % {"number": self.pk}

    def get_home_region_display(self):
        return region_label(self.home_region)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def cv_download_name(self):
        """The name the CV is downloaded under: as the applicant sent it, else the reference and the suffix."""
        if self.cv_original_name:
            return self.cv_original_name
        return f"{self.reference}{PurePosixPath(self.cv.name).suffix}"

    @property
    def public_status(self):
        """The status as the applicant sees it: a decision counts for them only once its email has been sent
        (staff may still correct it before); until then the application is still being processed."""
        if self.status in self.DECIDED and self.decision_sent_at is None:
            return self.Status.IN_REVIEW
        return self.Status(self.status)

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_decided(self):
        return self.status in self.DECIDED

    @property
    def can_be_withdrawn(self):
        return self.Status.WITHDRAWN in self.TRANSITIONS.get(self.status, set())

    def can_move_to(self, status):
        return status in self.TRANSITIONS.get(self.status, set())


def level_label(level: str) -> str:
    """A language level's label, as `get_level_display()` gives it (a value no longer among the choices as it is
    stored) – without building a dict of every choice, which translates every label, for each language shown."""
    try:
        return str(Application.Level(level).label)
    except ValueError:
        return level


class ApplicationLanguage(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="languages", verbose_name=_("Bewerbung")
    )
    name = models.CharField(_("Sprache"), max_length=60)
    level = models.CharField(_("Niveau"), max_length=10, choices=Application.Level.choices)

    class Meta:
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")
        ordering = ["id"]
        # The application list's language filter walks this index (pool.admin.filters).
        indexes = [models.Index(fields=["name"], name="pool_language_name_idx")]

    def __str__(self):
        return f"{self.name} ({level_label(self.level)})"


class StatusChange(models.Model):
    """The history beside the current status: who moved an application from where to where, and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("Bewerbung")
    )
    from_status = models.CharField(_("von"), max_length=20, choices=Application.Status.choices)
    to_status = models.CharField(_("nach"), max_length=20, choices=Application.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("durch")
    )
    reason = models.TextField(_("Begründung"), blank=True)
    changed_at = models.DateTimeField(_("am"), default=timezone.now)

    class Meta:
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class PendingUpload(models.Model):
    """A CV that passed the checks on a form that failed for another reason, so it need not be chosen again."""

    file = models.FileField(_("Datei"), upload_to=cv_upload_path)
    original_name = models.CharField(_("ursprünglicher Dateiname"), max_length=200)
    created_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("zwischengespeicherter Lebenslauf")
        verbose_name_plural = _("zwischengespeicherte Lebensläufe")

    def __str__(self):
        return self.original_name


class DuplicateFlag(models.Model):
    """Two applications that probably come from the same person. Staff decide; nothing merges by itself."""

    class Reason(models.TextChoices):
        EMAIL = "email", _("gleiche E-Mail-Adresse")
        PHONE = "phone", _("gleiche Telefonnummer")
        NAME = "name", _("gleicher Name")
        SIMILAR_NAME = "similar_name", _("ähnlicher Name")
        OTHER_CALL = "other_call", _("Bewerbung auf eine andere Ausschreibung")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="duplicate_flags", verbose_name=_("Bewerbung")
    )
    other = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("mögliche Dublette")
    )
    reasons = models.CharField(_("Gründe"), max_length=60)
    created_at = models.DateTimeField(_("erkannt am"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("geklärt am"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("geklärt von")
    )

    objects = DuplicateFlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mögliche Dublette")
        verbose_name_plural = _("Mögliche Dubletten")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["application", "other"], name="one_flag_per_pair")]

    def __str__(self):
        return f"{self.application} ~ {self.other}"

    def reason_labels(self):
        return ", ".join(str(self.Reason(code).label) for code in self.reasons.split(",") if code)


class NameCode(models.Model):
    """A phonetic code of one word of a submitted application's name (`pool.duplicates`): the indexed blocking
    key that finds look-alike names (Mohammed/Muhammad, a dropped middle name) without reading every
    application. Derived data: rewritten on every submission, erased with the application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="name_codes", verbose_name=_("Bewerbung")
    )
    code = models.CharField(_("Code"), max_length=40, db_index=True)

    class Meta:
        verbose_name = _("Namenscode")
        verbose_name_plural = _("Namenscodes")
        constraints = [models.UniqueConstraint(fields=["application", "code"], name="one_name_code_per_application")]

    def __str__(self):
        return self.code


class Review(models.Model):
    class Recommendation(models.TextChoices):
        SELECT = "select", _("auswählen")
        RESERVE = "reserve", _("Nachrückliste")
        REJECT = "reject", _("ablehnen")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("Bewerbung")
    )
    # A panel member's account may be deleted later; their scores stay part of the ranking.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reviews",
        verbose_name=_("Mitglied des Auswahlgremiums"),
    )
    conflict_of_interest = models.BooleanField(_("Interessenkonflikt"), default=False)
    recommendation = models.CharField(_("Empfehlung"), max_length=10, choices=Recommendation.choices, blank=True)
    comment = models.TextField(_("Kommentar"), blank=True)
    submitted_at = models.DateTimeField(_("abgegeben am"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_per_reviewer")]

    def __str__(self):
        return f"{self.application} – {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("Bewertung"))
    criterion = models.ForeignKey(
        SelectionCriterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("Kriterium")
    )
    value = models.PositiveSmallIntegerField(_("Punkte"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("Punktzahl")
        verbose_name_plural = _("Punktzahlen")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="score_between_1_and_5"),
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.value}"


def photo_upload_path(instance, filename):
    # A random name in the private storage: the file's own name never reaches the disk.
    return f"advisor-photos/{uuid.uuid4().hex}.jpg"


class Advisor(models.Model):
    """A member of the pool, linked to the application they came from (if any) and to their login.

    The profile fields are kept by the advisor in the portal. Each `public_*` flag is the advisor's own
    consent that this field appears in the public directory; without it the field never leaves the portal.
    """

    Status = AdvisorStatus

    # Allowed moves; roster_services enforce them under a row lock. "Back to qualification" is the
    # seminars app revoking a qualification; leaving is final (a returning person is added anew).
    TRANSITIONS = {
        Status.IN_QUALIFICATION: {Status.QUALIFIED, Status.PAUSED, Status.LEFT},
        Status.QUALIFIED: {Status.ACTIVE, Status.PAUSED, Status.LEFT, Status.IN_QUALIFICATION},
        Status.ACTIVE: {Status.QUALIFIED, Status.PAUSED, Status.LEFT, Status.IN_QUALIFICATION},
        Status.PAUSED: {Status.IN_QUALIFICATION, Status.QUALIFIED, Status.ACTIVE, Status.LEFT},
    }
    # THE predicate "may be assigned to a municipality" (see managers.AdvisorQuerySet.assignable).
    ASSIGNABLE = (Status.QUALIFIED, Status.ACTIVE)

    # Profile fields the advisor may show in the public directory, each behind its own consent flag.
    DIRECTORY_FIELDS = (
        "photo",
        "bio",
        "topics",
        "languages",
        "expertise_regions",
        "home_region",
        "email",
        "phone",
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advisor",
        verbose_name=_("Benutzerkonto"),
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advisor",
        verbose_name=_("Bewerbung"),
    )
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="advisors", verbose_name=_("Ausschreibung"))
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    email = models.EmailField(_("E-Mail-Adresse"))
    language = models.CharField(_("Sprache für E-Mails"), max_length=8, choices=settings.LANGUAGES, default="de")
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.IN_QUALIFICATION)

    # Membership over time; the full history is in AdvisorStatusChange and AdvisorPause.
    joined_at = models.DateTimeField(_("aufgenommen am"), default=timezone.now)
    qualified_at = models.DateTimeField(_("qualifiziert am"), null=True, blank=True)
    left_at = models.DateTimeField(_("ausgeschieden am"), null=True, blank=True)
    leave_reason = models.TextField(_("Grund des Ausscheidens"), blank=True)

    # Profile, kept by the advisor.
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("Themenfelder"), blank=True, related_name="advisors")
    expertise_regions = models.TextField(_("Länder und Regionen, die Sie gut kennen"), blank=True)
    home_region = models.CharField(_("Wohnort (Kreis)"), max_length=5, choices=HomeRegion.choices, blank=True)
    availability_days = models.PositiveSmallIntegerField(
        _("Verfügbarkeit (Tage pro Monat)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
    )
    bio = models.TextField(_("Kurzbiografie"), blank=True)
    bio_en = models.TextField(_("Kurzbiografie (englisch)"), blank=True)
    photo = models.FileField(_("Foto"), upload_to=photo_upload_path, blank=True)

    # The advisor's consent to show themselves (name) and each field in the public directory.
    public_listing = models.BooleanField(_("im öffentlichen Verzeichnis erscheinen (mit Namen)"), default=False)
    public_photo = models.BooleanField(_("Foto öffentlich zeigen"), default=False)
    public_bio = models.BooleanField(_("Kurzbiografie öffentlich zeigen"), default=False)
    public_topics = models.BooleanField(_("Themenfelder öffentlich zeigen"), default=False)
    public_languages = models.BooleanField(_("Sprachen öffentlich zeigen"), default=False)
    public_expertise_regions = models.BooleanField(_("Länder und Regionen öffentlich zeigen"), default=False)
    public_home_region = models.BooleanField(_("Wohnort (Kreis) öffentlich zeigen"), default=False)
    public_email = models.BooleanField(_("E-Mail-Adresse öffentlich zeigen"), default=False)
    public_phone = models.BooleanField(_("Telefon öffentlich zeigen"), default=False)

    # The invitation to set a password. The key is replaced on every sending and cleared when used,
    # so a link works once and an earlier link stops working when staff send a new one.
    invitation_key = models.UUIDField(_("Einladungsschlüssel"), null=True, blank=True, unique=True, editable=False)
    invitation_sent_at = models.DateTimeField(_("eingeladen am"), null=True, blank=True)
    invitation_accepted_at = models.DateTimeField(_("Einladung angenommen am"), null=True, blank=True)

    # Updated (at most hourly) by the portal: the roster's inactivity flag needs more than the last login.
    last_activity_at = models.DateTimeField(_("zuletzt aktiv am"), null=True, blank=True)
    erased_at = models.DateTimeField(_("Daten gelöscht am"), null=True, blank=True)

    objects = AdvisorQuerySet.as_manager()

    class Meta:
        verbose_name = _("Berater*in")
        verbose_name_plural = _("Berater*innen")
        ordering = ["last_name", "first_name"]
        permissions = [("erase_advisor", _("Kann Daten ehemaliger Berater*innen löschen"))]

    def __str__(self):
        if self.erased_at:
            return _("Berater*in #%(number)s (gelöscht)") % {"number": self.pk}
        return f"{self.first_name} {self.last_name}"

    def get_home_region_display(self):
        return region_label(self.home_region)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def audit_label(self):
        # The audit trail outlives an erasure, so it names the advisor by number, never by name.
        return f"B-{self.pk:04d}"

    @property
    def is_assignable(self):
        return self.status in self.ASSIGNABLE

    @property
    def has_left(self):
        return self.status == self.Status.LEFT

    @property
    def is_qualified(self):
        return self.qualified_at is not None

    def get_status_display(self):
        # Django's own builds a dict from every status's lazy label on each call, translating all of them: the
        # roster shows it for each advisor (issue #13). The enum finds the one label.
        return AdvisorStatus(self.status).label if self.status in AdvisorStatus.values else self.status

    def can_move_to(self, status):
        return status in self.TRANSITIONS.get(self.status, set())

    def public_fields(self):
        """The names of the fields the advisor currently agrees to show (empty unless listed at all)."""
        if not self.public_listing:
            return set()
        return {name for name in self.DIRECTORY_FIELDS if getattr(self, f"public_{name}")}


class AdvisorLanguage(models.Model):
    advisor = models.ForeignKey(
        Advisor, on_delete=models.CASCADE, related_name="languages", verbose_name=_("Berater*in")
    )
    name = models.CharField(_("Sprache"), max_length=60)
    level = models.CharField(_("Niveau"), max_length=10, choices=Application.Level.choices)

    class Meta:
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")
        ordering = ["id"]

    def __str__(self):
        return f"{self.name} ({level_label(self.level)})"


class Absence(models.Model):
    """A period the advisor is away (holiday, illness): matching leaves them out for these days."""

    advisor = models.ForeignKey(
        Advisor, on_delete=models.CASCADE, related_name="absences", verbose_name=_("Berater*in")
    )
    starts_on = models.DateField(_("von"))
    ends_on = models.DateField(_("bis"))

    class Meta:
        verbose_name = _("Abwesenheit")
        verbose_name_plural = _("Abwesenheiten")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="absence_order"),
        ]

    def __str__(self):
        return f"{self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"


class AdvisorPause(models.Model):
    """A pause of the membership decided with staff (from–to). An open end means: until resumed."""

    advisor = models.ForeignKey(Advisor, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("Berater*in"))
    starts_on = models.DateField(_("pausiert ab"))
    ends_on = models.DateField(_("pausiert bis"), null=True, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)

    class Meta:
        verbose_name = _("Pause")
        verbose_name_plural = _("Pausen")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="pause_order",
            ),
        ]

    def __str__(self):
        end = f"{self.ends_on:%d.%m.%Y}" if self.ends_on else "…"
        return f"{self.starts_on:%d.%m.%Y}–{end}"


class AdvisorStatusChange(models.Model):
    """The history beside the advisor's current status: who moved it from where to where, and why."""

    advisor = models.ForeignKey(
        Advisor, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("Berater*in")
    )
    from_status = models.CharField(_("von"), max_length=20, choices=Advisor.Status.choices, blank=True)
    to_status = models.CharField(_("nach"), max_length=20, choices=Advisor.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("durch")
    )
    reason = models.TextField(_("Begründung"), blank=True)
    changed_at = models.DateTimeField(_("am"), default=timezone.now)

    class Meta:
        verbose_name = _("Statusänderung (Pool)")
        verbose_name_plural = _("Statusänderungen (Pool)")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ErasureLog(models.Model):
    """What the retention job or a data subject erased: counts and reference numbers, never personal data."""

    class Kind(models.TextChoices):
        RETENTION = "retention", _("Löschfrist abgelaufen")
        DRAFT_RETENTION = "draft_retention", _("Entwurf nie abgeschickt")
        REQUEST = "request", _("auf Wunsch der Person")
        ADVISOR_RETENTION = "advisor_retention", _("Berater*in: Aufbewahrungsfrist abgelaufen")
        ADVISOR_REQUEST = "advisor_request", _("Berater*in: auf Wunsch der Person")

    kind = models.CharField(_("Anlass"), max_length=20, choices=Kind.choices)
    count = models.PositiveIntegerField(_("Anzahl"))
    references = models.JSONField(_("Bewerbungsnummern"), default=list, blank=True)
    erased_at = models.DateTimeField(_("gelöscht am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Löschprotokoll")
        verbose_name_plural = _("Löschprotokoll")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.count}"
