"""The one place consultations writes to the audit trail (CONTRACTS §1, owned by i8-security).

Until `miglobe.core.audit` is merged into this branch the history lives in StageChange and the assignment
rows alone; the integrator replaces the fallback below by the import (see the branch report).
"""

try:
    from miglobe.core.audit import record
except ImportError:  # pragma: no cover - removed when i8-security is merged

    def record(*, actor, action, obj=None, data=None):
        return None


__all__ = ["record"]
