"""The advisor's portal pages at volume (issue #13): the same queries at 1× and 10× of the advisor's cases,
entries and dates, and the rows – written from ready values instead of per-row lookups – still carry the
right links, labels and languages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import fee_services
from consultations.choices import AssignmentStatus, EntryStatus, Format, Stage
from consultations.models import Appointment
from miglobe.core.testing import assert_constant_queries

from .factories import AssignmentFactory, MunicipalityFactory, RequestFactory
from .fee_factories import make_entry, tandem

pytestmark = pytest.mark.django_db


def _assign(advisor, status, name):
    consultation = RequestFactory(municipality=MunicipalityFactory(name=name))
    return AssignmentFactory(request=consultation, advisor=advisor, status=status)


def test_the_portal_home_lists_every_open_assignment_with_the_same_queries(client):
    _, mine, _ = tandem()
    advisor = mine.advisor
    client.force_login(advisor.user)
    url = reverse("portal:home")

    def grow(n):
        for i in range(n):
            _assign(advisor, AssignmentStatus.PROPOSED, f"Gefragt {i}, Stadt")
            _assign(advisor, AssignmentStatus.ACCEPTED, f"Zugesagt {i}, Gemeinde")
            _assign(advisor, AssignmentStatus.DECLINED, f"Abgesagt {i}")

    assert_constant_queries(lambda: client.get(url), grow)
    page = client.get(url).content.decode()
    assert page.count("Antwort erbeten") == 10 and "Abgesagt" not in page
    accepted = advisor.assignments.filter(request__municipality__name="Zugesagt 3, Gemeinde").get()
    detail = reverse("consultations:assignment_detail", args=[accepted.pk])
    log = reverse("consultations:case_log", args=[accepted.pk])
    assert f'<a href="{detail}">Zugesagt 3, Gemeinde</a>' in page
    assert f'<a href="{log}">Protokoll Zugesagt 3</a>' in page  # the short name, without ", Gemeinde"


def test_the_portal_home_lists_the_open_cases_and_links_all_of_them(client):
    """Decision 0150: closed cases (completed, not pursued, withdrawn) are on the list of all cases, not on the
    home, which shows what needs doing; the link says how many closed ones there are."""
    _, mine, _ = tandem()
    advisor = mine.advisor
    done = _assign(advisor, AssignmentStatus.ACCEPTED, "Fertig, Stadt")
    done.request.stage = Stage.COMPLETED
    done.request.save(update_fields=["stage"])
    client.force_login(advisor.user)
    home = client.get(reverse("portal:home")).content.decode()
    all_cases = reverse("consultations:assignment_list")
    assert mine.request.municipality.name in home and "Fertig, Stadt" not in home
    assert f'<a href="{all_cases}">Alle Beratungen ansehen (1 abgeschlossen)</a>' in home
    page = client.get(all_cases).content.decode()
    assert page.index(mine.request.municipality.name) < page.index("Abgeschlossene Beratungen")
    log = reverse("consultations:case_log", args=[done.pk])
    assert f'<a href="{log}">Protokoll Fertig</a>' in page.split("Abgeschlossene Beratungen")[1]
    assert "– abgeschlossen" in page  # the closed case's stage, not its answer
    english = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "See all consultations (1 closed)" in english


def test_the_list_of_all_cases_has_the_same_queries_and_only_the_advisors_own(client):
    _, mine, theirs = tandem()
    client.force_login(mine.advisor.user)
    url = reverse("consultations:assignment_list")

    def grow(n):
        for i in range(n):
            _assign(mine.advisor, AssignmentStatus.ACCEPTED, f"Zugesagt {i}, Gemeinde")
            closed = _assign(mine.advisor, AssignmentStatus.PROPOSED, f"Zurückgezogen {i}")
            closed.request.stage = Stage.WITHDRAWN
            closed.request.save(update_fields=["stage"])

    assert assert_constant_queries(lambda: client.get(url), grow) == 4  # session, user, advisor, cases
    page = client.get(url).content.decode()
    assert "Zugesagt 8, Gemeinde" in page and "Zurückgezogen 8" in page and "Antwort erbeten" not in page
    assert reverse("consultations:assignment_detail", args=[theirs.pk]) not in page
    client.logout()
    assert client.get(url).status_code == 302


def test_the_portal_home_rows_are_in_the_page_language(client):
    _, mine, _ = tandem()
    _assign(mine.advisor, AssignmentStatus.PROPOSED, "Eberbach, Stadt")
    Appointment.objects.create(
        request=mine.request, kind=Format.DIALOGFORUM, starts_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(mine.advisor.user)
    short = mine.request.municipality.short_name
    log = reverse("consultations:case_log", args=[mine.pk])
    german = client.get(reverse("portal:home")).content.decode()
    assert "Antwort erbeten" in german and f">Protokoll {short}</a>" in german
    assert f'<li><a href="{log}">{short}: Dialogforum ' in german
    english = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "answer requested" in english and f">Log {short}</a>" in english and "Protokoll" not in english
    assert f'<li><a href="{log}">{short}: Dialogforum (first meeting) ' in english


def test_returned_entries_link_to_their_form_and_show_the_comment(client):
    _, mine, partner = tandem()
    entry = make_entry(mine)
    fee_services.return_entry(entry=entry, by=None, comment="Bitte <Dauer> prüfen.")
    fee_services.return_entry(entry=make_entry(partner), by=None, comment="Nicht meins.")
    make_entry(mine), make_entry(mine), make_entry(partner)  # pending: the advisor's two are counted
    client.force_login(mine.advisor.user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "2 Einträge warten auf Freigabe." in page
    edit = reverse("consultations:entry_edit", args=[entry.pk])
    assert f'<a href="{edit}">{mine.request.municipality.short_name}, {entry.date:%d.%m.%Y}</a>' in page
    assert "Bitte &lt;Dauer&gt; prüfen." in page and "Nicht meins." not in page


def test_the_case_log_links_only_the_advisors_own_editable_entries(client):
    _, mine, partner = tandem()
    own_pending = make_entry(mine, summary="eigener offen")
    own_approved = make_entry(mine, summary="eigener freigegeben")
    type(own_approved).objects.filter(pk=own_approved.pk).update(status=EntryStatus.APPROVED)
    theirs = make_entry(partner, summary="vom Tandem")
    client.force_login(mine.advisor.user)
    url = reverse("consultations:case_log", args=[mine.pk])
    page = client.get(url).content.decode()
    assert reverse("consultations:entry_edit", args=[own_pending.pk]) in page
    assert reverse("consultations:entry_edit", args=[own_approved.pk]) not in page
    assert reverse("consultations:entry_edit", args=[theirs.pk]) not in page
    assert page.count("<td>vor Ort</td>") == 3 and page.count("<td>zur Freigabe</td>") == 2
    assert "<td>freigegeben</td>" in page and f"<td>{partner.advisor.full_name}</td>" in page
    assert f">Eintrag vom {own_pending.date:%d.%m.%Y} bearbeiten</a>" in page
    fee_services.return_entry(entry=own_pending, by=None, comment="Bitte <Dauer> prüfen.")
    page = client.get(url).content.decode()
    assert "<td>zurückgegeben: Bitte &lt;Dauer&gt; prüfen.</td>" in page
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english.count("<td>on site</td>") == 3 and "<td>Dialogforum (first meeting)</td>" in english
    assert f">Edit the entry of {own_pending.date:%d/%m/%Y}</a>" in english
    assert '<th scope="col">On site or online</th>' in english  # the field's label, as a heading


def test_the_log_form_offers_no_dashes_choice(client):
    _, mine, _partner = tandem()
    client.force_login(mine.advisor.user)
    page = client.get(reverse("consultations:case_log", args=[mine.pk])).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>– bitte wählen –</option>' in page  # the kind's select
    assert 'name="setting" value=""' not in page  # no empty radio button to tick
    assert 'name="setting" value="on_site"' in page


# What `consultations/_form_fields.html` was before `{% labelled_fields %}` wrote its markup (issue #13).
TEMPLATE_PARTIAL = """{% load form_fields %}{% for field in form %}
  {% if field.field.widget.input_type == "radio" %}
    <fieldset class="mb-3"{% if field.errors %} aria-describedby="{{ field.auto_id }}-error"{% endif %}>
      <legend class="form-label fs-6">{{ field.label }}</legend>
      {% for choice in field %}
        <div class="form-check form-check-inline">
          <input class="form-check-input" type="radio" name="{{ field.html_name }}" value="{{ choice.data.value }}"
            id="{{ choice.id_for_label }}"{% if choice.data.selected %} checked{% endif %}
            {% if field.field.required %} required{% endif %}>
          <label class="form-check-label" for="{{ choice.id_for_label }}">{{ choice.choice_label }}</label>
        </div>
      {% endfor %}
      {% if field.errors %}<div class="text-danger small"
        id="{{ field.auto_id }}-error">{{ field.errors|join:" " }}</div>{% endif %}
    </fieldset>
  {% else %}
    <div class="mb-3">
      <label class="form-label" for="{{ field.id_for_label }}">{{ field.label }}</label>
      {% form_widget field %}
      {% if field.help_text %}<div class="form-text">{{ field.help_text }}</div>{% endif %}
      {% if field.errors %}<div class="text-danger small"
        id="{{ field.auto_id }}-error">{{ field.errors|join:" " }}</div>{% endif %}
    </div>
  {% endif %}
{% endfor %}"""


def _forms():
    from consultations.fee_forms import BankAccountForm, CompletionForm, FeedbackForm, LogEntryForm

    yield LogEntryForm(initial={"date": timezone.localdate()})
    yield LogEntryForm({"kind": "nonsense", "setting": "online", "summary": "<b>x</b>", "travel_costs": "12"})
    yield CompletionForm()
    yield CompletionForm({"outcome": "", "what_was_done": "a & b"})
    yield FeedbackForm({"rating": "4"})
    yield FeedbackForm({"rating": "9", "text": "<script>"})
    yield BankAccountForm({"holder": "", "iban": "DE00 <1>"})


@pytest.mark.parametrize("language", ["de", "en"])
def test_labelled_fields_writes_what_the_template_partial_wrote(language):
    from django.template import Context, Template
    from django.utils import translation

    from miglobe.core.templatetags.form_fields import labelled_fields
    from miglobe.core.tests.test_form_widget import _tags

    with translation.override(language):
        for form in _forms():
            if form.is_bound:
                form.is_valid()  # with its errors
            expected = Template(TEMPLATE_PARTIAL).render(Context({"form": form}))
            assert _tags(labelled_fields(form)) == _tags(expected), type(form).__name__
    rating = str(labelled_fields(next(form for form in _forms() if form.data.get("rating") == "4")))
    assert 'value="4" id="id_rating_3" checked required>' in rating  # the page's form keeps the choice


def test_the_case_logs_empty_forms_come_from_the_fragment_cache_and_a_refused_entry_does_not(client, settings):
    """The new-entry form dated today and the completion report are the same for every advisor (decision 0110):
    cached, they are the forms rendered without the cache; a refused POST shows its own values and errors."""
    import re

    from django.core.cache import caches

    from miglobe.core.templatetags.fragments import FRAGMENT_CACHE

    caches[FRAGMENT_CACHE].clear()
    _, mine, _ = tandem()
    client.force_login(mine.advisor.user)
    url = reverse("consultations:case_log", args=[mine.pk])

    def forms_of(html):
        return re.findall(r'(<form method="post" (?:enctype|action="/beratung/).*?</form>)', html, re.S)

    first, cached = client.get(url).content.decode(), client.get(url).content.decode()
    settings.CACHES = {**settings.CACHES, FRAGMENT_CACHE: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    uncached = client.get(url).content.decode()
    drop_token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert [drop_token.sub("", f) for f in forms_of(cached)] == [drop_token.sub("", f) for f in forms_of(uncached)]
    assert forms_of(first) and f'value="{timezone.localdate():%Y-%m-%d}"' in forms_of(cached)[0]
    assert 'name="what_was_done"' in forms_of(cached)[1]  # the completion report of a running case
    refused = client.post(url, {"date": "2027-03-10", "summary": "Mein Text bleibt", "travel_costs": "12"})
    html = refused.content.decode()
    assert refused.status_code == 400 and "Mein Text bleibt" in html and "nur mit Beleg" in html


def test_the_list_of_all_cases_is_for_advisors_in_the_pool_only(client):
    from miglobe.core.tests.factories import StaffFactory
    from pool.models import Advisor

    _, mine, _ = tandem()
    url = reverse("consultations:assignment_list")
    assert client.get(url).status_code == 302  # anonymous: to the login
    assert reverse("login") in client.get(url)["Location"]
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 403  # staff have no cases of their own
    client.force_login(mine.advisor.user)
    assert client.get(url).status_code == 200
    Advisor.objects.filter(pk=mine.advisor.pk).update(status=Advisor.Status.LEFT)
    assert client.get(url).status_code == 403  # left the pool: no portal


def test_the_case_rows_escape_the_municipality_name(client):
    _, mine, _ = tandem()
    _assign(mine.advisor, AssignmentStatus.ACCEPTED, '<script>alert("x")</script>, Stadt')
    client.force_login(mine.advisor.user)
    for url in (reverse("consultations:assignment_list"), reverse("portal:home")):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
