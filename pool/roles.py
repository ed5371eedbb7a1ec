"""The pool's permissions of each staff role (collected by `miglobe.core.roles`, like `reminders.py`).

Which review rows a panel member may read is decided by `pool.permissions`, not by these alone.
"""

from miglobe.core.roles import ALL, PROGRAMME_TEAM, SELECTION_PANEL

PERMISSIONS = {
    PROGRAMME_TEAM: ALL,
    SELECTION_PANEL: ("view_call", "view_application", "view_review", "add_review", "change_review"),
}

# Art. 9 DSGVO: the migration background is for the few who need it, given person by person.
INDIVIDUAL = ("view_special_category",)
