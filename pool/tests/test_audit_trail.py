"""Every pool service that changes a status or touches personal data writes its entry to the audit trail."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from miglobe.core.audit import record
from miglobe.core.models import AuditEntry
from miglobe.core.tests.factories import PASSWORD
from pool import services
from pool.models import Application

from .factories import ApplicationFactory

Status = Application.Status
pytestmark = pytest.mark.django_db


def trail(obj):
    return [(e.action, e.actor_id, e.data) for e in AuditEntry.objects.for_object(obj)]


@pytest.mark.parametrize(
    ("service", "start", "action"),
    [
        (services.start_review, Status.SUBMITTED, "pool.application.review_started"),
        (services.shortlist, Status.IN_REVIEW, "pool.application.shortlisted"),
        (services.invite_to_interview, Status.SHORTLISTED, "pool.application.invited_to_interview"),
        (services.select_application, Status.SHORTLISTED, "pool.application.selected"),
    ],
)
def test_each_status_change_is_recorded_with_who_from_and_to(closed_call, staff, service, start, action):
    # A closed call: selection waits for the deadline, and the review stages happen after it too.
    application = ApplicationFactory(call=closed_call, status=start)
    service(application=application, by=staff)
    target = Application.objects.get(pk=application.pk).status
    assert trail(application) == [(action, staff.pk, {"from": start, "to": target})]


def test_a_rejection_is_recorded_without_its_reason(call, staff):
    application = ApplicationFactory(call=call, status=Status.IN_REVIEW)
    services.reject(application=application, by=staff, reason="Frau Ö. passt nicht")
    assert trail(application) == [("pool.application.rejected", staff.pk, {"from": "in_review", "to": "rejected"})]


def test_a_status_change_rolled_back_leaves_no_entry(call, staff):
    application = ApplicationFactory(call=call, status=Status.SUBMITTED)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.start_review(application=application, by=staff)
        raise RuntimeError("something after the service failed")
    assert trail(application) == []


def test_a_refused_status_change_leaves_no_entry(call, staff):
    application = ApplicationFactory(call=call, status=Status.SELECTED)
    with pytest.raises(services.Refused):
        services.start_review(application=application, by=staff)
    assert trail(application) == []


def test_the_applicants_own_changes_are_recorded_without_actor(call):
    application = ApplicationFactory(
        call=call,
        status=Status.SUBMITTED,
        migration_background="Aus Kabul.",
        special_category_consent_at=timezone.now(),
    )
    services.withdraw_special_category_consent(application=application)
    services.withdraw_application(application=application)
    assert trail(application) == [
        ("pool.application.special_category_consent_withdrawn", None, {}),
        ("pool.application.withdrawn", None, {"from": "submitted", "to": "withdrawn"}),
    ]


def test_sending_decisions_is_recorded_per_application(call):
    selected = ApplicationFactory(call=call, status=Status.SELECTED)
    rejected = ApplicationFactory(call=call, status=Status.REJECTED)
    assert services.send_decision_emails(applications=[selected, rejected]) == 2
    assert trail(selected) == [("pool.application.decision_sent", None, {"status": "selected"})]
    assert trail(rejected) == [("pool.application.decision_sent", None, {"status": "rejected"})]


def test_a_submitted_review_is_recorded(application, panel_member):
    scores = {c.pk: 4 for c in application.call.criteria.all()}
    review = services.submit_review(
        application=application, reviewer=panel_member, scores=scores, recommendation="select", comment="gut"
    )
    assert trail(review) == [
        ("pool.review.submitted", panel_member.pk, {"application": application.pk, "conflict_of_interest": False})
    ]


def test_a_review_refused_for_missing_scores_leaves_no_entry(application, panel_member):
    with pytest.raises(services.Refused):
        services.submit_review(application=application, reviewer=panel_member, scores={}, recommendation="", comment="")
    assert not AuditEntry.objects.filter(action="pool.review.submitted").exists()


def test_an_erasure_keeps_the_reference_and_drops_every_detail(call, staff):
    application = ApplicationFactory(call=call, status=Status.IN_REVIEW, first_name="Ayşe", email="ayse@example.org")
    services.reject(application=application, by=staff, reason="passt nicht")
    pk, reference = application.pk, application.reference
    services.erase_application_on_request(application=Application.objects.get(pk=pk))

    entries = list(AuditEntry.objects.filter(object_id=str(pk), content_type__model="application").order_by("pk"))
    assert [e.action for e in entries] == ["pool.application.rejected", "pool.application.erased"]
    assert all(e.object_label == reference for e in entries)
    assert entries[0].data == {} and entries[0].redacted_at is not None
    assert entries[1].data == {"kind": "request"}
    text = str([(e.actor_label, e.object_label, e.data) for e in entries])
    assert "Ayşe" not in text and "ayse@" not in text
    assert not Application.objects.filter(pk=pk).exists()


def test_the_retention_job_records_each_erasure(call):
    application = ApplicationFactory(call=call, status=Status.WITHDRAWN, decided_at=timezone.now().replace(year=2000))
    services.erase_expired_applications()
    assert AuditEntry.objects.get(action="pool.application.erased", object_id=str(application.pk)).data == {
        "kind": "retention"
    }


# --- in the admin -----------------------------------------------------------------------------------


def test_a_cv_download_is_recorded(client, call, staff):
    application = ApplicationFactory(call=call)
    application.cv.save("x.pdf", ContentFile(b"%PDF-1.7 Lebenslauf"), save=True)
    client.login(username=staff.username, password=PASSWORD)
    assert client.get(reverse("admin:pool_application_cv", args=[application.pk])).status_code == 200
    assert trail(application) == [("pool.application.cv_downloaded", staff.pk, {})]


def test_an_export_is_recorded_with_ids_and_no_content(client, call, staff):
    a, b = ApplicationFactory(call=call), ApplicationFactory(call=call)
    client.login(username=staff.username, password=PASSWORD)
    response = client.post(
        reverse("admin:pool_application_changelist"), {"action": "export_csv_action", "_selected_action": [a.pk, b.pk]}
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="pool.application.exported")
    assert (entry.actor_id, entry.data) == (staff.pk, {"format": "csv", "count": 2, "ids": sorted([a.pk, b.pk])})


def test_viewing_the_art_9_field_is_recorded_only_for_those_who_see_it(client, call, staff):
    application = ApplicationFactory(
        call=call, migration_background="Aus Kabul.", special_category_consent_at=timezone.now()
    )
    client.login(username=staff.username, password=PASSWORD)
    url = reverse("admin:pool_application_change", args=[application.pk])
    assert "Aus Kabul." not in client.get(url).content.decode()
    assert trail(application) == []

    staff.user_permissions.add(Permission.objects.get(codename="view_special_category"))
    client.login(username=staff.username, password=PASSWORD)
    assert "Aus Kabul." in client.get(url).content.decode()
    assert trail(application) == [("pool.application.special_category_viewed", staff.pk, {})]


def test_the_applicants_data_download_is_recorded(client, call):
    from .applicant import open_link

    application = ApplicationFactory(call=call)
    open_link(client, application)
    assert client.get(reverse("pool:application_export", args=[application.public_id])).status_code == 200
    assert trail(application) == [("pool.application.data_exported", None, {})]


def test_staff_see_the_trail_on_the_applications_history_page(client, call, staff):
    application = ApplicationFactory(call=call, status=Status.SUBMITTED)
    services.start_review(application=application, by=staff)
    client.login(username=staff.username, password=PASSWORD)
    html = client.get(reverse("admin:pool_application_history", args=[application.pk])).content.decode()
    trail_html = html[html.index('id="audit-trail"') :]
    assert "pool.application.review_started" in trail_html and staff.username in trail_html
    # Django's own "no change history" note would contradict the trail below it (found in the trial walk).
    assert "keine Änderungsgeschichte" not in html
    another = ApplicationFactory(call=call, status=Status.SUBMITTED)
    html = client.get(reverse("admin:pool_application_history", args=[another.pk])).content.decode()
    assert "keine Änderungsgeschichte" in html and "Noch keine Einträge." in html


def test_a_draft_saved_by_an_english_visitor_is_named_in_german_in_the_trail(call):
    """Found in the trial walk: the German trail listed "Draft #60", made during an English request."""
    draft = ApplicationFactory(call=call, draft=True)
    with translation.override("en"):
        entry = record(actor=None, action="pool.application.draft_saved", obj=draft)
    assert entry.object_label == f"Entwurf #{draft.pk}"
