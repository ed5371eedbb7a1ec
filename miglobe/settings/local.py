"""Quick start on a developer's machine: SQLite, file-system broker, emails on the console."""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env


def _local_secret_key() -> str:
    # Generated once per checkout and kept in var/, so sessions survive restarts without a committed key.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()
