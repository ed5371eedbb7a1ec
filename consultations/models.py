"""Consultations: the official municipality directory, requests from municipalities, matching and assignments."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import UNINCORPORATED_TYPES, AreaType, Level
from .managers import MunicipalityQuerySet


class Municipality(models.Model):
    """One unit of the Destatis directory GV100AD: a Land, Regierungsbezirk, Region, Kreis or Gemeinde.

    `key` is the unit's official key as a string with its leading zeros: 2 digits for a Land, 3 for a
    Regierungsbezirk, 4 for a Region (only Baden-Württemberg has them), 5 for a Kreis (the Kreisschlüssel) and
    8 for a Gemeinde (the AGS). The parent keys are stored beside it so that "same Kreis / Region /
    Regierungsbezirk" is a plain comparison. A unit that a later import no longer lists stays (requests point
    to it) with `in_directory` off.
    """

    key = models.CharField(_("Schlüssel"), max_length=8, unique=True)
    level = models.CharField(_("Ebene"), max_length=10, choices=Level.choices)
    area_type = models.CharField(_("Art"), max_length=2, choices=AreaType.choices, blank=True)
    name = models.CharField(_("amtlicher Name"), max_length=50)
    land_key = models.CharField(_("Land"), max_length=2, db_index=True)
    rb_key = models.CharField(_("Regierungsbezirk"), max_length=3, blank=True, db_index=True)
    region_key = models.CharField(_("Region"), max_length=4, blank=True, db_index=True)
    kreis_key = models.CharField(_("Kreis"), max_length=5, blank=True, db_index=True)
    population = models.PositiveIntegerField(_("Einwohner*innen"), null=True, blank=True)
    gebietsstand = models.DateField(_("Gebietsstand"))
    in_directory = models.BooleanField(_("im aktuellen Verzeichnis"), default=True)
    updated_at = models.DateTimeField(_("aktualisiert am"), auto_now=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Gebietseinheit")
        verbose_name_plural = _("Gemeindeverzeichnis")
        ordering = ["key"]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self):
        return f"{self.name} ({self.key})"

    @property
    def short_name(self) -> str:
        """The name without its official suffix: "Eberbach, Stadt" → "Eberbach"."""
        return self.name.split(",")[0].strip()

    @property
    def is_requestable(self) -> bool:
        """A Gemeinde, Stadt or Kreis may ask for advice; a gemeindefreies Gebiet has nobody who could."""
        if self.level == Level.KREIS:
            return True
        return self.level == Level.GEMEINDE and self.area_type not in UNINCORPORATED_TYPES


class MunicipalityChange(models.Model):
    """What an import changed on a unit: its name or type. Kept so a renamed municipality stays recognisable."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="changes")
    gebietsstand = models.DateField(_("Gebietsstand"))
    old_name = models.CharField(_("bisheriger Name"), max_length=50)
    new_name = models.CharField(_("neuer Name"), max_length=50)
    old_type = models.CharField(_("bisherige Art"), max_length=2, choices=AreaType.choices, blank=True)
    new_type = models.CharField(_("neue Art"), max_length=2, choices=AreaType.choices, blank=True)
    recorded_at = models.DateTimeField(_("eingelesen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Änderung im Gemeindeverzeichnis")
        verbose_name_plural = _("Änderungen im Gemeindeverzeichnis")
        ordering = ["municipality", "recorded_at"]

    def __str__(self):
        return f"{self.municipality.key}: {self.old_name} → {self.new_name}"
