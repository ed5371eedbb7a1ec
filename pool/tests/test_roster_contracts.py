"""The interfaces other branches build on: portal registry, advisor_required, assignable, roster columns."""

import pytest
from django.db.models import Value
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from miglobe.core import portal
from miglobe.core.tests.factories import PASSWORD, UserFactory
from pool import roster, services
from pool.models import Advisor, AdvisorStatusChange
from pool.portal import advisor_required

from .factories import AdvisorFactory, PortalAdvisorFactory

Status = Advisor.Status


@pytest.fixture
def extra_sections():
    added = []

    def add(section):
        added.append(section.key)
        return portal.register(section)

    yield add
    for key in added:
        portal.unregister(key)


def test_portal_sections_are_ordered_and_registering_again_replaces(extra_sections):
    extra_sections(portal.PortalSection(key="zz-late", title="Spät", template="x.html", order=99))
    extra_sections(portal.PortalSection(key="aa-early", title="Früh", template="x.html", order=-5))
    extra_sections(portal.PortalSection(key="aa-early", title="Früh 2", template="x.html", order=-5))
    keys = [s.key for s in portal.sections()]
    assert keys[0] == "aa-early" and keys[-1] == "zz-late"
    assert keys.count("aa-early") == 1
    assert portal.sections()[0].title == "Früh 2"


@pytest.mark.django_db
def test_portal_home_renders_registered_sections_and_the_empty_text(client, extra_sections, tmp_path, settings):
    template_dir = tmp_path / "templates"
    (template_dir / "t").mkdir(parents=True)
    (template_dir / "t" / "_full.html").write_text("<p>Seminar am {{ date }} für {{ advisor.first_name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], str(template_dir)]}]
    extra_sections(
        portal.PortalSection(
            key="t-full", title="Mit Inhalt", template="t/_full.html", context=lambda r, a: {"date": "3. März"}
        )
    )
    extra_sections(
        portal.PortalSection(
            key="t-empty",
            title="Ohne Inhalt",
            template="t/does-not-exist.html",
            context=lambda r, a: {"empty": True},
            empty_text="Hier erscheinen Ihre Einsätze.",
        )
    )
    advisor = PortalAdvisorFactory(first_name="Amina")
    client.login(username=advisor.user.username, password=PASSWORD)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Seminar am 3. März für Amina" in html
    assert "Ohne Inhalt" in html and "Hier erscheinen Ihre Einsätze." in html
    assert "Ihre Mitgliedschaft im Pool" in html  # the pool's own section


def _view(request):
    from django.http import HttpResponse

    return HttpResponse(f"advisor {request.advisor.pk}")


@pytest.mark.django_db
class TestAdvisorRequired:
    def request(self, user):
        request = RequestFactory().get("/portal/x/")
        request.user = user
        return request

    def test_advisor_in_the_pool_is_let_in(self):
        advisor = PortalAdvisorFactory()
        response = advisor_required(_view)(self.request(advisor.user))
        assert response.content.decode() == f"advisor {advisor.pk}"
        advisor.refresh_from_db()
        assert advisor.last_activity_at is not None

    def test_anonymous_goes_to_login(self):
        from django.contrib.auth.models import AnonymousUser

        response = advisor_required(_view)(self.request(AnonymousUser()))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("kind", ["no_advisor", "left", "staff"])
    def test_others_are_refused(self, kind):
        from django.core.exceptions import PermissionDenied

        if kind == "no_advisor":
            user = UserFactory()
        elif kind == "staff":
            user = UserFactory(is_staff=True)
        else:
            advisor = PortalAdvisorFactory(status=Status.LEFT, left_at=timezone.now())
            user = advisor.user
        with pytest.raises(PermissionDenied):
            advisor_required(_view)(self.request(user))


@pytest.mark.django_db
def test_assignable_is_qualified_or_active_and_never_paused_or_left():
    by_status = {status: AdvisorFactory(status=status) for status in Status}
    assignable = set(Advisor.objects.assignable())
    assert assignable == {by_status[Status.QUALIFIED], by_status[Status.ACTIVE]}
    assert [s for s, a in by_status.items() if a.is_assignable] == [Status.QUALIFIED, Status.ACTIVE]
    assert Advisor.objects.in_pool().count() == 4


@pytest.mark.django_db
class TestQualification:
    def test_mark_qualified_moves_the_status_and_records_who_and_when(self, staff):
        advisor = AdvisorFactory()
        at = timezone.now()
        services.mark_qualified(advisor=advisor, by=staff, at=at, reason="alle Module")
        advisor.refresh_from_db()
        assert advisor.status == Status.QUALIFIED and advisor.qualified_at == at and advisor.is_assignable
        change = AdvisorStatusChange.objects.get(advisor=advisor)
        assert (change.from_status, change.to_status, change.changed_by, change.reason) == (
            Status.IN_QUALIFICATION,
            Status.QUALIFIED,
            staff,
            "alle Module",
        )

    def test_qualifying_twice_or_a_left_advisor_is_refused(self, staff):
        advisor = AdvisorFactory()
        services.mark_qualified(advisor=advisor, by=staff, at=timezone.now())
        with pytest.raises(services.Refused):
            services.mark_qualified(advisor=advisor, by=staff, at=timezone.now())
        gone = AdvisorFactory(status=Status.LEFT, left_at=timezone.now())
        with pytest.raises(services.Refused):
            services.mark_qualified(advisor=gone, by=staff, at=timezone.now())

    def test_a_paused_advisor_is_qualified_but_stays_paused(self, staff):
        advisor = AdvisorFactory(status=Status.PAUSED)
        services.mark_qualified(advisor=advisor, by=staff, at=timezone.now())
        advisor.refresh_from_db()
        assert advisor.status == Status.PAUSED and advisor.qualified_at and not advisor.is_assignable

    def test_revoke_goes_back_to_qualification_with_a_reason(self, staff):
        advisor = AdvisorFactory(status=Status.ACTIVE, qualified_at=timezone.now())
        with pytest.raises(services.Refused):
            services.revoke_qualification(advisor=advisor, by=staff, reason=" ")
        services.revoke_qualification(advisor=advisor, by=staff, reason="Anwesenheit korrigiert")
        advisor.refresh_from_db()
        assert advisor.status == Status.IN_QUALIFICATION and advisor.qualified_at is None
        assert not Advisor.objects.assignable().filter(pk=advisor.pk).exists()
        with pytest.raises(services.Refused):
            services.revoke_qualification(advisor=advisor, by=staff, reason="nochmal")


@pytest.fixture
def extra_column():
    keys = []

    def add(**kwargs):
        keys.append(kwargs["key"])
        return roster.register_column(**kwargs)

    yield add
    for key in keys:
        roster.unregister_column(key)


@pytest.mark.django_db
def test_registered_roster_columns_annotate_once_and_render_per_row(extra_column):
    extra_column(
        key="t-modules",
        label="Module",
        annotate=lambda qs: qs.annotate(t_modules=Value(4)),
        render=lambda advisor: f"{advisor.t_modules}/6",
        order=1,
    )
    AdvisorFactory.create_batch(2)
    rows = list(roster.annotate(Advisor.objects.all()))
    assert [roster.cells(a)[[c.key for c in roster.columns()].index("t-modules")] for a in rows] == ["4/6", "4/6"]


@pytest.mark.django_db
def test_revoking_after_leaving_corrects_the_record_and_keeps_the_status(staff):
    advisor = AdvisorFactory(status=Status.LEFT, left_at=timezone.now(), qualified_at=timezone.now())
    services.revoke_qualification(advisor=advisor, by=staff, reason="Anwesenheit korrigiert")
    advisor.refresh_from_db()
    assert advisor.status == Status.LEFT and advisor.qualified_at is None
