"""The pool's services refuse with core's one `Refused` (re-exported here and by pool.services)."""

from miglobe.core.exceptions import Refused

__all__ = ["Refused"]
