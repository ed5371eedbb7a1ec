"""The one exception a service raises when it refuses a change, in every app.

One class, so that code running another app's service catches it as well: `pool.advisor_erasure` stops an
erasure when a hook of the seminars or consultations app refuses, and the views of each app show the message.
"""


class Refused(Exception):
    """A service refused the change; the message is translated and shown to the user as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
