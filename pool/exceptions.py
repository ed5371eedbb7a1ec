"""The one exception every pool service raises when it refuses a change (re-exported by pool.services)."""


class Refused(Exception):
    """A service refused the change; the message is translated and shown to the user as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
