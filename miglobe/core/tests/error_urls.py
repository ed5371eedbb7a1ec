"""The real URLconf plus a view that fails as it would when the database is unreachable."""

from django.db.utils import OperationalError
from django.urls import path

from miglobe.urls import urlpatterns as real_patterns


def database_down(request):
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [*real_patterns, path("database-down/", database_down)]
