import pytest
from django.core.cache import cache

from consultations.directory import import_municipalities
from miglobe.core.tests.factories import StaffFactory

from .gv100ad_samples import encode, record


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def directory(db):
    """A slice of the real directory: RB Karlsruhe with the Region Rhein-Neckar (Heidelberg, Rhein-Neckar-Kreis)
    and the Region Karlsruhe, and RB Stuttgart with Stuttgart."""
    lines = [
        record("10", "08", "Baden-Württemberg"),
        record("20", "081", "Reg.-Bez. Stuttgart"),
        record("30", "0811", "Region Stuttgart"),
        record("40", "08111", "Stuttgart, Stadtkreis", type_code="42"),
        record("60", "08111000", "Stuttgart, Landeshauptstadt", type_code="62", population=612663, verband="0000"),
        record("20", "082", "Reg.-Bez. Karlsruhe"),
        record("30", "0821", "Region Karlsruhe"),
        record("40", "08212", "Karlsruhe, Stadtkreis", type_code="42"),
        record("60", "08212000", "Karlsruhe, Stadt", type_code="62", population=308000, verband="0000"),
        record("30", "0822", "Region Rhein-Neckar"),
        record("40", "08221", "Heidelberg, Stadtkreis", type_code="42"),
        record("60", "08221000", "Heidelberg, Stadt", type_code="62", population=160000, verband="0000"),
        record("40", "08226", "Rhein-Neckar-Kreis", type_code="44"),
        record("60", "08226013", "Eberbach, Stadt", type_code="63", population=14267, verband="5001"),
        record("60", "08226085", "Weinheim, Große Kreisstadt", type_code="67", population=45000, verband="0000"),
        record("60", "08226999", "Eberbach-Süd", type_code="64", population=1000, verband="5001"),
    ]
    import_municipalities(raw=encode(lines), lands=["08"])


@pytest.fixture
def staff(db):
    return StaffFactory(username="programmteam")
