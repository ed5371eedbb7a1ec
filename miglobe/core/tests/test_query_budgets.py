"""Query budgets: every URL pattern of the project has a written budget, and a page over it fails the test.

`BUDGETS` is the one table: route (as in the URL conf) → who visits it and the most queries a GET may run.
The test walks the URL conf; a pattern missing from the table fails it (so a new page gets a budget when it
gets its URL), and so does a budget for a pattern that no longer exists. Each page is visited once as its
user with a little data, warmed up, then counted. Whether a list's count stays the same at 10× its data is
tested beside each list (`assert_constant_queries`); here it is the ceiling of every page.

The Django admin generates five pages per registered model; they share the budgets in `ADMIN_BUDGETS`
(changelist, add, change, history, delete), with exceptions per model in `ADMIN_EXCEPTIONS`.
"""

import re
import uuid

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from miglobe.core.models import Reminder
from miglobe.core.outbox import queue_email
from miglobe.core.roles import PROGRAMME_TEAM
from miglobe.core.tests.factories import StaffFactory, UserFactory
from pool.links import APPLICATION_LINK, page_key
from pool.models import DuplicateFlag, ErasureLog
from pool.tests.factories import ApplicationFactory, CallFactory, PortalAdvisorFactory

pytestmark = pytest.mark.django_db

ANONYMOUS, STAFF, SUPERUSER, ADVISOR, APPLICANT = "anonymous", "staff", "superuser", "advisor", "applicant"
# An advisor of a cohort with a curriculum, seminars and a running case (the consultations' and seminars' pages),
# and a municipality's browser after its emailed link to its request was exchanged.
COHORT_ADVISOR, MUNICIPALITY = "cohort advisor", "municipality"
# Admin pages of these apps belong to the technical administrator (programme staff get 403 there).
SUPERUSER_APPS = {"auth", "axes", "otp_totp", "otp_static"}

# route → (visitor, budget). The applicant's pages are opened after the emailed link was exchanged.
BUDGETS = {
    # core
    "": (ANONYMOUS, 0),
    "healthz": (ANONYMOUS, 1),
    "impressum/": (ANONYMOUS, 0),
    "datenschutz/": (ANONYMOUS, 0),
    "barrierefreiheit/": (ANONYMOUS, 0),
    "zugang/<str:name>/": (ANONYMOUS, 0),
    "zugang/<str:name>/neu/": (ANONYMOUS, 0),
    "zugang/<str:name>/abgelaufen/": (ANONYMOUS, 0),
    "konto/zwei-faktor/code/": (STAFF, 9),
    "konto/zwei-faktor/einrichten/": (STAFF, 6),
    "konto/zwei-faktor/notfallcodes/": (STAFF, 2),
    "konto/zwei-faktor/zuruecksetzen/<int:user_id>/": (STAFF, 2),
    "i18n/setlang/": (ANONYMOUS, 0),
    # accounts
    "konto/login/": (ANONYMOUS, 0),
    "konto/logout/": (STAFF, 2),
    "konto/password_change/": (STAFF, 2),
    "konto/password_change/done/": (STAFF, 2),
    "konto/password_reset/": (ANONYMOUS, 0),
    "konto/password_reset/done/": (ANONYMOUS, 0),
    "konto/reset/<uidb64>/<token>/": (ANONYMOUS, 1),
    "konto/reset/done/": (ANONYMOUS, 0),
    # advisor portal and public directory
    "portal/": (ADVISOR, 10),
    "portal/einladung/<uuid:key>/": (ANONYMOUS, 0),
    "portal/profil/": (ADVISOR, 7),
    "portal/profil/foto/": (ADVISOR, 3),
    "portal/profil/abwesenheiten/": (ADVISOR, 2),
    "portal/profil/abwesenheiten/<int:pk>/loeschen/": (ADVISOR, 2),
    "portal/meine-daten/": (ADVISOR, 16),
    "beraterinnen/": (ANONYMOUS, 2),
    "beraterinnen/<int:pk>/foto/": (ANONYMOUS, 1),
    # pool, public
    "pool/ausschreibungen/": (ANONYMOUS, 1),
    "pool/ausschreibungen/<slug:slug>/": (ANONYMOUS, 1),
    "pool/ausschreibungen/<slug:slug>/bewerben/": (ANONYMOUS, 2),
    "pool/bewerbung/geloescht/": (ANONYMOUS, 0),
    "pool/bewerbung/<str:token>/": (APPLICANT, 4),
    "pool/bewerbung/<str:token>/bearbeiten/": (APPLICANT, 2),
    "pool/bewerbung/<str:token>/zurueckziehen/": (APPLICANT, 2),
    "pool/bewerbung/<str:token>/nachrueckliste/": (APPLICANT, 1),
    "pool/bewerbung/<str:token>/einwilligung-migrationsgeschichte/": (APPLICANT, 1),
    "pool/bewerbung/<str:token>/daten/": (APPLICANT, 7),
    "pool/bewerbung/<str:token>/loeschen/": (APPLICANT, 2),
    # consultations (placeholder until issue #11 is merged)
    "beratung/anfragen/": (ANONYMOUS, 1),
    # Issues #10, #11 and #12: each page about one object is visited with the real object (`cohort()`), so the
    # budget counts the page staff, advisors and municipalities see; POST-only routes answer a GET with 405.
    "beratung/abrechnungen/<int:pk>/pdf/": (STAFF, 7),
    "beratung/anfrage/<uuid:public_id>/": (MUNICIPALITY, 8),
    "beratung/anfrage/<uuid:public_id>/rueckmeldung/": (MUNICIPALITY, 1),
    "beratung/anfrage/<uuid:public_id>/zurueckziehen/": (MUNICIPALITY, 1),
    "beratung/belege/<int:pk>/": (STAFF, 5),
    "beratung/kommunen/": (ANONYMOUS, 0),
    "beratung/portal/abrechnungen/<int:pk>/": (COHORT_ADVISOR, 6),
    "beratung/portal/abrechnungen/<int:pk>/einreichen/": (COHORT_ADVISOR, 3),
    "beratung/portal/abrechnungen/erstellen/": (COHORT_ADVISOR, 3),
    "beratung/portal/bankverbindung/": (COHORT_ADVISOR, 4),
    "beratung/portal/einsaetze/": (COHORT_ADVISOR, 4),
    "beratung/portal/einsaetze/<int:pk>/": (COHORT_ADVISOR, 7),
    "beratung/portal/einsaetze/<int:pk>/abschluss/": (COHORT_ADVISOR, 3),
    "beratung/portal/einsaetze/<int:pk>/antwort/": (COHORT_ADVISOR, 3),
    "beratung/portal/einsaetze/<int:pk>/protokoll/": (COHORT_ADVISOR, 5),
    "beratung/portal/eintraege/<int:pk>/": (COHORT_ADVISOR, 4),
    "beratung/team/abrechnungen/<int:pk>/": (STAFF, 6),
    "beratung/team/abrechnungen/<int:pk>/aktion/": (STAFF, 4),
    "beratung/team/abrechnungen/<int:pk>/export.<str:fmt>": (STAFF, 6),
    "beratung/team/anfragen/": (STAFF, 6),
    "beratung/team/anfragen/<int:pk>/": (STAFF, 16),
    "beratung/team/anfragen/<int:pk>/einsaetze/<int:assignment_pk>/zuruecknehmen/": (STAFF, 4),
    "beratung/team/anfragen/<int:pk>/stand/": (STAFF, 4),
    "beratung/team/anfragen/<int:pk>/vorschlagen/": (STAFF, 4),
    "beratung/team/eintraege/<int:pk>/pruefen/": (STAFF, 4),
    "beratung/team/freigaben/": (STAFF, 7),
    "beratung/team/rueckmeldungen/": (STAFF, 5),
    "beratung/team/zahlen/": (STAFF, 5),
    "seminare/": (ANONYMOUS, 0),
    "seminare/kalender/<str:token>/seminare.ics": (ANONYMOUS, 2),
    "seminare/material/<int:pk>/": (COHORT_ADVISOR, 6),
    "seminare/meine/": (COHORT_ADVISOR, 12),
    "seminare/meine/<int:pk>/antwort/": (COHORT_ADVISOR, 2),
    "seminare/meine/kalender/erneuern/": (COHORT_ADVISOR, 2),
    "seminare/team/": (STAFF, 6),
    "seminare/team/<int:pk>/": (STAFF, 8),
    "seminare/team/<int:pk>/bearbeiten/": (STAFF, 7),
    "seminare/team/<int:pk>/einladen/": (STAFF, 2),
    "seminare/team/<int:pk>/material/": (STAFF, 2),
    "seminare/team/<int:pk>/teilnahme/": (STAFF, 8),
    "seminare/team/matrix/<int:curriculum_pk>/": (STAFF, 10),
    "seminare/team/matrix/<int:curriculum_pk>/nachholung/": (STAFF, 2),
    "seminare/team/neu/": (STAFF, 6),
    "seminare/zertifikat/<int:advisor_pk>/": (COHORT_ADVISOR, 5),
    "seminare/zertifikat/pruefen/": (ANONYMOUS, 0),
    # admin: the site's own pages; the model pages are in ADMIN_BUDGETS
    "admin/": (STAFF, 7),
    "admin/login/": (ANONYMOUS, 0),
    "admin/logout/": (STAFF, 4),
    "admin/password_change/": (STAFF, 4),
    "admin/password_change/done/": (STAFF, 4),
    "admin/autocomplete/": (STAFF, 2),
    "admin/jsi18n/": (STAFF, 2),
    "admin/r/<path:content_type_id>/<path:object_id>/": (STAFF, 4),
    "admin/<app_label>/": (STAFF, 6),
    "admin/(?P<url>.*)$": (STAFF, 2),
    "admin/pool/application/<int:pk>/cv/": (STAFF, 6),
    # The pool pages that apply the rule pool.see_assessments ask once (twice on the review page) whether the
    # user sits on a panel (pool.permissions.sits_on_a_panel): one query instead of two subqueries per row.
    "admin/pool/application/<int:pk>/review/": (STAFF, 13),
    "admin/pool/call/<int:pk>/ranking/": (STAFF, 8),
    "admin/pool/call/<int:pk>/ranking/<str:kind>/": (STAFF, 9),
    "admin/auth/user/<id>/password/": (SUPERUSER, 9),
    "admin/otp_totp/totpdevice/<int:pk>/config/": (SUPERUSER, 9),
    "admin/otp_totp/totpdevice/<int:pk>/qrcode/": (SUPERUSER, 9),
    "admin/pool/advisor/uebersicht/": (STAFF, 6),
    "admin/pool/advisor/nachruecken/<int:call_id>/": (STAFF, 9),
    "admin/core/outboxmessage/<int:pk>/html/": (STAFF, 5),
    "admin/core/outboxmessage/test-senden/": (STAFF, 4),
}


# The five pages the admin makes for every registered model (visited as programme staff).
ADMIN_BUDGETS = {"changelist": 11, "add": 5, "change": 10, "history": 9, "delete": 10}
# Pages that need more, with the reason.
ADMIN_EXCEPTIONS = {
    # The application page shows languages, history, reviews' summary and duplicates, and asks whether the user
    # sits on a panel (pool.permissions.sits_on_a_panel).
    ("pool.application", "change"): 11,
    # Seminar: the form's choices (module, curriculum, trainers).
    ("seminars.seminar", "add"): 7,
    # Deleting a curriculum or a seminar lists its modules, seminars, invitations, attendance, make-ups, material.
    ("seminars.curriculum", "delete"): 12,
    ("seminars.seminar", "delete"): 11,
    # A request shows its topics, assignments and stage history inline; deleting it lists them and the log.
    ("consultations.consultationrequest", "change"): 13,
    ("consultations.consultationrequest", "delete"): 14,
    # Deleting an advisor lists what goes with them: profile rows, seminars, assignments, log, claims, fee total.
    ("pool.advisor", "delete"): 20,
}
ADMIN_ROUTES = {
    "changelist": "admin/{app}/{model}/",
    "add": "admin/{app}/{model}/add/",
    "change": "admin/{app}/{model}/<path:object_id>/change/",
    "history": "admin/{app}/{model}/<path:object_id>/history/",
    "delete": "admin/{app}/{model}/<path:object_id>/delete/",
}
# The admin's redirect from the old object URL (…/<id>/ → …/<id>/change/) runs no query.
ADMIN_OBJECT_REDIRECT = "admin/{app}/{model}/<path:object_id>/"


def project_routes():
    """Every pattern of the URL conf as its full route, with its name (None for unnamed ones)."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            # The admin's app index lists the installed apps in its regex: one key whatever they are.
            route = re.sub(r"^admin/\^\(\?P<app_label>[^)]*\)/\$$", "admin/<app_label>/", route)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return set(walk(get_resolver().url_patterns, ""))


def admin_budgets():
    """route → (visitor, budget, model label, page) for the admin's generated pages of each model."""
    budgets = {}
    for model in admin.site._registry:
        names = {"app": model._meta.app_label, "model": model._meta.model_name}
        for page, route in ADMIN_ROUTES.items():
            budget = ADMIN_EXCEPTIONS.get((model._meta.label_lower, page), ADMIN_BUDGETS[page])
            visitor = SUPERUSER if model._meta.app_label in SUPERUSER_APPS else STAFF
            budgets[route.format(**names)] = (visitor, budget, model, page)
        budgets[ADMIN_OBJECT_REDIRECT.format(**names)] = (STAFF, 2, model, "redirect")
    return budgets


def test_every_url_pattern_has_a_budget_and_every_budget_a_pattern():
    routes = project_routes()
    budgeted = set(BUDGETS) | set(admin_budgets())
    assert sorted(routes - budgeted) == [], "URL patterns without a query budget (add them to BUDGETS)"
    assert sorted(budgeted - routes) == [], "budgets for patterns that no longer exist"


# --- Visiting every page ---------------------------------------------------------------------------


@pytest.fixture
def world(client):
    staff = StaffFactory(roles=[PROGRAMME_TEAM])
    call = CallFactory()
    application = ApplicationFactory(call=call)
    advisor = PortalAdvisorFactory()
    superuser = UserFactory(username="technik", is_staff=True, is_superuser=True)
    # One row of every model the admin lists, so its change, history and delete pages show a real object.
    other = ApplicationFactory(call=call)
    DuplicateFlag.objects.create(application=other, other=application, reasons="email")
    ErasureLog.objects.create(kind=ErasureLog.Kind.values[0], count=1)
    queue_email(to="person@example.org", template="core/test_message", context={"user": staff}, language="de")
    StaticDevice.objects.create(user=superuser, name="backup")
    world_device = TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    Reminder.objects.create(
        rule_code="pool.draft_deadline",
        content_type=ContentType.objects.get_for_model(application),
        object_id=str(application.pk),
        recipient_email="person@example.org",
        occasion="2027-01-15",
    )
    seen = {"ip_address": "127.0.0.1", "user_agent": "test", "username": "x", "http_accept": "*/*", "path_info": "/"}
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    return {
        "staff": staff,
        "superuser": superuser,
        "superuser_device": world_device,
        "call": call,
        "application": application,
        "advisor": advisor,
        "cohort": cohort(staff),
    }


def cohort(staff):
    """The objects the consultations' and seminars' pages are about, made with those apps' factories and services:
    an advisor of a cohort with a curriculum, an upcoming seminar they are invited to with material, a valid
    qualification; a running case with an approved entry (with its receipt) in a submitted claim and a pending one."""
    import io
    from datetime import date, timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from consultations import fee_services
    from consultations.choices import AssignmentStatus, Stage, TieKind
    from consultations.models import AdvisorTie
    from consultations.tests.factories import ActivePortalAdvisorFactory, AssignmentFactory, RequestFactory
    from consultations.tests.fee_factories import bank_account, make_entry, standard_rates
    from seminars.models import CatchUp, Invitation, Material, Qualification
    from seminars.services import calendar_feed_token
    from seminars.states import InvitationStatus
    from seminars.tests.factories import CurriculumFactory, SeminarFactory, past_seminar

    advisor = ActivePortalAdvisorFactory()
    curriculum = CurriculumFactory(call=advisor.call)
    seminar = SeminarFactory(curriculum=curriculum)
    past = past_seminar(curriculum, 1)
    for invited in (seminar, past):
        Invitation.objects.create(
            seminar=invited, advisor=advisor, status=InvitationStatus.ACCEPTED, invited_at=past.starts_at
        )
    material = Material(seminar=seminar, title="Reader", original_name="reader.txt")
    material.file.save("reader.txt", ContentFile(b"Reader\n"), save=True)
    Qualification.objects.create(advisor=advisor, curriculum=curriculum, qualified_at=timezone.now())
    CatchUp.objects.create(
        advisor=advisor,
        module=curriculum.modules.get(number=2),
        done_on=timezone.localdate(),
        note="Einzelgespräch",
        recorded_by=staff,
        recorded_at=timezone.now(),
    )

    request = RequestFactory(stage=Stage.BERATUNG_RUNNING)
    assignment = AssignmentFactory(
        request=request, advisor=advisor, status=AssignmentStatus.ACCEPTED, answered_at=timezone.now()
    )
    standard_rates(valid_from=date(2026, 1, 1))
    day = timezone.localdate() - timedelta(days=40)
    approved = make_entry(assignment, date=day)
    approved.receipt.save("beleg.pdf", io.BytesIO(b"%PDF-1.4\n% a receipt\n"), save=True)
    fee_services.approve_entry(entry=approved, by=staff)
    bank_account(advisor)
    claim = fee_services.prepare_claim(advisor=advisor, month=day)
    claim = fee_services.submit_claim(claim=claim, advisor=advisor)
    pending = make_entry(assignment, date=timezone.localdate())
    AdvisorTie.objects.create(advisor=advisor, municipality=request.municipality, kind=TieKind.OTHER)
    return {
        "advisor": advisor,
        "curriculum": curriculum,
        "seminar": seminar,
        "invitation": seminar.invitations.get(),
        "material": material,
        "request": request,
        "assignment": assignment,
        "approved": approved,
        "pending": pending,
        "claim": claim,
        "feed_token": calendar_feed_token(advisor),
    }


def later_app_ids(route, world):
    """The ids of the consultations' and seminars' pages: the cohort's objects each route is about."""
    c = world["cohort"]
    by_prefix = [
        ("beratung/abrechnungen/", c["claim"]),
        ("beratung/belege/", c["approved"]),
        ("beratung/portal/abrechnungen/", c["claim"]),
        ("beratung/portal/einsaetze/", c["assignment"]),
        ("beratung/portal/eintraege/", c["pending"]),
        ("beratung/team/abrechnungen/", c["claim"]),
        ("beratung/team/anfragen/", c["request"]),
        ("beratung/team/eintraege/", c["pending"]),
        ("seminare/material/", c["material"]),
        ("seminare/meine/", c["invitation"]),
        ("seminare/team/", c["seminar"]),
    ]
    pk = next((obj.pk for prefix, obj in by_prefix if route.startswith(prefix)), None)
    return {
        "pk": pk,
        "assignment_pk": c["assignment"].pk,
        "curriculum_pk": c["curriculum"].pk,
        "advisor_pk": c["advisor"].pk,
        "public_id": c["request"].public_id,
        "token": c["feed_token"],
    }


def path_for(route, world):
    """A concrete path for the route, with the ids of the world's objects (or ids that exist nowhere, for
    pages whose 'not found' answer is what a visitor meets with a wrong link)."""
    application, call, staff = world["application"], world["call"], world["staff"]
    values = {
        "slug": call.slug,
        "token": page_key(application),
        "user_id": staff.pk,
        "pk": (
            application.pk
            if route.startswith("admin/pool/application/")
            else call.pk
            if route.startswith("admin/pool/call/")
            else world["superuser_device"].pk
            if route.startswith("admin/otp_totp/")
            else world["advisor"].pk
        ),
        "call_id": call.pk,
        "key": str(uuid.uuid4()),
        "kind": "csv",
        "id": staff.pk,
        "name": APPLICATION_LINK.name,
        "uidb64": "MQ",
        "token_reset": "set-password",
        "app_label": "pool",
        "content_type_id": "1",
        "object_id": "1",
    }
    if route.endswith("export.<str:fmt>"):
        values["fmt"] = "csv"
    if route.startswith(("beratung/", "seminare/")):
        values.update(later_app_ids(route, world))
    if route == "admin/<app_label>/":
        return "/admin/pool/"
    if route == "admin/(?P<url>.*)$":
        return "/admin/gibt-es-nicht/"
    if route == "konto/reset/<uidb64>/<token>/":
        return "/konto/reset/MQ/set-password/"
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def admin_object_path(route, model, world):
    obj = model._default_manager.order_by("pk").first()
    object_id = obj.pk if obj is not None else 0
    return "/" + route.replace("<path:object_id>", str(object_id))


def sign_in(client, visitor, world):
    if visitor == STAFF:
        client.force_login(world["staff"])
    elif visitor == SUPERUSER:  # signed in with the second factor, which superusers must give
        client.force_login(world["superuser"])
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = world["superuser_device"].persistent_id
        session.save()
    elif visitor == ADVISOR:
        client.force_login(world["advisor"].user)
    elif visitor == APPLICANT:
        link = APPLICATION_LINK.url(world["application"]).split("://", 1)[1]
        client.get(link[link.index("/") :])
    elif visitor == COHORT_ADVISOR:
        client.force_login(world["cohort"]["advisor"].user)
    elif visitor == MUNICIPALITY:
        from consultations.links import REQUEST_LINK

        link = REQUEST_LINK.url(world["cohort"]["request"]).split("://", 1)[1]
        client.get(link[link.index("/") :])


def count_get(client, path):
    client.get(path)  # warm: content types, sessions, compiled templates
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries)


def test_every_page_stays_within_its_query_budget(client, world):
    over = []
    visited = 0
    pages = [(route, visitor, budget, None) for route, (visitor, budget) in BUDGETS.items()]
    pages += [(route, visitor, budget, model) for route, (visitor, budget, model, _page) in admin_budgets().items()]
    for route, visitor, budget, model in pages:
        client.logout()
        sign_in(client, visitor, world)
        path = admin_object_path(route, model, world) if model is not None else path_for(route, world)
        response, queries = count_get(client, path)
        visited += 1
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        if queries > budget:
            over.append(f"{route} as {visitor}: {queries} queries, budget {budget} ({path})")
    assert visited == len(project_routes())
    assert over == [], "pages over their query budget:\n" + "\n".join(over)


# --- Lists: the same number of queries at 1× and 10× the rows ----------------------------------------------
# (The application, outbox and reminder lists, the roster, the directory and the public call list have their
# own tests beside their features; these are the other admin lists.)


def _grow_audit(world, n):
    from miglobe.core.audit import record

    for _ in range(n):
        record(actor=world["staff"], action="pool.call.changed", obj=world["call"], data={"fields": ["title"]})


def _grow_advisors(world, n):
    from pool.tests.factories import AdvisorFactory

    AdvisorFactory.create_batch(n, call=world["call"])


def _grow_calls(world, n):
    CallFactory.create_batch(n)


def _grow_duplicates(world, n):
    for _ in range(n):
        DuplicateFlag.objects.create(
            application=ApplicationFactory(call=world["call"]), other=world["application"], reasons="email"
        )


def _grow_erasures(world, n):
    ErasureLog.objects.bulk_create(ErasureLog(kind=ErasureLog.Kind.RETENTION, count=1) for _ in range(n))


@pytest.mark.parametrize(
    ("changelist", "grow"),
    [
        ("admin:core_auditentry_changelist", _grow_audit),
        ("admin:pool_advisor_changelist", _grow_advisors),
        ("admin:pool_call_changelist", _grow_calls),
        ("admin:pool_duplicateflag_changelist", _grow_duplicates),
        ("admin:pool_erasurelog_changelist", _grow_erasures),
    ],
)
def test_admin_lists_run_the_same_queries_at_ten_times_the_rows(client, world, changelist, grow):
    from django.urls import reverse

    from miglobe.core.testing import assert_constant_queries

    client.force_login(world["staff"])
    url = reverse(changelist)

    def load():
        assert client.get(url).status_code == 200

    queries = assert_constant_queries(load, lambda n: grow(world, n))
    route = url.lstrip("/")
    assert queries <= admin_budgets()[route][1]
