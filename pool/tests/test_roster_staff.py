"""Staff roster, refilling page, erasure of former advisors, and who may open which portal URL."""

from datetime import date, timedelta

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone

from miglobe.core.testing import assert_constant_queries, count_queries
from miglobe.core.tests.factories import PASSWORD, PanelMemberFactory, UserFactory
from pool import advisor_erasure, roster, roster_services, services
from pool.models import Absence, Advisor, Application, ErasureLog

from .factories import AdvisorFactory, CallFactory, PortalAdvisorFactory

pytestmark = pytest.mark.django_db


def test_roster_shows_status_dates_login_and_the_inactivity_flag(client, staff, settings):
    settings.ADVISOR_INACTIVITY_DAYS = 30
    call = CallFactory()
    fresh = PortalAdvisorFactory(call=call, last_activity_at=timezone.now(), last_name="Aktiv")
    sleepy = PortalAdvisorFactory(call=call, last_activity_at=timezone.now() - timedelta(days=31), last_name="Ruhig")
    roster_services.pause(advisor=fresh, by=staff, starts_on=timezone.localdate(), reason="Elternzeit")
    client.force_login(staff)
    response = client.get(reverse("admin:pool_advisor_roster"))
    assert response.status_code == 200
    rows = {row["advisor"].last_name: row["advisor"] for row in response.context["rows"]}
    assert rows["Ruhig"].is_inactive and not rows["Aktiv"].is_inactive
    assert rows["Aktiv"].pause_from == timezone.localdate()
    assert sleepy.user.last_login is None
    html = response.content.decode()
    assert "inaktiv" in html and "pausiert" in html


def test_roster_keeps_its_query_count_with_registered_columns(client, staff):
    roster.register_column(
        key="t-fees", label="Honorar", annotate=lambda qs: qs.annotate(t_fee=Value(120)), render=lambda a: a.t_fee
    )
    try:
        call = CallFactory(pool_size=500)
        client.force_login(staff)
        count = assert_constant_queries(
            lambda: client.get(reverse("admin:pool_advisor_roster")),
            lambda n: PortalAdvisorFactory.create_batch(n, call=call),
        )
        assert count == 6  # session, user, permissions (2), advisors with every column, calls with occupancy
        assert "Honorar" in client.get(reverse("admin:pool_advisor_roster")).content.decode()
    finally:
        roster.unregister_column("t-fees")


def test_admin_changelist_of_advisors_keeps_its_query_count(client, staff):
    call = CallFactory(pool_size=500)
    client.force_login(staff)
    count = assert_constant_queries(
        lambda: client.get(reverse("admin:pool_advisor_changelist")),
        lambda n: PortalAdvisorFactory.create_batch(n, call=call),
    )
    assert count == 8


def test_the_roster_and_the_refill_page_are_for_staff_only(client):
    call = CallFactory()
    advisor = PortalAdvisorFactory(call=call)
    client.login(username=advisor.user.username, password=PASSWORD)
    assert client.get(reverse("admin:pool_advisor_roster")).status_code == 302  # to the admin login
    client.force_login(PanelMemberFactory())
    assert client.get(reverse("admin:pool_advisor_roster")).status_code == 403
    assert client.get(reverse("admin:pool_advisor_refill", args=[call.pk])).status_code == 403


def test_staff_move_someone_up_with_one_action(client, staff):
    call = CallFactory(closed=True, pool_size=1)  # a reserve list exists only after the deadline
    gone = AdvisorFactory(call=call)
    roster_services.leave_pool(advisor=gone, by=staff, reason="Umzug")
    candidate = Application.objects.create(
        call=call,
        status=Application.Status.RESERVE,
        reference="MG-2027-0999",
        first_name="Grace",
        last_name="Achieng",
        email="grace@example.org",
        submitted_at=timezone.now(),
        reserve_consent_at=timezone.now(),
        reserve_until=timezone.now() + timedelta(days=30),
    )
    client.force_login(staff)
    url = reverse("admin:pool_advisor_refill", args=[call.pk])
    page = client.get(url).content.decode()
    assert "Grace Achieng" in page and "1 Platz ist frei" in page
    client.post(url, {"application": candidate.pk})
    assert Advisor.objects.filter(call=call).in_pool().get().email == "grace@example.org"


def test_staff_adding_an_advisor_by_hand_sends_the_invitation(client, staff):
    call = CallFactory()
    client.force_login(staff)
    response = client.post(
        reverse("admin:pool_advisor_add"),
        {"call": call.pk, "first_name": "Emeka", "last_name": "Nwosu", "email": "emeka@example.org", "language": "en"},
    )
    assert response.status_code == 302
    advisor = Advisor.objects.get(email="emeka@example.org")
    assert advisor.invitation_key and advisor.user and not advisor.user.is_staff


def _text_columns_containing(*needles):
    """Every (table, column) of any table whose text holds one of the needles (case-insensitive)."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                if column.type_code not in (25, 1043, 3802, 114):  # text, varchar, jsonb, json (PostgreSQL oids)
                    continue
                for needle in needles:
                    quoted_table, quoted_column = (
                        connection.ops.quote_name(table),
                        connection.ops.quote_name(column.name),
                    )
                    # Identifiers come from the database's own catalogue, quoted; the needle is a parameter.
                    sql = f"SELECT COUNT(*) FROM {quoted_table} WHERE {quoted_column}::text ILIKE %s"  # noqa: S608
                    cursor.execute(sql, [f"%{needle}%"])
                    if cursor.fetchone()[0]:
                        hits.append((table, column.name, needle))
    return hits


def test_erasing_a_former_advisor_leaves_name_and_email_nowhere(client, staff, empty_cache):
    advisor = roster_services.add_advisor(
        call=CallFactory(), first_name="Zyxwana", last_name="Qorlumbe", email="zyxwana.q@example.org", by=staff
    )
    advisor = PortalAdvisorFactory._meta.model.objects.get(pk=advisor.pk)
    roster_services.update_profile(
        advisor=advisor,
        fields={"bio": "Zyxwana Qorlumbe berät gern.", "phone": "0711 1"},
        languages=[("Twi", "native")],
        by=None,
    )
    Absence.objects.create(advisor=advisor, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    LogEntry.objects.log_action(
        user_id=staff.pk,
        content_type_id=ContentType.objects.get_for_model(Advisor).pk,
        object_id=advisor.pk,
        object_repr=str(advisor),
        action_flag=ADDITION,
    )
    client.post(reverse("login"), {"username": advisor.user.username, "password": "falsch"})  # a failed login
    assert _text_columns_containing("Zyxwana", "Qorlumbe")  # the scan finds them before
    roster_services.leave_pool(advisor=advisor, by=staff, reason="Zyxwana zieht weg")
    with pytest.raises(services.Refused):  # retention period not over, and no request
        advisor_erasure.erase_advisor(advisor=advisor, by=staff)
    log = advisor_erasure.erase_advisor(advisor=advisor, by=staff, on_request=True)
    assert log.kind == ErasureLog.Kind.ADVISOR_REQUEST and log.references == [f"B-{advisor.pk:04d}"]
    assert _text_columns_containing("Zyxwana", "Qorlumbe", "zyxwana.q@example.org") == []
    advisor.refresh_from_db()
    assert advisor.erased_at and "gelöscht" in str(advisor) and advisor.status == Advisor.Status.LEFT


def test_erasure_after_retention_runs_the_pseudonymisation_hooks(staff, settings):
    settings.ADVISOR_RETENTION_YEARS = 3
    advisor = AdvisorFactory()
    roster_services.leave_pool(
        advisor=advisor, by=staff, reason="Ruhestand", now=timezone.now() - timedelta(days=3 * 366)
    )
    seen = []
    registered = list(advisor_erasure._hooks)
    advisor_erasure.register_erasure_hook(lambda a, name: seen.append(name))
    try:
        log = advisor_erasure.erase_advisor(advisor=advisor, by=staff)
    finally:
        advisor_erasure._hooks[:] = registered  # the other apps' hooks stay for the tests after this one
    assert seen == [f"B-{advisor.pk:04d}"] and log.kind == ErasureLog.Kind.ADVISOR_RETENTION
    assert not Application.objects.filter(email=advisor.email).exists()


def test_an_advisor_still_in_the_pool_cannot_be_erased(staff):
    with pytest.raises(services.Refused):
        advisor_erasure.erase_advisor(advisor=AdvisorFactory(), by=staff, on_request=True)


def test_every_portal_url_with_an_id_is_refused_to_everyone_else(client, staff):
    owner = PortalAdvisorFactory()
    absence = Absence.objects.create(advisor=owner, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    other = PortalAdvisorFactory()
    url = reverse("portal:absence_delete", args=[absence.pk])
    response = client.post(url)  # anonymous
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.login(username=other.user.username, password=PASSWORD)
    assert client.post(url).status_code == 404
    client.force_login(staff)
    assert client.post(url).status_code == 403
    client.force_login(UserFactory())
    assert client.post(url).status_code == 403
    assert Absence.objects.filter(pk=absence.pk).exists()
    client.login(username=owner.user.username, password=PASSWORD)
    assert client.post(url).status_code == 302
    assert not Absence.objects.filter(pk=absence.pk).exists()


def test_own_data_download_holds_json_and_photo(client):
    import io
    import json
    import zipfile

    advisor = PortalAdvisorFactory(bio="Meine Biografie")
    client.login(username=advisor.user.username, password=PASSWORD)
    response = client.get(reverse("portal:data_export"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("daten.json"))
    assert data["bio"] == "Meine Biografie" and data["email"] == advisor.email
    assert data["application"]["reference"] == advisor.application.reference
    client.logout()
    assert client.get(reverse("portal:data_export")).status_code == 302


def test_counting_queries_is_honest():
    assert count_queries(lambda: list(Advisor.objects.all())) == 1


def _action(client, action, advisors, **extra):
    return client.post(
        reverse("admin:pool_advisor_changelist"),
        {"action": action, "_selected_action": [a.pk for a in advisors], "index": 0, **extra},
    )


def test_admin_actions_move_the_status_through_the_services_with_the_reason(client, staff):
    advisor = AdvisorFactory(status=Advisor.Status.QUALIFIED, qualified_at=timezone.now())
    client.force_login(staff)
    _action(client, "activate", [advisor])
    advisor.refresh_from_db()
    assert advisor.status == Advisor.Status.ACTIVE
    _action(client, "pause", [advisor], reason="Elternzeit", until="2099-01-31")
    advisor.refresh_from_db()
    assert advisor.status == Advisor.Status.PAUSED
    assert advisor.pauses.get().ends_on.isoformat() == "2099-01-31"
    _action(client, "resume", [advisor])
    advisor.refresh_from_db()
    assert advisor.status == Advisor.Status.ACTIVE
    response = _action(client, "leave_pool", [advisor])  # no reason: refused with a message
    advisor.refresh_from_db()
    assert advisor.status == Advisor.Status.ACTIVE
    assert "Grund" in " ".join(str(m) for m in response.wsgi_request._messages)
    _action(client, "leave_pool", [advisor], reason="Umzug")
    advisor.refresh_from_db()
    assert advisor.status == Advisor.Status.LEFT and advisor.leave_reason == "Umzug"
    reasons = list(advisor.status_changes.values_list("to_status", "changed_by", "reason"))
    assert reasons[-1] == (Advisor.Status.LEFT, staff.pk, "Umzug")


def test_status_cannot_be_edited_in_the_change_form(client, staff):
    advisor = AdvisorFactory()
    client.force_login(staff)
    html = client.get(reverse("admin:pool_advisor_change", args=[advisor.pk])).content.decode()
    assert 'name="status"' not in html and 'name="photo"' not in html
    assert 'name="public_listing"' not in html and 'name="public_bio"' not in html  # the advisor's own consent


def test_only_staff_with_the_erase_permission_get_the_erase_action(client, staff):
    from django.contrib.auth.models import Permission

    gone = AdvisorFactory()
    roster_services.leave_pool(advisor=gone, by=staff, reason="x")
    client.force_login(staff)
    assert "erase_former" in client.get(reverse("admin:pool_advisor_changelist")).content.decode()
    limited = UserFactory(is_staff=True)
    limited.user_permissions.add(*Permission.objects.filter(codename__in=["view_advisor", "change_advisor"]))
    client.force_login(limited)
    assert "erase_former" not in client.get(reverse("admin:pool_advisor_changelist")).content.decode()
    _action(client, "erase_former", [gone], apply="yes", on_request="on")
    gone.refresh_from_db()
    assert gone.erased_at is None


def test_the_erase_action_asks_first_and_then_erases_on_request(client, staff):
    gone = AdvisorFactory(last_name="Weggezogen")
    roster_services.leave_pool(advisor=gone, by=staff, reason="Umzug")
    client.force_login(staff)
    page = _action(client, "erase_former", [gone])
    assert page.status_code == 200 and "Aufbewahrungsfrist läuft noch" in page.content.decode()
    gone.refresh_from_db()
    assert gone.erased_at is None
    _action(client, "erase_former", [gone], apply="yes")  # without "on request": the period must be over
    gone.refresh_from_db()
    assert gone.erased_at is None
    _action(client, "erase_former", [gone], apply="yes", on_request="on")
    gone.refresh_from_db()
    assert gone.erased_at is not None and gone.last_name == ""


def test_staff_see_who_has_not_accepted_the_invitation(client, staff):
    pending = roster_services.add_advisor(
        call=CallFactory(), first_name="Offen", last_name="Einladung", email="offen@example.org", by=staff
    )
    accepted = PortalAdvisorFactory(last_name="Angenommen")
    client.force_login(staff)
    response = client.get(reverse("admin:pool_advisor_changelist") + "?invitation_accepted_at__isempty=1")
    names = [a.last_name for a in response.context["cl"].result_list]
    assert names == [pending.last_name] and accepted.last_name not in names


def test_staff_correct_a_name_in_the_change_form(client, staff):
    advisor = PortalAdvisorFactory(last_name="Tippfeler")
    client.force_login(staff)
    url = reverse("admin:pool_advisor_change", args=[advisor.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data["topics"] = [t.pk for t in data.get("topics", [])]
    data.update({"last_name": "Tippfehler", "user": advisor.user_id, "application": advisor.application_id})
    data["call"] = advisor.call_id
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    advisor.refresh_from_db()
    assert advisor.last_name == "Tippfehler" and advisor.status == Advisor.Status.IN_QUALIFICATION
    from miglobe.core.models import AuditEntry

    entry = AuditEntry.objects.for_object(advisor).get(action="pool.advisor.changed")
    assert entry.data == {"fields": ["last_name"]} and entry.actor_id == staff.pk


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_status_label_is_the_one_django_would_show(language):
    """Advisor.get_status_display reads the enum (issue #13: Django's translated every status for each row)."""
    from django.utils import translation

    with translation.override(language):
        for status, label in Advisor.Status.choices:
            assert Advisor(status=status).get_status_display() == str(label)
        assert Advisor(status="unbekannt").get_status_display() == "unbekannt"


def test_roster_rows_show_pause_departure_invitation_and_login_as_the_template_did(client, staff):
    """The rows are written in Python (pool.staff_roster.roster_rows): each kind of cell, escaped."""
    call = CallFactory()
    paused = PortalAdvisorFactory(call=call, last_name="Pause <b>")
    roster_services.pause(advisor=paused, by=staff, starts_on=date(2027, 3, 1), reason="Elternzeit")
    gone = PortalAdvisorFactory(call=call, last_name="Weg")
    roster_services.leave_pool(advisor=gone, by=staff, reason="Umzug & Jobwechsel")
    client.force_login(staff)

    html = client.get(reverse("admin:pool_advisor_roster")).content.decode()

    assert f'<a href="{reverse("admin:pool_advisor_change", args=[paused.pk])}">' in html
    assert "Pause &lt;b&gt;" in html and "Pause <b>" not in html
    assert "<td>01.03.2027–…</td>" in html
    left_on = timezone.localtime(Advisor.objects.get(pk=gone.pk).left_at).strftime("%d.%m.%Y")
    assert f"<td>{left_on} (Umzug &amp; Jobwechsel)</td>" in html
    assert "<td>pausiert</td>" in html and "<td>ausgeschieden</td>" in html
