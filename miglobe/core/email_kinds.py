"""What kind of email a template writes, in words staff read in the outbox ("Entscheidung: ausgewählt"
rather than "pool/decision_selected").

    from miglobe.core.email_kinds import register
    register({"pool/draft_deadline": _("Erinnerung: Entwurf vor Fristende")})

Each app registers the kinds of its own templates beside its admin (core names no domain). A template
nobody registered is shown by its code, so an email is never hidden for want of a label.
"""

_kinds: dict[str, str] = {}


def register(kinds: dict[str, str]) -> None:
    """Add or replace labels (lazy translations, so each is shown in the reader's language)."""
    _kinds.update(kinds)


def label(template: str) -> str:
    return str(_kinds.get(template, template))
