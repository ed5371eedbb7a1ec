import logging

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from miglobe.celery import app as celery_app

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "core/home.html")


def legal_page(request, *, template_name):
    return render(request, template_name)


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _broker_reachable() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True
    except Exception:
        logger.exception("Health check: broker unreachable")
        return False


@never_cache
def healthz(request):
    checks = {"database": _database_reachable(), "broker": _broker_reachable()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"} | {k: "ok" if v else "error" for k, v in checks.items()}
    return JsonResponse(body, status=200 if healthy else 503)
