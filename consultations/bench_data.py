"""The consultations' part of `manage.py seed_bench` (benchmark volumes; never demo or production data).

At scale 1: the full BW municipality directory (the app's own GV100AD import, from consultations/data/),
2,000 requests from its Gemeinden and Kreise in every stage, accepted assignments of the bench advisors on
those past "advisors proposed", and 20,000 consultation log entries on them (most approved).
"""

import io
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from pool.bench_data import SLUG_PREFIX
from pool.models import Advisor

from .choices import ActivityKind, AssignmentStatus, EntryStatus, Format, Setting, Stage
from .fee_models import LogEntry
from .fee_services import recount_fee_totals
from .models import Assignment, ConsultationRequest, Municipality

DIRECTORY = Path(__file__).resolve().parent / "data" / "GV100AD_31082025_BW.txt.gz"
EMAIL_DOMAIN = "bench-kommune.example"
REQUESTS = 2000
LOG_ENTRIES = 20_000
WITH_ADVISORS = {Stage.DIALOGFORUM_AGREED, Stage.DIALOGFORUM_HELD, Stage.BERATUNG_RUNNING, Stage.COMPLETED}
STAGES = [
    (Stage.RECEIVED, 10),
    (Stage.IN_REVIEW, 10),
    (Stage.ADVISORS_PROPOSED, 10),
    (Stage.DIALOGFORUM_AGREED, 10),
    (Stage.DIALOGFORUM_HELD, 10),
    (Stage.BERATUNG_RUNNING, 20),
    (Stage.COMPLETED, 20),
    (Stage.NOT_PURSUED, 7),
    (Stage.WITHDRAWN, 3),
]


def forget():
    requests = ConsultationRequest.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    LogEntry.objects.filter(assignment__request__in=requests).delete()
    Assignment.objects.filter(request__in=requests).delete()
    requests.delete()


def seed(*, scale, rng, stdout):
    report = io.StringIO()
    call_command("import_municipalities", str(DIRECTORY), stdout=report)
    stdout.write(report.getvalue().strip().splitlines()[-2] if report.getvalue().strip() else "")
    municipalities = list(Municipality.objects.filter(in_directory=True).values_list("pk", flat=True))
    advisors = list(
        Advisor.objects.filter(call__slug__startswith=SLUG_PREFIX, status__in=["active", "qualified"]).values_list(
            "pk", flat=True
        )
    )
    now = timezone.now()
    stages, weights = zip(*STAGES, strict=True)
    total = max(1, round(REQUESTS * scale))
    requests = ConsultationRequest.objects.bulk_create(
        (
            ConsultationRequest(
                municipality_id=rng.choice(municipalities),
                office="Amt für Integration",
                contact_name=f"Kontakt {number}",
                contact_role="Integrationsbeauftragte*r",
                email=f"anfrage{number}@{EMAIL_DOMAIN}",
                situation="Wir möchten unsere Städtepartnerschaft mit dem Globalen Süden neu beleben. " * 3,
                goals="Ein Dialogforum mit Vereinen und Verwaltung.",
                desired_format=rng.choice(Format.values),
                privacy_consent_at=now - timedelta(days=number % 700),
                stage=rng.choices(stages, weights)[0],
                created_at=now - timedelta(days=number % 700, minutes=number),
            )
            for number in range(total)
        ),
        batch_size=2000,
    )
    assignments = Assignment.objects.bulk_create(
        (
            _accepted(request, advisor_id=advisor)
            for request in requests
            if request.stage in WITH_ADVISORS and advisors
            for advisor in rng.sample(advisors, k=min(2, len(advisors)))
        ),
        batch_size=2000,
    )
    # The advisor with the bench login (`bench-beraterin`) works on ten cases, so the portal log has data.
    own = Advisor.objects.filter(call__slug__startswith=SLUG_PREFIX, user__isnull=False).first()
    if own is not None:
        running = [r for r in requests if r.stage in WITH_ADVISORS][:10]
        taken = {(a.request_id, a.advisor_id) for a in assignments}
        assignments += Assignment.objects.bulk_create(
            _accepted(request, advisor_id=own.pk) for request in running if (request.pk, own.pk) not in taken
        )
    entries = []
    if assignments:
        for number in range(max(1, round(LOG_ENTRIES * scale))):
            assignment = assignments[number % len(assignments)]
            entries.append(
                LogEntry(
                    assignment=assignment,
                    date=(assignment.answered_at + timedelta(days=number % 200)).date(),
                    kind=rng.choice(ActivityKind.values),
                    duration_minutes=rng.choice([60, 90, 120, 180, 240]),
                    setting=rng.choice(Setting.values),
                    participants=rng.randrange(0, 40),
                    summary="Gespräch mit der Verwaltung über die nächsten Schritte.",
                    status=rng.choices([EntryStatus.APPROVED, EntryStatus.PENDING, EntryStatus.RETURNED], [80, 15, 5])[
                        0
                    ],
                )
            )
        LogEntry.objects.bulk_create(entries, batch_size=5000)
    recount_fee_totals()  # bulk inserts bypass approve_entry, which keeps the running totals
    stdout.write(
        f"consultations: {len(municipalities)} municipalities, {len(requests)} requests, "
        f"{len(assignments)} assignments, {len(entries)} log entries"
    )


def _accepted(request, *, advisor_id):
    """An assignment the advisor accepted: proposed five days after the request, answered two days later."""
    return Assignment(
        request=request,
        advisor_id=advisor_id,
        status=AssignmentStatus.ACCEPTED,
        proposed_at=request.created_at + timedelta(days=5),
        answered_at=request.created_at + timedelta(days=7),
    )
