"""The admin lists' rows by `{% fast_result_list %}` (miglobe/core/templatetags/admin_fast_list.py) are the
markup Django's own `{% result_list %}` writes: the same cells, classes, links and escaping."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from miglobe.core.outbox import OutboxMessage
from pool.models import Application

from .factories import ApplicationFactory, CriterionFactory, ReviewFactory, ScoreFactory
from .test_admin import logged_in

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:pool_application_changelist")


def page(client, url, *, fast, language="de"):
    model_admin = admin.site._registry[Application if "pool" in url else OutboxMessage]
    model_admin.fast_rows = fast
    try:
        client.cookies["django_language"] = language
        html = client.get(url).content.decode()
    finally:
        del model_admin.fast_rows  # back to FastListMixin's
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def applications(call):
    criterion = CriterionFactory(call=call, weight=2)
    reviewed = ApplicationFactory(call=call, status=Application.Status.IN_REVIEW, last_name="Ünal & <b>Söhne</b>")
    ScoreFactory(review=ReviewFactory(application=reviewed), criterion=criterion, value=4)
    ApplicationFactory(call=call, status=Application.Status.SELECTED, first_name="   ", last_name='"Quote"')
    return reviewed


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("query", ["", "?status=in_review&q=Söhne", "?o=-4.2&score=4-5"])
def test_rows_are_the_markup_django_writes(client, staff, applications, language, query):
    logged_in(client, staff)

    fast = page(client, CHANGELIST + query, fast=True, language=language)

    assert fast == page(client, CHANGELIST + query, fast=False, language=language)
    assert "Ünal &amp; &lt;b&gt;Söhne&lt;/b&gt;" in fast  # escaped once, not twice
    assert "<b>Söhne" not in fast


def test_a_panel_member_sees_the_same_rows_both_ways_and_no_hidden_scores(client, panel_member, applications):
    logged_in(client, panel_member)

    fast = page(client, CHANGELIST, fast=True)

    assert fast == page(client, CHANGELIST, fast=False)
    assert "sichtbar nach Ihrer eigenen Bewertung" in fast  # pool.see_assessments still masks the score


def test_the_change_links_keep_the_lists_filters(client, staff, applications):
    logged_in(client, staff)

    fast = page(client, CHANGELIST + "?status=in_review", fast=True)

    link = reverse("admin:pool_application_change", args=[applications.pk])
    assert f'<a href="{link}?_changelist_filters=status%3Din_review">' in fast


@pytest.mark.parametrize("language", ["de", "en"])
def test_outbox_rows_are_the_markup_django_writes(client, staff, language):
    from miglobe.core.outbox import queue_email

    logged_in(client, staff)
    queue_email(to="a.b@example.org", template="core/test_message", context={}, language="de")
    url = reverse("admin:core_outboxmessage_changelist")

    fast = page(client, url, fast=True, language=language)

    assert fast == page(client, url, fast=False, language=language)
    assert ("Dezember" if language == "de" else "December") in fast or "2026" in fast  # a written-out date


def test_the_app_list_is_built_only_for_pages_that_show_it(client, staff, monkeypatch):
    """Without the sidebar only the start page and an app's page show the app list (miglobe.core.admin_site)."""
    built = []
    site_class = type(admin.site._wrapped)  # admin.site is Django's lazy wrapper of our AdminSite
    build = site_class._build_app_dict
    monkeypatch.setattr(site_class, "_build_app_dict", lambda *args, **kw: built.append(1) or build(*args, **kw))
    logged_in(client, staff)

    assert client.get(CHANGELIST).status_code == 200
    assert built == []
    response = client.get(reverse("admin:index"))
    assert built
    assert reverse("admin:pool_application_changelist") in response.content.decode()


def _whitespace_normalised(html):
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize("language", ["de", "en"])
def test_read_only_fieldsets_are_the_markup_django_writes(client, staff, applications, monkeypatch, language):
    """`{% fast_fieldset %}` (miglobe/core/templatetags/admin_fast_form.py) against Django's fieldset template,
    on the application's page (every field read-only, HTML in the name) and an outbox message's page."""
    from miglobe.core.outbox import queue_email
    from miglobe.core.templatetags import admin_fast_form

    logged_in(client, staff)
    client.cookies["django_language"] = language
    message = queue_email(to="ayse@example.org", template="core/test_message", context={"user": staff}, language="de")
    urls = [
        reverse("admin:pool_application_change", args=[applications.pk]),
        reverse("admin:core_outboxmessage_change", args=[message.pk]),
        reverse("admin:pool_call_change", args=[applications.call_id]),  # an editable form: Django's template
    ]
    fast = [_whitespace_normalised(page(client, url, fast=True, language=language)) for url in urls]
    monkeypatch.setattr(admin_fast_form, "_read_only_fields", lambda fieldset: None)
    django = [_whitespace_normalised(page(client, url, fast=True, language=language)) for url in urls]

    assert fast == django
    assert "Ünal &amp; &lt;b&gt;Söhne&lt;/b&gt;" in fast[0]
    assert '<div class="readonly">' in fast[0] and '<div class="readonly">' in fast[1]
