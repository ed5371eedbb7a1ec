from django.urls import path

from . import two_factor_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("impressum/", views.legal_page, {"template_name": "core/impressum.html"}, name="impressum"),
    path("datenschutz/", views.legal_page, {"template_name": "core/privacy.html"}, name="privacy"),
    # Private links: the key arrives in the query string (never in a path that access logs keep) and is
    # exchanged for the session at once.
    path("zugang/<str:name>/", views.private_link, name="private_link"),
    path("zugang/<str:name>/neu/", views.private_link_new, name="private_link_new"),
    path("zugang/<str:name>/abgelaufen/", views.private_link_new, {"expired": True}, name="private_link_expired"),
    # Staff's second factor; under one prefix, which the middleware lets through before the code is given.
    path("konto/zwei-faktor/code/", two_factor_views.verify, name="two_factor_verify"),
    path("konto/zwei-faktor/einrichten/", two_factor_views.enrol, name="two_factor_enrol"),
    path("konto/zwei-faktor/notfallcodes/", two_factor_views.backup_codes, name="two_factor_backup_codes"),
    path("konto/zwei-faktor/zuruecksetzen/<int:user_id>/", two_factor_views.reset, name="two_factor_reset"),
    path(
        "barrierefreiheit/",
        views.legal_page,
        {"template_name": "core/accessibility.html"},
        name="accessibility",
    ),
]
