from datetime import time

from django.db import models

from miglobe.core.reminders import last_local_day_reached


class AppointmentQuerySet(models.QuerySet):
    def due_for_reminder(self, now, *, at: time):
        """Appointments whose reminder – at `at` (Europe/Berlin) on their day – has come and which have
        not started yet: a window, so a sweep that did not run for a while still catches up."""
        return self.filter(day__lte=last_local_day_reached(now, at), starts_at__gt=now)


class Appointment(models.Model):
    title = models.CharField(max_length=100)
    day = models.DateField()
    starts_at = models.DateTimeField()
    attendee_name = models.CharField(max_length=100, blank=True)
    attendee_email = models.EmailField()
    attendee_language = models.CharField(max_length=5, default="de")

    objects = AppointmentQuerySet.as_manager()

    def __str__(self):
        return self.title
