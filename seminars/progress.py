"""Where each advisor stands in each module: the one computation behind the rule, the matrix and the portal.

It reads a fixed number of queries for any number of advisors and seminars: the rows are fetched once
and folded in Python, so the matrix page and its exports keep a constant query count.
"""

from collections import defaultdict
from dataclasses import dataclass

from .models import Attendance, CatchUp, Invitation, Module
from .states import DONE, AttendanceState, InvitationStatus, ModuleState


@dataclass
class Progress:
    """One advisor's states per module id, and whether the curriculum's rule is met."""

    states: dict
    done: int
    needed: int

    @property
    def qualified(self):
        return self.needed > 0 and self.done >= self.needed


def module_state(records, catch_up, upcoming, *, partly_counts):
    """The state of one module from the advisor's attendance records there (in date order)."""
    counting = {AttendanceState.ATTENDED} | ({AttendanceState.PARTLY} if partly_counts else set())
    missed_first = None
    for state in records:
        if state in counting:
            return ModuleState.MADE_UP if missed_first else ModuleState.ATTENDED
        missed_first = missed_first or state
    if catch_up:
        return ModuleState.MADE_UP
    if upcoming:
        return ModuleState.UPCOMING
    if missed_first == AttendanceState.EXCUSED:
        return ModuleState.EXCUSED
    if missed_first == AttendanceState.PARTLY:
        return ModuleState.PARTLY  # partly, where partly does not count: still open
    if missed_first:
        return ModuleState.ABSENT
    return ModuleState.OPEN


def progress_for(curriculum, advisor_ids, now) -> tuple[list, dict]:
    """(modules, {advisor_id: Progress}) for the advisors of one curriculum, in four queries."""
    modules = list(Module.objects.filter(curriculum=curriculum).order_by("number"))
    advisor_ids = list(advisor_ids)
    records = defaultdict(list)
    for advisor_id, module_id, state in (
        Attendance.objects.filter(advisor_id__in=advisor_ids, seminar__curriculum=curriculum)
        .exclude(seminar__module__isnull=True)
        .order_by("seminar__starts_at", "pk")
        .values_list("advisor_id", "seminar__module_id", "state")
    ):
        records[advisor_id, module_id].append(state)
    catch_ups = set(
        CatchUp.objects.filter(advisor_id__in=advisor_ids, module__curriculum=curriculum).values_list(
            "advisor_id", "module_id"
        )
    )
    upcoming = set(
        Invitation.objects.filter(
            advisor_id__in=advisor_ids,
            seminar__curriculum=curriculum,
            seminar__module__isnull=False,
            seminar__ends_at__gt=now,
            status__in=[InvitationStatus.ACCEPTED, InvitationStatus.WAITLISTED],
        ).values_list("advisor_id", "seminar__module_id")
    )
    needed = curriculum.needed(len(modules))
    result = {}
    for advisor_id in advisor_ids:
        states = {
            module.pk: module_state(
                records.get((advisor_id, module.pk), []),
                (advisor_id, module.pk) in catch_ups,
                (advisor_id, module.pk) in upcoming,
                partly_counts=curriculum.partly_counts,
            )
            for module in modules
        }
        done = sum(1 for state in states.values() if state in DONE)
        result[advisor_id] = Progress(states=states, done=done, needed=needed)
    return modules, result
