from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("impressum/", views.legal_page, {"template_name": "core/impressum.html"}, name="impressum"),
    path("datenschutz/", views.legal_page, {"template_name": "core/privacy.html"}, name="privacy"),
    path(
        "barrierefreiheit/",
        views.legal_page,
        {"template_name": "core/accessibility.html"},
        name="accessibility",
    ),
]
