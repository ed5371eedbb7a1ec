from django.db import models
from django.db.models import Q

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


class ConsultationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(stage__in=CLOSED_STAGES)

    def for_staff_list(self):
        """The staff list: one query however many requests, with the counts the list shows."""
        return self.select_related("municipality").annotate(
            accepted_count=models.Count("assignments", filter=Q(assignments__status=AssignmentStatus.ACCEPTED)),
            proposed_count=models.Count("assignments", filter=Q(assignments__status=AssignmentStatus.PROPOSED)),
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
