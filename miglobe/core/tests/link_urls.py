"""The real URLconf plus a key-less page behind a private link, for testing miglobe.core.private_links."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.urls import path, reverse

from miglobe.core.private_links import PrivateLink
from miglobe.urls import urlpatterns as real_patterns

from .testapp.models import Appointment

RESENT_TO: list[str] = []
# Appointments titled "expired" ended before this link was ever sent.
LONG_AGO = datetime(2000, 1, 1, tzinfo=ZoneInfo("Europe/Berlin"))

APPOINTMENT_LINK = PrivateLink(
    name="testapp.appointment",
    lookup=lambda key: Appointment.objects.filter(pk=int(key)).first() if key.isdigit() else None,
    key=lambda obj: str(obj.pk),
    landing=lambda obj: reverse("appointment", args=[obj.pk]),
    expires_at=lambda obj: LONG_AGO if obj.title == "expired" else None,
    resend=RESENT_TO.append,
)


def appointment(request, pk):
    obj = APPOINTMENT_LINK.get_object_or_404(request, pk)
    return HttpResponse(f"Termin {obj.title}")


urlpatterns = [*real_patterns, path("termin/<int:pk>/", appointment, name="appointment")]
