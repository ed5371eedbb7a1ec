"""The German admin is German throughout: every field a label, the admin's widgets translated."""

import pytest
from django.apps import apps
from django.db import models
from django.utils.functional import Promise

PROJECT_APPS = ("core", "pool", "seminars", "consultations")


def project_fields():
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.get_fields(include_hidden=False):
                if field.auto_created or (not getattr(field, "concrete", False) and not field.many_to_many):
                    continue  # reverse relations and the automatic id carry no label of ours
                yield f"{model._meta.label}.{field.name}", field


def test_every_field_of_every_project_model_has_a_translatable_label():
    missing = [name for name, field in project_fields() if not isinstance(field.verbose_name, Promise)]
    assert missing == []


def test_every_project_model_has_translatable_names():
    missing = [
        model._meta.label
        for app_label in PROJECT_APPS
        for model in apps.get_app_config(app_label).get_models()
        if not isinstance(model._meta.verbose_name, Promise) or not isinstance(model._meta.verbose_name_plural, Promise)
    ]
    assert missing == []


def test_the_check_sees_fields_of_every_kind():
    kinds = {type(field) for _name, field in project_fields()}
    assert {models.ForeignKey, models.ManyToManyField, models.CharField} <= kinds


@pytest.mark.django_db
def test_the_admin_widgets_speak_german(client):
    from .factories import StaffFactory

    client.force_login(StaffFactory(username="team"))
    catalog = client.get("/admin/jsi18n/", headers={"accept-language": "de"}).content.decode()
    assert "W\\u00e4hlen Sie %s aus" in catalog or "Wählen Sie %s aus" in catalog
    assert "Alle %s entfernen" in catalog
    assert "Verf\\u00fcgbare %s" in catalog or "Verfügbare %s" in catalog
