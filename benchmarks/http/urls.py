"""The project's URLs plus the floor, for the bench settings only (`miglobe.settings.bench`)."""

from django.urls import include, path

from . import floor

urlpatterns = [
    path("_bench/floor/", floor.floor, name="bench_floor"),
    path("", include("miglobe.urls")),
]
