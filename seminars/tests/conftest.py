import pytest

from miglobe.core.tests.factories import StaffFactory, UserFactory
from pool.tests.conftest import private_storage  # noqa: F401  (files into a temporary folder)

from .factories import CurriculumFactory, cohort_advisor


@pytest.fixture
def staff(db):
    return StaffFactory(username="programmteam")


@pytest.fixture
def curriculum(db):
    return CurriculumFactory()


@pytest.fixture
def advisor(curriculum):
    user = UserFactory(username="beraterin")
    return cohort_advisor(curriculum, user=user)
