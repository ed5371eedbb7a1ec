"""Choices shared by the models and the managers of consultations (one module, so neither imports the other)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Where a unit stands in the official directory (GV100AD Satzart)."""

    LAND = "land", _("Land")
    REGIERUNGSBEZIRK = "rb", _("Regierungsbezirk")
    REGION = "region", _("Region")
    KREIS = "kreis", _("Kreis")
    GEMEINDE = "gemeinde", _("Gemeinde")


class AreaType(models.TextChoices):
    """GV100AD Textkennzeichen (positions 123–124) of Kreise and Gemeinden; blank for the higher levels."""

    NONE = "", _("–")
    KREISFREIE_STADT = "41", _("Kreisfreie Stadt")
    STADTKREIS = "42", _("Stadtkreis")
    KREIS = "43", _("Kreis")
    LANDKREIS = "44", _("Landkreis")
    REGIONALVERBAND = "45", _("Regionalverband")
    MARKT = "60", _("Markt")
    KREISFREIE_STADT_GEMEINDE = "61", _("Kreisfreie Stadt (Gemeinde)")
    STADTKREIS_GEMEINDE = "62", _("Stadtkreis (Gemeinde)")
    STADT = "63", _("Stadt")
    GEMEINDE = "64", _("Kreisangehörige Gemeinde")
    GEMEINDEFREI_BEWOHNT = "65", _("Gemeindefreies Gebiet, bewohnt")
    GEMEINDEFREI_UNBEWOHNT = "66", _("Gemeindefreies Gebiet, unbewohnt")
    GROSSE_KREISSTADT = "67", _("Große Kreisstadt")


# Gemeindefreie Gebiete are Satzart-60 records but no municipality: nobody there can ask for advice.
UNINCORPORATED_TYPES = {AreaType.GEMEINDEFREI_BEWOHNT, AreaType.GEMEINDEFREI_UNBEWOHNT}
