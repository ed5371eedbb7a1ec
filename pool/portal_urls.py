"""The advisor portal under /portal/ (namespace "portal"); other apps add sections, not URLs, here."""

from django.urls import path

from . import portal_views

app_name = "portal"

urlpatterns = [
    path("", portal_views.portal_home, name="home"),
    path("einladung/<uuid:key>/", portal_views.invitation, name="invitation"),
    path("profil/", portal_views.profile, name="profile"),
    path("profil/foto/", portal_views.own_photo, name="own_photo"),
    path("profil/abwesenheiten/", portal_views.absence_add, name="absence_add"),
    path("profil/abwesenheiten/<int:pk>/loeschen/", portal_views.absence_delete, name="absence_delete"),
    path("meine-daten/", portal_views.data_export, name="data_export"),
]
