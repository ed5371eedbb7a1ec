import pytest

from miglobe.core.tests.factories import PanelMemberFactory, StaffFactory

from .factories import ApplicationFactory, CallFactory, CriterionFactory


@pytest.fixture
def call(db):
    call = CallFactory()
    CriterionFactory(call=call, name="Erfahrung in der Entwicklungspolitik", weight=3)
    CriterionFactory(call=call, name="Bezug zu Kommunen", weight=2)
    CriterionFactory(call=call, name="Motivation", weight=1)
    return call


@pytest.fixture
def staff(db):
    return StaffFactory(username="programmteam")


@pytest.fixture
def panel_member(call):
    member = PanelMemberFactory(username="gremium")
    call.reviewers.add(member)
    return member


@pytest.fixture
def application(call):
    return ApplicationFactory(call=call)
