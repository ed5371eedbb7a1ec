from django import template

from miglobe.core.models import AuditEntry

register = template.Library()


@register.simple_tag
def audit_entries(obj):
    """An object's audit history for its admin history page (one query)."""
    return list(AuditEntry.objects.for_object(obj))
