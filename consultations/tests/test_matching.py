import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.choices import AssignmentStatus, Stage, TieKind
from consultations.matching import rank_advisors, suggest_tandem
from consultations.models import AdvisorTie, FeeTotal, Municipality
from miglobe.core.testing import assert_constant_queries
from miglobe.core.tests.factories import PASSWORD, UserFactory
from pool.models import Absence, Advisor, AdvisorLanguage, Topic
from pool.templatetags.pool_public import berlin_date

from .factories import ActiveAdvisorFactory, AssignmentFactory, RequestFactory

pytestmark = pytest.mark.django_db


def topic(name):
    return Topic.objects.get(name=name)


FLUCHT = "Flucht und Migration"
FAIR = "Fairer Handel und faire Beschaffung"
AGENDA = "Agenda 2030 / Global Nachhaltige Kommune"


def advisor(last_name, *, topics=(), languages=(), home_region="", **kwargs):
    a = ActiveAdvisorFactory(last_name=last_name, home_region=home_region, **kwargs)
    a.topics.set([topic(t) for t in topics])
    for name in languages:
        AdvisorLanguage.objects.create(advisor=a, name=name, level="fluent")
    return a


@pytest.fixture
def eberbach_request(directory):
    return RequestFactory(
        municipality=Municipality.objects.get(key="08226013"),
        topics=[topic(FLUCHT), topic(FAIR)],
        communities="Arabisch, syrische Community",
    )


def test_ranking_order_reasons_and_conflict(eberbach_request):
    advisor("Alpha", topics=[FLUCHT, FAIR], home_region="08111")  # 6 + 0 region
    advisor("Beta", topics=[FLUCHT], languages=["Arabisch"], home_region="08226")  # 3 + 2 + 3
    advisor("Gamma", topics=[FLUCHT], home_region="08221", expertise_regions="Syrien, Libanon")  # 3+2+1
    busy = advisor("Delta", topics=[FLUCHT, FAIR], languages=["Arabisch"], home_region="08226")  # 6+2+3-4
    for _ in range(2):
        AssignmentFactory(advisor=busy, status=AssignmentStatus.ACCEPTED, request__stage=Stage.BERATUNG_RUNNING)
    conflicted = advisor("Epsilon", topics=[FLUCHT, FAIR], languages=["Arabisch"], home_region="08226")
    AdvisorTie.objects.create(advisor=conflicted, municipality=eberbach_request.municipality, kind=TieKind.WORKS_FOR)
    advisor("Zeta", topics=[FLUCHT], status=Advisor.Status.PAUSED)  # not assignable: not listed
    advisor("Eta", topics=[FLUCHT], status=Advisor.Status.IN_QUALIFICATION)

    ranked = rank_advisors(eberbach_request)
    assert [c.advisor.last_name for c in ranked] == ["Beta", "Delta", "Alpha", "Gamma", "Epsilon"]
    assert [c.score for c in ranked] == [8, 7, 6, 6, 11]
    by_name = {c.advisor.last_name: c for c in ranked}
    assert by_name["Beta"].reasons == [
        "Themen: Flucht und Migration",
        "spricht Arabisch",
        "wohnt im selben Kreis (Rhein-Neckar-Kreis)",
        "keine laufenden Einsätze",
    ]
    assert "wohnt in derselben Region (Region Rhein-Neckar)" in by_name["Gamma"].reasons
    assert "kennt „syrische community“ (Länder und Regionen)" in by_name["Gamma"].reasons
    assert "wohnt im selben Regierungsbezirk" not in " ".join(by_name["Alpha"].reasons)
    assert "wohnt weiter entfernt (Stuttgart)" in by_name["Alpha"].reasons
    assert "2 laufende Einsätze" in by_name["Delta"].reasons
    assert by_name["Delta"].assignments_total == 2
    assert by_name["Epsilon"].conflicts == ["arbeitet für die Kommune: Eberbach, Stadt"]
    assert not by_name["Beta"].has_conflict


def test_living_in_the_requesting_city_is_a_conflict(directory):
    heidelberg = RequestFactory(municipality=Municipality.objects.get(key="08221000"))
    resident = advisor("Heidelberger", home_region="08221")
    neighbour = advisor("Nachbar", home_region="08226")
    by_name = {c.advisor.last_name: c for c in rank_advisors(heidelberg)}
    assert by_name["Heidelberger"].conflicts == ["wohnt in der anfragenden Kommune (Heidelberg)"]
    assert not by_name["Nachbar"].has_conflict
    assert resident and neighbour


def test_an_absent_advisor_loses_points_and_says_until_when(eberbach_request):
    away = advisor("Weg", topics=[FLUCHT], home_region="08226", availability_days=6)
    today = timezone.localdate()
    Absence.objects.create(advisor=away, starts_on=today, ends_on=today.replace(year=today.year + 1))
    (candidate,) = rank_advisors(eberbach_request)
    assert candidate.absent_until is not None
    assert candidate.score == 3 + 3 + 1 - 3
    assert any(r.startswith("abwesend bis") for r in candidate.reasons)


def test_the_tandem_complements_each_other(eberbach_request):
    advisor("Alpha", topics=[FLUCHT], home_region="08226", languages=["Arabisch"])  # 3+2+3 = 8
    advisor("Beta", topics=[FLUCHT], home_region="08226", languages=["Arabisch"])  # the same skills: 8
    advisor("Gamma", topics=[FAIR], home_region="08111")  # 3: brings what Alpha lacks
    conflicted = advisor("Delta", topics=[FLUCHT, FAIR], languages=["Arabisch"], home_region="08221")
    AdvisorTie.objects.create(advisor=conflicted, municipality=eberbach_request.municipality, kind=TieKind.LIVES_IN)
    tandem = suggest_tandem(rank_advisors(eberbach_request))
    assert {tandem.first.advisor.last_name, tandem.second.advisor.last_name} == {"Alpha", "Gamma"}
    assert any("ergänzt: Fairer Handel und faire Beschaffung" in reason for reason in tandem.reasons)


def test_no_tandem_without_two_candidates(eberbach_request):
    advisor("Allein", topics=[FLUCHT])
    assert suggest_tandem(rank_advisors(eberbach_request)) is None


def test_staff_page_permissions(client, staff, eberbach_request):
    url = reverse("consultations:staff_request", args=[eberbach_request.pk])
    assert client.get(url).status_code == 302
    outsider = UserFactory(is_staff=True)  # staff without the Programmteam's permissions
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(url).status_code == 403
    assert client.get(reverse("consultations:staff_request_list")).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_staff_propose_a_tandem_from_the_page(client, staff, eberbach_request):
    a = advisor("Alpha", topics=[FLUCHT])
    b = advisor("Beta", topics=[FAIR])
    client.force_login(staff)
    client.post(reverse("consultations:staff_propose", args=[eberbach_request.pk]), {"advisor": [a.pk, b.pk]})
    assert sorted(eberbach_request.assignments.values_list("advisor__last_name", flat=True)) == ["Alpha", "Beta"]


def test_matching_page_keeps_its_query_count(client, staff, eberbach_request):
    client.force_login(staff)
    url = reverse("consultations:staff_request", args=[eberbach_request.pk])

    def grow(n):
        for _ in range(n):
            a = advisor(f"Mehr{Advisor.objects.count()}", topics=[FLUCHT], languages=["Arabisch"], home_region="08111")
            AssignmentFactory(advisor=a, request=eberbach_request)
            AdvisorTie.objects.create(advisor=a, municipality=eberbach_request.municipality, kind=TieKind.OTHER)
            Absence.objects.create(advisor=a, starts_on=timezone.localdate(), ends_on=timezone.localdate())

    def load():
        response = client.get(url)
        assert response.status_code == 200

    count = assert_constant_queries(load, grow)
    # The advisors' assignment counts in one grouped query of their own; their topics, languages and absences
    # as plain pairs; the request's topics once for the ranking and the page (decision 0160).
    assert count == 16


def test_request_list_keeps_its_query_count(client, staff, directory):
    client.force_login(staff)
    url = reverse("consultations:staff_request_list")

    def grow(n):
        for _ in range(n):
            AssignmentFactory(status=AssignmentStatus.ACCEPTED)

    def load():
        assert client.get(url).status_code == 200

    count = assert_constant_queries(load, grow)
    assert count == 6  # with the page's count of the open requests


def test_request_list_shows_fifty_a_page_with_their_counts_and_stage(client, staff, directory):
    from datetime import timedelta

    from consultations.staff_views import REQUEST_PAGE_SIZE

    municipality = Municipality.objects.get(key="08226013")
    now = timezone.now()
    newest = RequestFactory(municipality=municipality, stage=Stage.IN_REVIEW, created_at=now)
    AssignmentFactory(request=newest, status=AssignmentStatus.ACCEPTED)
    AssignmentFactory(request=newest, status=AssignmentStatus.PROPOSED)
    AssignmentFactory(request=newest, status=AssignmentStatus.PROPOSED)
    AssignmentFactory(request=newest, status=AssignmentStatus.DECLINED)
    for days in range(1, REQUEST_PAGE_SIZE):
        RequestFactory(municipality=municipality, created_at=now - timedelta(days=days))
    oldest = RequestFactory(municipality=municipality, created_at=now - timedelta(days=400))
    RequestFactory(municipality=municipality, stage=Stage.COMPLETED, created_at=now - timedelta(days=500))
    client.force_login(staff)
    url = reverse("consultations:staff_request_list")

    first = client.get(url)
    shown = first.context["rows"]
    numbers = [row["number"] for row in shown]
    assert len(shown) == REQUEST_PAGE_SIZE and numbers[0] == newest.number and oldest.number not in numbers
    link = reverse("consultations:staff_request", args=[newest.pk])
    assert shown[0] == {
        "url": link,
        "number": newest.number,
        "municipality": "Eberbach, Stadt",
        "received": berlin_date(newest.created_at),
        "stage": "in Prüfung",
        "accepted": 1,
        "proposed": 2,
    }
    page = first.content.decode()
    assert f'<td><a href="{link}">{newest.number}</a></td>' in page
    assert "<td>in Prüfung</td>" in page
    assert "Seite 1 von 2" in page and "?show=open&amp;seite=2" in page

    second = client.get(url, {"show": "open", "seite": 2})
    assert [row["number"] for row in second.context["rows"]] == [oldest.number]  # the completed one only with "all"
    assert "?show=open&amp;seite=1" in second.content.decode()
    everything = client.get(url, {"show": "all", "seite": 2})
    assert len(everything.context["rows"]) == 2 and "?show=all&amp;seite=1" in everything.content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.context["rows"][0]["stage"] == str(Stage.IN_REVIEW.label) != "in Prüfung"


def test_the_matching_table_shows_each_candidate_with_checkbox_conflict_and_fees(client, staff, eberbach_request):
    alpha = advisor("Alpha", topics=[FLUCHT], first_name="Ada")
    FeeTotal.objects.create(advisor=alpha, minutes=90, fees="1234.50")
    asked = advisor("Beta", topics=[FAIR], first_name="Bo")
    AssignmentFactory(advisor=asked, request=eberbach_request)
    conflicted = advisor("Gamma", first_name="<i>Gil</i>")
    AdvisorTie.objects.create(advisor=conflicted, municipality=eberbach_request.municipality, kind=TieKind.WORKS_FOR)
    client.force_login(staff)
    url = reverse("consultations:staff_request", args=[eberbach_request.pk])
    page = client.get(url).content.decode()
    assert (
        f'<input type="checkbox" class="form-check-input" name="advisor" value="{alpha.pk}" id="advisor-{alpha.pk}"'
        ' aria-label="Ada Alpha anfragen"></td>\n      <td>Ada Alpha</td>\n      <td>3</td>'
    ) in page
    assert "<td>0</td><td>1234,50</td>" in page and "<td>0</td><td>0,00</td>" in page
    assert f"<td>angefragt</td>\n      <td>{asked.full_name}</td>" in page
    assert '<tr class="table-warning">' in page and "&lt;i&gt;Gil&lt;/i&gt; Gamma anfragen" in page
    assert "<strong>arbeitet für die Kommune: Eberbach, Stadt</strong>" in page
    assert "<li>Themen: Flucht und Migration</li>" in page
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'aria-label="ask Ada Alpha"' in english and "<td>0</td><td>1234.50</td>" in english


def test_the_tandem_reason_names_a_language_as_the_advisor_wrote_it(eberbach_request):
    """Found in the trial walk: "Kofi Boateng ergänzt: arabisch" (the comparison's case-folded key was shown)."""
    advisor("Alpha", topics=[FLUCHT], home_region="08226", languages=["Arabisch"])
    advisor("Gamma", topics=[FLUCHT], home_region="08111")
    tandem = suggest_tandem(rank_advisors(eberbach_request))
    assert any(reason.endswith("ergänzt: Arabisch") for reason in tandem.reasons), tandem.reasons
    assert not any("arabisch" in reason for reason in tandem.reasons)


def test_the_staff_tables_say_when_they_are_empty(client, staff, eberbach_request):
    """The empty text of each table written by `{% rows %}` (decision 0160)."""
    client.force_login(staff)
    matching = client.get(reverse("consultations:staff_request", args=[eberbach_request.pk])).content.decode()
    assert '<tr><td colspan="7">Zurzeit gibt es keine qualifizierten, aktiven Berater*innen.</td></tr>' in matching
    eberbach_request.delete()
    listing = client.get(reverse("consultations:staff_request_list")).content.decode()
    assert '<tr><td colspan="6">Keine Anfragen.</td></tr>' in listing
    queue = client.get(reverse("consultations:staff_queue")).content.decode()
    assert '<tr><td colspan="8">Keine Einträge zur Freigabe.</td></tr>' in queue
