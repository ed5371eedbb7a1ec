"""Home regions in Baden-Württemberg: its 35 Landkreise and 9 Stadtkreise, keyed by Kreisschlüssel.

Source: Destatis Gemeindeverzeichnis (GV100AD), Gebietsstand 31.08.2025. The full municipality directory is
imported by the consultations app; applications only need the district a person lives in.
"""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _


def _with_kind(template):
    # The kind of district is translated ("Biberach (district)" on English pages, found in the trial walk);
    # the place name stays as it is.
    return lazy(lambda name: gettext(template) % {"name": name}, str)


_landkreis = _with_kind(gettext_noop("%(name)s (Landkreis)"))
_stadtkreis = _with_kind(gettext_noop("%(name)s (Stadtkreis)"))


class HomeRegion(models.TextChoices):
    ALB_DONAU_KREIS = "08425", "Alb-Donau-Kreis"
    BADEN_BADEN_STADTKREIS = "08211", _stadtkreis("Baden-Baden")
    BIBERACH_LANDKREIS = "08426", _landkreis("Biberach")
    BOEBLINGEN_LANDKREIS = "08115", _landkreis("Böblingen")
    BODENSEEKREIS = "08435", "Bodenseekreis"
    BREISGAU_HOCHSCHWARZWALD_LANDKREIS = "08315", _landkreis("Breisgau-Hochschwarzwald")
    CALW_LANDKREIS = "08235", _landkreis("Calw")
    EMMENDINGEN_LANDKREIS = "08316", _landkreis("Emmendingen")
    ENZKREIS = "08236", "Enzkreis"
    ESSLINGEN_LANDKREIS = "08116", _landkreis("Esslingen")
    FREIBURG_IM_BREISGAU_STADTKREIS = "08311", _stadtkreis("Freiburg im Breisgau")
    FREUDENSTADT_LANDKREIS = "08237", _landkreis("Freudenstadt")
    GOEPPINGEN_LANDKREIS = "08117", _landkreis("Göppingen")
    HEIDELBERG_STADTKREIS = "08221", _stadtkreis("Heidelberg")
    HEIDENHEIM_LANDKREIS = "08135", _landkreis("Heidenheim")
    HEILBRONN_LANDKREIS = "08125", _landkreis("Heilbronn")
    HEILBRONN_STADTKREIS = "08121", _stadtkreis("Heilbronn")
    HOHENLOHEKREIS = "08126", "Hohenlohekreis"
    KARLSRUHE_LANDKREIS = "08215", _landkreis("Karlsruhe")
    KARLSRUHE_STADTKREIS = "08212", _stadtkreis("Karlsruhe")
    KONSTANZ_LANDKREIS = "08335", _landkreis("Konstanz")
    LOERRACH_LANDKREIS = "08336", _landkreis("Lörrach")
    LUDWIGSBURG_LANDKREIS = "08118", _landkreis("Ludwigsburg")
    MAIN_TAUBER_KREIS = "08128", "Main-Tauber-Kreis"
    MANNHEIM_STADTKREIS = "08222", _stadtkreis("Mannheim")
    NECKAR_ODENWALD_KREIS = "08225", "Neckar-Odenwald-Kreis"
    ORTENAUKREIS = "08317", "Ortenaukreis"
    OSTALBKREIS = "08136", "Ostalbkreis"
    PFORZHEIM_STADTKREIS = "08231", _stadtkreis("Pforzheim")
    RASTATT_LANDKREIS = "08216", _landkreis("Rastatt")
    RAVENSBURG_LANDKREIS = "08436", _landkreis("Ravensburg")
    REMS_MURR_KREIS = "08119", "Rems-Murr-Kreis"
    REUTLINGEN_LANDKREIS = "08415", _landkreis("Reutlingen")
    RHEIN_NECKAR_KREIS = "08226", "Rhein-Neckar-Kreis"
    ROTTWEIL_LANDKREIS = "08325", _landkreis("Rottweil")
    SCHWAEBISCH_HALL_LANDKREIS = "08127", _landkreis("Schwäbisch Hall")
    SCHWARZWALD_BAAR_KREIS = "08326", "Schwarzwald-Baar-Kreis"
    SIGMARINGEN_LANDKREIS = "08437", _landkreis("Sigmaringen")
    STUTTGART_STADTKREIS = "08111", _stadtkreis("Stuttgart")
    TUEBINGEN_LANDKREIS = "08416", _landkreis("Tübingen")
    TUTTLINGEN_LANDKREIS = "08327", _landkreis("Tuttlingen")
    ULM_STADTKREIS = "08421", _stadtkreis("Ulm")
    WALDSHUT_LANDKREIS = "08337", _landkreis("Waldshut")
    ZOLLERNALBKREIS = "08417", "Zollernalbkreis"
    OUTSIDE_BW = "00000", _("außerhalb Baden-Württembergs")


def region_label(key):
    """What `get_home_region_display()` shows: the Kreis's label in the active language, or the stored value
    itself when it is no Kreis (as Django's own does). Django's own builds a dict of all 45 choices on every
    call, and hashing the lazy labels translates each of them: 1,600 function calls for one label."""
    try:
        return str(HomeRegion(key).label)
    except ValueError:
        return key
