"""This app's permissions of each staff role (collected by `miglobe.core.roles`)."""

from miglobe.core.roles import ALL, PROGRAMME_TEAM

PERMISSIONS = {PROGRAMME_TEAM: ALL}
