"""`get_home_region_display()` of applications and advisors: the same text as Django's own, in each language."""

import pytest
from django.db.models import Model
from django.utils import translation

from pool.models import Advisor, Application
from pool.regions import HomeRegion


def djangos_own(obj):
    # What Model._get_FIELD_display gives, the method the models replace.
    return Model._get_FIELD_display(obj, obj._meta.get_field("home_region"))


@pytest.mark.parametrize("model", [Application, Advisor])
@pytest.mark.parametrize("language", ["de", "en"])
def test_every_kreis_and_an_empty_or_unknown_value_read_as_before(model, language):
    with translation.override(language):
        for key in [*HomeRegion.values, "", "99999", None]:
            obj = model(home_region=key)
            assert obj.get_home_region_display() == djangos_own(obj), key


def test_the_kind_of_kreis_is_translated():
    obj = Application(home_region=HomeRegion.BIBERACH_LANDKREIS)
    with translation.override("de"):
        assert obj.get_home_region_display() == "Biberach (Landkreis)"
    with translation.override("en"):
        assert obj.get_home_region_display() != "Biberach (Landkreis)"
