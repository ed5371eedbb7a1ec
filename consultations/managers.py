from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .choices import (
    CITY_KREIS_TYPES,
    CLOSED_STAGES,
    OPEN_ASSIGNMENT_STATUSES,
    UNINCORPORATED_TYPES,
    AssignmentStatus,
    Level,
)


class MunicipalityQuerySet(models.QuerySet):
    def gemeinden(self):
        """Gemeinden in the proper sense: Satzart 60 without the gemeindefreie Gebiete."""
        return self.filter(level=Level.GEMEINDE).exclude(area_type__in=UNINCORPORATED_TYPES)

    def requestable(self):
        """Who may file a request: current Gemeinden, Städte and Kreise."""
        # A Stadtkreis is listed as Kreis and as Gemeinde; the city asks as the Gemeinde, so it appears once.
        return self.filter(in_directory=True).filter(
            Q(level=Level.KREIS) & ~Q(area_type__in=CITY_KREIS_TYPES)
            | Q(level=Level.GEMEINDE) & ~Q(area_type__in=UNINCORPORATED_TYPES)
        )

    def search(self, text: str):
        """By AGS/Kreisschlüssel prefix or by a part of the name, case-insensitive."""
        text = (text or "").strip()
        if not text:
            return self.none()
        if text.isdigit():
            return self.filter(key__startswith=text)
        return self.filter(name__icontains=text)


def _assignments_with(assignment_model, status):
    counted = (
        assignment_model.objects.filter(request=OuterRef("pk"), status=status)
        .order_by()
        .values("request")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class ConsultationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(stage__in=CLOSED_STAGES)

    def for_staff_list(self):
        """The staff list: one query however many requests, with the counts the list shows.

        The counts are subqueries, not a count over a join: grouped over the join, the database counted the
        assignments of every request before a page of them could be cut off (issue #13)."""
        assignment = self.model._meta.get_field("assignments").related_model
        return self.select_related("municipality").annotate(
            accepted_count=_assignments_with(assignment, AssignmentStatus.ACCEPTED),
            proposed_count=_assignments_with(assignment, AssignmentStatus.PROPOSED),
        )

    def assigned_to(self, advisor):
        """Requests the advisor accepted, or is asked to take on (they must read it to decide)."""
        return self.filter(assignments__advisor=advisor, assignments__status__in=OPEN_ASSIGNMENT_STATUSES).distinct()


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_ASSIGNMENT_STATUSES)

    def unanswered_since(self, moment):
        """Proposed at or before `moment` and still without an answer, on a request that is still open."""
        return self.filter(status=AssignmentStatus.PROPOSED, proposed_at__lte=moment).exclude(
            request__stage__in=CLOSED_STAGES
        )
