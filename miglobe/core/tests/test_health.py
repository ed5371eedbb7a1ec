import pytest
from django.db.utils import OperationalError

from miglobe.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_healthz_reports_database_and_broker_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_healthz_is_503_when_the_broker_is_unreachable(client, monkeypatch):
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    monkeypatch.setattr(celery_app.conf, "broker_write_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(celery_app.conf, "broker_transport_options", {})
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}
