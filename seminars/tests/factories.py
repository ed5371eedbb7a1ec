from datetime import timedelta

import factory
from django.utils import timezone

from pool.tests.factories import AdvisorFactory, CallFactory
from seminars.models import Curriculum, Module, Seminar

MODULE_TITLES = [
    "Kommunale Entwicklungspolitik",
    "Kommunales Wissen",
    "Methodik interkulturelle Öffnung",
    "Berater*innenrolle",
    "Akteurslandschaft",
    "Praxistransfer und Moderation",
]


class CurriculumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Curriculum
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)

    @factory.post_generation
    def modules(self, create, extracted, **kwargs):
        """Six modules unless `modules=n` says otherwise."""
        if create:
            count = 6 if extracted is None else extracted
            for number, title in enumerate(MODULE_TITLES[:count], start=1):
                Module.objects.create(curriculum=self, number=number, title_de=title)


class SeminarFactory(factory.django.DjangoModelFactory):
    """A Friday-to-Saturday seminar four weeks ahead."""

    class Meta:
        model = Seminar

    curriculum = factory.SubFactory(CurriculumFactory)
    module = factory.LazyAttribute(lambda s: s.curriculum.modules.first())
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=28))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=26))
    venue = "Haus der Kulturen"
    address = "Marktplatz 1\n70173 Stuttgart"
    capacity = 20
    trainers = "Dr. Meral Şahin"


def cohort_advisor(curriculum, **kwargs):
    return AdvisorFactory(call=curriculum.call, **kwargs)


def past_seminar(curriculum, module_number, *, days_ago=30):
    module = curriculum.modules.get(number=module_number)
    start = timezone.now() - timedelta(days=days_ago)
    return SeminarFactory(curriculum=curriculum, module=module, starts_at=start, ends_at=start + timedelta(hours=26))
