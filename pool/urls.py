from django.urls import path

from . import views

app_name = "pool"

urlpatterns = [
    path("ausschreibungen/", views.call_list, name="call_list"),
    path("ausschreibungen/<slug:slug>/", views.call_detail, name="call_detail"),
    path("ausschreibungen/<slug:slug>/bewerben/", views.application_create, name="application_create"),
    # Before the token patterns: a token always contains a colon, so it never reads "geloescht".
    path("bewerbung/geloescht/", views.application_erased, name="application_erased"),
    path("bewerbung/<str:token>/", views.application_detail, name="application_detail"),
    path("bewerbung/<str:token>/bearbeiten/", views.application_edit, name="application_edit"),
    path("bewerbung/<str:token>/zurueckziehen/", views.application_withdraw, name="application_withdraw"),
    path("bewerbung/<str:token>/nachrueckliste/", views.application_renew_reserve, name="application_renew_reserve"),
    path(
        "bewerbung/<str:token>/einwilligung-migrationsgeschichte/",
        views.application_withdraw_special_consent,
        name="application_withdraw_special_consent",
    ),
    path("bewerbung/<str:token>/daten/", views.application_export, name="application_export"),
    path("bewerbung/<str:token>/loeschen/", views.application_erase, name="application_erase"),
]
