"""Rooms you can find: no import circles, one home per rule, references that lead somewhere."""

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from miglobe.core import reminders as core_reminders
from miglobe.core.roles import PROGRAMME_TEAM, SELECTION_PANEL, sync_role_permissions
from pool import reminders as pool_reminders
from pool import roles as pool_roles
from pool import services
from pool.choices import AdvisorStatus, ApplicationStatus

ROOT = Path(settings.BASE_DIR)
PROJECT_DIRS = ["miglobe", "pool", "seminars", "consultations"]


def imports_of(path):
    """The modules a file imports at any depth (inside functions too), as written."""
    names = set()
    for node in ast.walk(ast.parse((ROOT / path).read_text())):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
            names.update("." * node.level + (node.module + "." if node.module else "") + a.name for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ("pool/managers.py", {".models", "pool.models"}),
        ("pool/permissions.py", {".models", "pool.models", ".managers"}),
        ("pool/choices.py", {".models", ".managers"}),
        ("miglobe/core/outbox.py", {".tasks", "miglobe.core.tasks", ".reminders"}),
        ("miglobe/core/reminders.py", {".tasks", "miglobe.core.tasks"}),
    ],
)
def test_no_import_circles(path, forbidden):
    assert not imports_of(path) & forbidden


def test_status_values_are_written_as_choices_in_the_managers():
    values = set(ApplicationStatus.values) | set(AdvisorStatus.values)
    tree = ast.parse((ROOT / "pool/managers.py").read_text())
    literals = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value in values]
    assert literals == []


def test_references_in_docstrings_and_comments_lead_somewhere():
    missing = []
    for directory in PROJECT_DIRS:
        for path in (ROOT / directory).rglob("*.py"):
            text = path.read_text()
            for document in re.findall(r"docs/decisions/[\w.-]+\.md", text):
                if not (ROOT / document).exists():
                    missing.append(f"{path.relative_to(ROOT)}: {document}")
            if path.parts[-2] == "pool" or "pool" in path.parts:
                for name in re.findall(r"\bservices\.(\w+)\(", text):
                    if not hasattr(services, name):
                        missing.append(f"{path.relative_to(ROOT)}: services.{name}")
    assert missing == []


def test_the_daylight_saving_logic_lives_in_core(monkeypatch):
    asked = []
    real = core_reminders.local_moment

    def spy(day, at):
        asked.append((day, at))
        return real(day, at)

    monkeypatch.setattr(pool_reminders, "local_moment", spy)
    # 29 March 2026: the clocks went forward at 02:00, so this window is 23 hours long.
    start, end = pool_reminders.digest_window(datetime(2026, 3, 29, 10, 0, tzinfo=UTC))
    assert asked  # the pool asks core instead of combining dates and zones itself
    assert (start, end) == (datetime(2026, 3, 28, 7, 0, tzinfo=UTC), datetime(2026, 3, 29, 6, 0, tzinfo=UTC))
    source = (ROOT / "pool/reminders.py").read_text()
    assert "make_aware" not in source and "datetime.combine" not in source


def test_core_roles_names_no_app():
    source = (ROOT / "miglobe/core/roles.py").read_text()
    code = ast.unparse(ast.parse(source))  # without comments and docstring formatting
    strings = [n.value for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert not [s for s in strings if re.search(r"\b(pool|seminars|consultations)\b", s)]


@pytest.mark.django_db
def test_each_app_declares_its_roles_permissions(monkeypatch):
    monkeypatch.setattr(
        pool_roles, "PERMISSIONS", {**pool_roles.PERMISSIONS, SELECTION_PANEL: ("view_call", "view_topic")}
    )
    sync_role_permissions()
    panel = set(Group.objects.get(name=SELECTION_PANEL).permissions.values_list("codename", flat=True))
    assert panel == {"view_call", "view_topic"}
    team = set(Group.objects.get(name=PROGRAMME_TEAM).permissions.values_list("codename", flat=True))
    assert "decide_application" in team and "view_special_category" not in team


@pytest.mark.django_db
def test_an_app_may_give_a_role_permissions_of_a_library_it_brings_in(monkeypatch):
    monkeypatch.setattr(pool_roles, "FOREIGN", {PROGRAMME_TEAM: ("auth.view_group",)}, raising=False)
    sync_role_permissions()
    team = Group.objects.get(name=PROGRAMME_TEAM).permissions
    assert team.filter(content_type__app_label="auth", codename="view_group").exists()
