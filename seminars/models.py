"""The six-seminar qualification: curriculum, seminar dates, invitations, attendance, make-ups, certificates."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pool.models import Advisor, Call

from .managers import AttendanceQuerySet, InvitationQuerySet, QualificationQuerySet, SeminarQuerySet
from .states import AttendanceState, InvitationStatus


class Curriculum(models.Model):
    """The qualification of one cohort: the advisors selected from `call` follow its modules and rule."""

    call = models.OneToOneField(Call, on_delete=models.PROTECT, related_name="curriculum", verbose_name=_("Jahrgang"))
    programme = models.CharField(
        _("Programm (für das Zertifikat)"), max_length=200, default="MiGlobe – Qualifizierung zur Berater*in"
    )
    # The rule: how many modules must be done (attended or made up); empty means every module.
    required_modules = models.PositiveSmallIntegerField(
        _("Nötige Module"),
        null=True,
        blank=True,
        help_text=_("Leer: alle Module müssen besucht oder nachgeholt sein."),
    )
    partly_counts = models.BooleanField(
        _("Teilweise Teilnahme zählt"),
        default=False,
        help_text=_("Ob ein Modul, an dem jemand nur teilweise teilgenommen hat, als besucht gilt."),
    )

    class Meta:
        verbose_name = _("Curriculum")
        verbose_name_plural = _("Curricula")

    def __str__(self):
        return str(self.call)

    def needed(self, module_count):
        return min(self.required_modules, module_count) if self.required_modules else module_count


class Module(models.Model):
    """One module of the curriculum. `title` and `learning_goals` are written in German and English
    (seminars/translation.py): reading them gives the active language, falling back to German."""

    curriculum = models.ForeignKey(
        Curriculum, on_delete=models.CASCADE, related_name="modules", verbose_name=_("Curriculum")
    )
    number = models.PositiveSmallIntegerField(_("Nummer"), validators=[MinValueValidator(1), MaxValueValidator(20)])
    title = models.CharField(_("Titel"), max_length=200)
    learning_goals = models.TextField(_("Lernziele"), blank=True)

    class Meta:
        verbose_name = _("Modul")
        verbose_name_plural = _("Module")
        ordering = ["curriculum", "number"]
        constraints = [models.UniqueConstraint(fields=["curriculum", "number"], name="module_number_once")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Seminar(models.Model):
    """A dated event of a cohort: one module's weekend seminar, or an exchange meeting (no module)."""

    public_id = models.UUIDField(_("öffentliche Kennung"), default=uuid.uuid4, unique=True, editable=False)
    curriculum = models.ForeignKey(
        Curriculum, on_delete=models.PROTECT, related_name="seminars", verbose_name=_("Curriculum")
    )
    module = models.ForeignKey(
        Module,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seminars",
        verbose_name=_("Modul"),
        help_text=_("Leer: ein Austauschtreffen, das nicht zur Qualifizierung zählt."),
    )
    title = models.CharField(_("Titel"), max_length=200, blank=True, help_text=_("Leer: der Titel des Moduls."))
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    venue = models.CharField(_("Ort"), max_length=200)
    address = models.TextField(_("Adresse"))
    capacity = models.PositiveSmallIntegerField(_("Plätze"), validators=[MinValueValidator(1)])
    trainers = models.CharField(_("Trainer*innen"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = SeminarQuerySet.as_manager()

    class Meta:
        verbose_name = _("Seminar")
        verbose_name_plural = _("Seminare")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="seminar_ends_after"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="seminar_has_places"),
        ]

    def __str__(self):
        return self.display_title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende muss nach dem Beginn liegen.")})
        if self.module_id and self.curriculum_id and self.module.curriculum_id != self.curriculum_id:
            raise ValidationError({"module": _("Das Modul gehört zu einem anderen Curriculum.")})

    @property
    def is_exchange(self):
        return self.module_id is None

    @property
    def display_title(self):
        if self.title:
            return self.title
        if self.module_id:
            return str(self.module)
        return str(_("Austauschtreffen"))


def material_path(instance, filename):
    # A random name: the uploader's file name never reaches the disk; it is kept in the row for downloads.
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"seminars/materials/{uuid.uuid4().hex}.{suffix}"


class Material(models.Model):
    """A file for the seminar's participants, in private storage; only views that check access serve it."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="materials", verbose_name=_("Seminar"))
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei"), upload_to=material_path)
    original_name = models.CharField(_("Dateiname"), max_length=200, editable=False)
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Material")
        verbose_name_plural = _("Materialien")
        ordering = ["seminar", "title"]

    def __str__(self):
        return self.title


class Invitation(models.Model):
    """One advisor invited to one seminar, and their answer. `waitlisted_at` orders the waiting list."""

    seminar = models.ForeignKey(
        Seminar, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("Seminar")
    )
    advisor = models.ForeignKey(
        Advisor, on_delete=models.CASCADE, related_name="seminar_invitations", verbose_name=_("Berater*in")
    )
    status = models.CharField(
        _("Antwort"), max_length=12, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    note = models.TextField(_("Anmerkung"), blank=True)
    invited_at = models.DateTimeField(_("eingeladen am"))
    answered_at = models.DateTimeField(_("geantwortet am"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("auf der Warteliste seit"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["seminar", "advisor__last_name", "advisor__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["seminar", "advisor"], name="invitation_once"),
            models.CheckConstraint(
                condition=~models.Q(status=InvitationStatus.WAITLISTED) | models.Q(waitlisted_at__isnull=False),
                name="waitlisted_has_moment",
            ),
        ]

    def __str__(self):
        return f"{self.seminar} – {self.advisor}"


class Attendance(models.Model):
    seminar = models.ForeignKey(
        Seminar, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("Seminar")
    )
    advisor = models.ForeignKey(
        Advisor, on_delete=models.CASCADE, related_name="seminar_attendances", verbose_name=_("Berater*in")
    )
    state = models.CharField(_("Teilnahme"), max_length=10, choices=AttendanceState.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("erfasst von")
    )
    recorded_at = models.DateTimeField(_("erfasst am"))

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = [models.UniqueConstraint(fields=["seminar", "advisor"], name="attendance_once")]

    def __str__(self):
        return f"{self.seminar} – {self.advisor}: {self.get_state_display()}"


class CatchUp(models.Model):
    """A module made up individually (reading, a talk with a trainer), recorded by staff."""

    advisor = models.ForeignKey(
        Advisor, on_delete=models.CASCADE, related_name="catch_ups", verbose_name=_("Berater*in")
    )
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="catch_ups", verbose_name=_("Modul"))
    done_on = models.DateField(_("nachgeholt am"))
    note = models.TextField(_("Notiz"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("erfasst von")
    )
    recorded_at = models.DateTimeField(_("erfasst am"))

    class Meta:
        verbose_name = _("Individuelle Nachholung")
        verbose_name_plural = _("Individuelle Nachholungen")
        ordering = ["done_on"]
        constraints = [models.UniqueConstraint(fields=["advisor", "module"], name="catch_up_once")]

    def __str__(self):
        return f"{self.advisor} – {self.module}"


def verification_code():
    # 12 characters from an alphabet without look-alikes (0/O, 1/I/L): typed by hand from paper.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


class Qualification(models.Model):
    """The moment the rule was first met, and the certificate's verification code.

    Withdrawn attendance that breaks the rule sets `revoked_at`; meeting it again clears it with a new moment.
    """

    advisor = models.OneToOneField(
        Advisor, on_delete=models.CASCADE, related_name="qualification", verbose_name=_("Berater*in")
    )
    curriculum = models.ForeignKey(
        Curriculum, on_delete=models.PROTECT, related_name="qualifications", verbose_name=_("Curriculum")
    )
    qualified_at = models.DateTimeField(_("qualifiziert am"))
    revoked_at = models.DateTimeField(_("aufgehoben am"), null=True, blank=True)
    code = models.CharField(_("Prüfcode"), max_length=14, unique=True, default=verification_code)

    objects = QualificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Qualifizierung")
        verbose_name_plural = _("Qualifizierungen")

    def __str__(self):
        return self.code

    @property
    def is_valid(self):
        return self.revoked_at is None


class CalendarFeed(models.Model):
    """The key inside an advisor's signed feed URL. A new key revokes every URL handed out before."""

    advisor = models.OneToOneField(
        Advisor, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("Berater*in")
    )
    key = models.CharField(_("Schlüssel"), max_length=64, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(_("zuletzt erneuert am"), auto_now=True)

    class Meta:
        verbose_name = _("Kalender-Abo")
        verbose_name_plural = _("Kalender-Abos")

    def __str__(self):
        return f"{self.advisor_id}"
