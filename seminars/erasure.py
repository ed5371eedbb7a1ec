"""When a former advisor is erased (pool.advisor_erasure), the seminars keep only what carries no person:
attendance and answers stay as anonymous counts; notes, emails, the calendar key and the certificate go."""

from miglobe.core.outbox import erase_emails_about
from pool.advisor_erasure import register_erasure_hook

from .models import CalendarFeed, CatchUp, Invitation, Qualification


def erase_seminar_records(advisor, pseudonym):
    for invitation in Invitation.objects.filter(advisor=advisor):
        erase_emails_about(obj=invitation)  # invitations and reminders carry the name and address
    Invitation.objects.filter(advisor=advisor).update(note="")
    CatchUp.objects.filter(advisor=advisor).update(note="")
    CalendarFeed.objects.filter(advisor=advisor).delete()
    # A certificate whose holder has no name any more cannot be verified: the code goes with the row.
    Qualification.objects.filter(advisor=advisor).delete()


def register_erasure_hooks():
    register_erasure_hook(erase_seminar_records)
