"""The real URLconf plus views that fail: as when the database is unreachable, and with a 403."""

from django.core.exceptions import PermissionDenied
from django.db.utils import OperationalError
from django.urls import path

from miglobe.urls import urlpatterns as real_patterns


def database_down(request):
    raise OperationalError("could not connect to server: Connection refused")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [*real_patterns, path("database-down/", database_down), path("forbidden/", forbidden)]
