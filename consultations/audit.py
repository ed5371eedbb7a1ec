"""The one place consultations writes to the audit trail (CONTRACTS §1)."""

from miglobe.core.audit import record

__all__ = ["record"]
