"""The kinds of the pool's emails, as staff read them in the outbox (`miglobe.core.email_kinds`)."""

from django.utils.translation import gettext_lazy as _

from miglobe.core import email_kinds

email_kinds.register(
    {
        "pool/application_submitted": _("Bewerbung eingegangen"),
        "pool/draft_saved": _("Entwurf gespeichert"),
        "pool/draft_deadline": _("Erinnerung: Entwurf vor Fristende"),
        "pool/new_link": _("Neuer Link zur Bewerbung"),
        "pool/decision_selected": _("Entscheidung: ausgewählt"),
        "pool/decision_reserve": _("Entscheidung: Nachrückliste"),
        "pool/decision_rejected": _("Entscheidung: abgelehnt"),
        "pool/reserve_consent_expiring": _("Nachrückliste: Einwilligung läuft ab"),
        "pool/staff_digest": _("Tagesübersicht neuer Bewerbungen"),
        "pool/advisor_invitation": _("Zugang zum Portal"),
    }
)
