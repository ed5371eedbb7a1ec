"""The advisor portal under /portal/ (namespace "portal"); other apps add sections, not URLs, here."""

from django.urls import path

from . import portal_views

app_name = "portal"

urlpatterns = [
    path("", portal_views.portal_home, name="home"),
]
