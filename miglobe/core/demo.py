"""Demo logins for the quick start. Each app adds its own demo data in its own `demo.py`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .roles import PROGRAMME_TEAM

DEMO_PASSWORD = "miglobe-demo"  # noqa: S105 -- a published demo login; seed_demo refuses without DEBUG
DEMO_STAFF = "team"
DEMO_ADVISOR = "beraterin"


def _ensure_user(username, *, email, first_name, last_name, is_staff):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"email": email, "first_name": first_name, "last_name": last_name, "is_staff": is_staff},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed(*, stdout):
    staff = _ensure_user(
        DEMO_STAFF, email="team@miglobe.example", first_name="Tanja", last_name="Team (Demo)", is_staff=True
    )
    staff.groups.add(Group.objects.get(name=PROGRAMME_TEAM))
    # The advisor of that address in the pool's demo (pool/demo.py links the login to her and keeps the name).
    _ensure_user(
        DEMO_ADVISOR, email="beraterin@miglobe.example", first_name="Amina", last_name="Diallo", is_staff=False
    )
    stdout.write(f"Demo-Logins (Passwort: {DEMO_PASSWORD}): {DEMO_STAFF} (Programmteam), {DEMO_ADVISOR} (Berater*in)")
