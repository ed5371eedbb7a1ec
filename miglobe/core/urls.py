from django.urls import path

from . import views

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
    path(
        "barrierefreiheit/",
        views.legal_page,
        {"template_name": "core/accessibility.html"},
        name="accessibility",
    ),
]
