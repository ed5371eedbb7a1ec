"""Home regions in Baden-Württemberg: its 35 Landkreise and 9 Stadtkreise, keyed by Kreisschlüssel.

Source: Destatis Gemeindeverzeichnis (GV100AD), Gebietsstand 31.08.2025. The full municipality directory is
imported by the consultations app; applications only need the district a person lives in.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HomeRegion(models.TextChoices):
    ALB_DONAU_KREIS = "08425", "Alb-Donau-Kreis"
    BADEN_BADEN_STADTKREIS = "08211", "Baden-Baden (Stadtkreis)"
    BIBERACH_LANDKREIS = "08426", "Biberach (Landkreis)"
    BOEBLINGEN_LANDKREIS = "08115", "Böblingen (Landkreis)"
    BODENSEEKREIS = "08435", "Bodenseekreis"
    BREISGAU_HOCHSCHWARZWALD_LANDKREIS = "08315", "Breisgau-Hochschwarzwald (Landkreis)"
    CALW_LANDKREIS = "08235", "Calw (Landkreis)"
    EMMENDINGEN_LANDKREIS = "08316", "Emmendingen (Landkreis)"
    ENZKREIS = "08236", "Enzkreis"
    ESSLINGEN_LANDKREIS = "08116", "Esslingen (Landkreis)"
    FREIBURG_IM_BREISGAU_STADTKREIS = "08311", "Freiburg im Breisgau (Stadtkreis)"
    FREUDENSTADT_LANDKREIS = "08237", "Freudenstadt (Landkreis)"
    GOEPPINGEN_LANDKREIS = "08117", "Göppingen (Landkreis)"
    HEIDELBERG_STADTKREIS = "08221", "Heidelberg (Stadtkreis)"
    HEIDENHEIM_LANDKREIS = "08135", "Heidenheim (Landkreis)"
    HEILBRONN_LANDKREIS = "08125", "Heilbronn (Landkreis)"
    HEILBRONN_STADTKREIS = "08121", "Heilbronn (Stadtkreis)"
    HOHENLOHEKREIS = "08126", "Hohenlohekreis"
    KARLSRUHE_LANDKREIS = "08215", "Karlsruhe (Landkreis)"
    KARLSRUHE_STADTKREIS = "08212", "Karlsruhe (Stadtkreis)"
    KONSTANZ_LANDKREIS = "08335", "Konstanz (Landkreis)"
    LOERRACH_LANDKREIS = "08336", "Lörrach (Landkreis)"
    LUDWIGSBURG_LANDKREIS = "08118", "Ludwigsburg (Landkreis)"
    MAIN_TAUBER_KREIS = "08128", "Main-Tauber-Kreis"
    MANNHEIM_STADTKREIS = "08222", "Mannheim (Stadtkreis)"
    NECKAR_ODENWALD_KREIS = "08225", "Neckar-Odenwald-Kreis"
    ORTENAUKREIS = "08317", "Ortenaukreis"
    OSTALBKREIS = "08136", "Ostalbkreis"
    PFORZHEIM_STADTKREIS = "08231", "Pforzheim (Stadtkreis)"
    RASTATT_LANDKREIS = "08216", "Rastatt (Landkreis)"
    RAVENSBURG_LANDKREIS = "08436", "Ravensburg (Landkreis)"
    REMS_MURR_KREIS = "08119", "Rems-Murr-Kreis"
    REUTLINGEN_LANDKREIS = "08415", "Reutlingen (Landkreis)"
    RHEIN_NECKAR_KREIS = "08226", "Rhein-Neckar-Kreis"
    ROTTWEIL_LANDKREIS = "08325", "Rottweil (Landkreis)"
    SCHWAEBISCH_HALL_LANDKREIS = "08127", "Schwäbisch Hall (Landkreis)"
    SCHWARZWALD_BAAR_KREIS = "08326", "Schwarzwald-Baar-Kreis"
    SIGMARINGEN_LANDKREIS = "08437", "Sigmaringen (Landkreis)"
    STUTTGART_STADTKREIS = "08111", "Stuttgart (Stadtkreis)"
    TUEBINGEN_LANDKREIS = "08416", "Tübingen (Landkreis)"
    TUTTLINGEN_LANDKREIS = "08327", "Tuttlingen (Landkreis)"
    ULM_STADTKREIS = "08421", "Ulm (Stadtkreis)"
    WALDSHUT_LANDKREIS = "08337", "Waldshut (Landkreis)"
    ZOLLERNALBKREIS = "08417", "Zollernalbkreis"
    OUTSIDE_BW = "00000", _("außerhalb Baden-Württembergs")
