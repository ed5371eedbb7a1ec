import factory
from django.utils import timezone

from consultations.choices import Format, Level, Stage
from consultations.models import Assignment, ConsultationRequest, Municipality
from pool.models import Advisor
from pool.tests.factories import AdvisorFactory, PortalAdvisorFactory


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"08226{n + 100:03d}")
    level = Level.GEMEINDE
    area_type = "64"
    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    land_key = factory.LazyAttribute(lambda m: m.key[:2])
    rb_key = factory.LazyAttribute(lambda m: m.key[:3])
    region_key = factory.LazyAttribute(lambda m: m.key[:4])
    kreis_key = factory.LazyAttribute(lambda m: m.key[:5])
    population = 5000
    gebietsstand = factory.LazyFunction(lambda: timezone.localdate())


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationRequest
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    office = "Büro des Bürgermeisters"
    contact_name = factory.Sequence(lambda n: f"Kontakt {n}")
    contact_role = "Referentin"
    email = factory.Sequence(lambda n: f"kommune{n}@example.org")
    situation = "Wir haben eine Städtepartnerschaft und wenig Kontakt zur Diaspora."
    goals = "Migrant*innenorganisationen einbeziehen."
    desired_format = Format.DIALOGFORUM
    privacy_consent_at = factory.LazyFunction(timezone.now)
    stage = Stage.RECEIVED

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class ActiveAdvisorFactory(AdvisorFactory):
    status = Advisor.Status.ACTIVE


class ActivePortalAdvisorFactory(PortalAdvisorFactory):
    status = Advisor.Status.ACTIVE


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    request = factory.SubFactory(RequestFactory)
    advisor = factory.SubFactory(ActiveAdvisorFactory)
