from datetime import timedelta

import factory
from django.conf import settings
from django.utils import timezone, translation

from pool.models import Advisor, Application, ApplicationLanguage, Call, Review, Score, SelectionCriterion, Topic


class GermanTextsFactory(factory.django.DjangoModelFactory):
    """Texts given as `title=` are the German source text, whatever language a test request left active.

    modeltranslation stores `title=` in the active language's column (pool/translation.py), and the test
    client leaves the language of its last request active; staff always write German first."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return super()._create(model_class, *args, **kwargs)


class CallFactory(GermanTextsFactory):
    """An open call: opened a week ago, closes in three weeks."""

    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"MiGlobe-Ausschreibung {2027 + n}")
    slug = factory.Sequence(lambda n: f"ausschreibung-{n}")
    description = "Wir suchen Berater*innen mit eigener Migrationsgeschichte."
    eligibility = "Menschen mit Migrationsgeschichte, die in Baden-Württemberg entwicklungspolitisch aktiv sind."
    work_description = "Sechs Wochenendseminare, danach Beratungen in Kommunen gegen Honorar."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=21))

    class Params:
        # Past its deadline: only then are people selected or put on the reserve list.
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=40)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )


class CriterionFactory(GermanTextsFactory):
    class Meta:
        model = SelectionCriterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Kriterium {n}")
    weight = 1


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application with a reference number and consent, as submit_application leaves it."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    status = Application.Status.SUBMITTED
    reference = factory.Sequence(lambda n: f"MG-2027-{n + 1:04d}")
    first_name = factory.Sequence(lambda n: f"Vorname{n}")
    last_name = factory.Sequence(lambda n: f"Nachname{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    home_region = "08111"
    motivation = "Ich möchte Kommunen bei der interkulturellen Öffnung unterstützen."
    availability_days = 3
    privacy_consent_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)
    email_key = factory.LazyAttribute(lambda a: a.email.lower())

    class Params:
        draft = factory.Trait(status=Application.Status.DRAFT, reference=None, submitted_at=None)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationLanguage

    application = factory.SubFactory(ApplicationFactory)
    name = "Arabisch"
    level = Application.Level.NATIVE


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory("miglobe.core.tests.factories.PanelMemberFactory")
    recommendation = Review.Recommendation.SELECT
    submitted_at = factory.LazyFunction(timezone.now)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(CriterionFactory)
    value = 3


class AdvisorFactory(factory.django.DjangoModelFactory):
    """A member of the pool, selected from an application of the call."""

    class Meta:
        model = Advisor

    call = factory.SubFactory(CallFactory)
    application = factory.SubFactory(
        ApplicationFactory, call=factory.SelfAttribute("..call"), status=Application.Status.SELECTED
    )
    first_name = factory.SelfAttribute("application.first_name")
    last_name = factory.SelfAttribute("application.last_name")
    email = factory.SelfAttribute("application.email")


def topic(name="Flucht und Migration"):
    return Topic.objects.get(name_de=name)


class PortalAdvisorFactory(AdvisorFactory):
    """An advisor who accepted the invitation: a non-staff login with the test password."""

    user = factory.SubFactory(
        "miglobe.core.tests.factories.UserFactory",
        username=factory.Sequence(lambda n: f"b-t{n:04d}"),  # a pseudonym, as roster_services gives
        email=factory.SelfAttribute("..email"),
    )
    invitation_accepted_at = factory.LazyFunction(timezone.now)
