"""Which advisors fit a request, and why: a ranking with reasons in words, conflicts and a tandem.

The score is a plain sum so that staff can follow it: 3 points per shared topic, 2 per language and 1 per
community the advisor knows, 3/2/1 for the same Kreis/Region/Regierungsbezirk, 1 for four or more free days a
month, minus 2 per open assignment and minus 3 when the advisor is away today. An advisor with a conflict of
interest is listed last and never put into the suggested tandem. Ties go to whoever had fewer assignments so
far, so the work spreads over the pool. A constant number of queries, however many advisors there are.
"""

import re
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pool.models import Absence, Advisor, AdvisorLanguage

from .choices import CLOSED_STAGES, OPEN_ASSIGNMENT_STATUSES, AreaType, AssignmentStatus, Level
from .fee_hooks import annotate_fees
from .models import AdvisorTie, Assignment, Municipality

TOPIC_POINTS, LANGUAGE_POINTS, COMMUNITY_POINTS = 3, 2, 1
REGION_POINTS = {"kreis": 3, "region": 2, "rb": 1}
AVAILABLE_DAYS, AVAILABLE_POINTS = 4, 1
LOAD_POINTS, ABSENT_POINTS = -2, -3
CITY_TYPES = {AreaType.STADTKREIS_GEMEINDE, AreaType.KREISFREIE_STADT_GEMEINDE}
TANDEM_POOL = 6
# "syrische Community" finds "Syrien": a rough stem, enough to point staff at a profile worth reading.
STEM = 4  # the tandem is built from the best few, not from everyone
WORDS = re.compile(r"[,;/]|\bund\b|\band\b|\boder\b|\bor\b", re.IGNORECASE)


@dataclass
class Candidate:
    advisor: Advisor
    score: int = 0
    reasons: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    topics: set = field(default_factory=set)  # shared with the request
    topic_names: dict = field(default_factory=dict)  # the shared topics' names by id, in the topics' order
    languages: set = field(default_factory=set)  # asked for and spoken, case-folded to compare
    language_labels: dict = field(default_factory=dict)  # case-folded -> as the advisor wrote it, to show
    load: int = 0
    assignments_total: int = 0
    fees_so_far: object = None  # Decimal euro of approved log entries (issue #12), for the fairness column
    absent_until: object = None
    already_asked: bool = False

    @property
    def has_conflict(self):
        return bool(self.conflicts)


@dataclass
class Tandem:
    first: Candidate
    second: Candidate
    reasons: list


def wishes(text: str) -> list[str]:
    """ "Arabisch, Türkisch und die syrische Community" → ["arabisch", "türkisch", "die syrische community"]."""
    return [part.strip().casefold() for part in WORDS.split(text or "") if part.strip()]


# The advisors the ranking lists, as a join filter for the small tables read beside them: an `IN` list of every
# advisor's id cost the ORM about ten calls per id and query (issue #13). Not for the assignments: over the
# join PostgreSQL counted 2,000 requests' assignments four times slower than by the list.
ASSIGNABLE = {"advisor__status__in": Advisor.ASSIGNABLE}


def _assignment_counts(advisor_ids) -> dict:
    """{advisor id: (open assignments on open requests, accepted ever)} in one grouped query. As subqueries per
    advisor the database joined every open request once per advisor (87 of the page's 100 ms at the benchmark's
    2,000 requests, issue #13); before that, counting over a join made the fee sums run once per assignment."""
    running = Q(status__in=OPEN_ASSIGNMENT_STATUSES) & ~Q(request__stage__in=CLOSED_STAGES)
    rows = (
        Assignment.objects.filter(advisor_id__in=advisor_ids)
        .order_by()
        .values("advisor_id")
        .annotate(load=Count("pk", filter=running), total=Count("pk", filter=Q(status=AssignmentStatus.ACCEPTED)))
    )
    return {row["advisor_id"]: (row["load"], row["total"]) for row in rows}


# What matching reads of each advisor; the topics, languages and absences come as plain pairs beside them.
ADVISOR_COLUMNS = ("pk", "first_name", "last_name", "home_region", "expertise_regions", "availability_days")


def _facts(today):
    """({advisor id: [topic ids]}, {advisor id: [language names]}, {advisor id: [(from, until)]}) in three plain
    queries: as prefetches they built a Topic (with its translated columns), AdvisorLanguage and Absence
    instance for every row of every advisor (issue #13)."""
    topics, languages, absences = {}, {}, {}
    for advisor_id, topic_id in Advisor.topics.through.objects.filter(**ASSIGNABLE).values_list(
        "advisor_id", "topic_id"
    ):
        topics.setdefault(advisor_id, []).append(topic_id)
    for advisor_id, name in (
        AdvisorLanguage.objects.filter(**ASSIGNABLE).order_by("pk").values_list("advisor_id", "name")
    ):
        languages.setdefault(advisor_id, []).append(name)
    for advisor_id, starts_on, ends_on in Absence.objects.filter(**ASSIGNABLE, ends_on__gte=today).values_list(
        "advisor_id", "starts_on", "ends_on"
    ):
        absences.setdefault(advisor_id, []).append((starts_on, ends_on))
    return topics, languages, absences


def rank_advisors(consultation, *, today=None) -> list[Candidate]:
    today = today or timezone.localdate()
    municipality = consultation.municipality
    # In the topics' own order, which is also the order in which an advisor's shared topics are named.
    wanted_topics = {t.pk: t for t in consultation.topics.all()}
    wanted = wishes(consultation.communities)
    advisors = list(
        annotate_fees(Advisor.objects.assignable()).only(*ADVISOR_COLUMNS).order_by("last_name", "first_name", "pk")
    )
    counts = _assignment_counts([a.pk for a in advisors])
    topics_of, languages_of, absences_of = _facts(today)
    units = {
        u.key: u
        for u in Municipality.objects.filter(
            key__in={a.home_region for a in advisors if a.home_region}
            | {municipality.region_key, municipality.rb_key} - {""}
        )
    }
    ties = AdvisorTie.objects.filter(**ASSIGNABLE).filter(
        Q(municipality=municipality) | Q(municipality__kreis_key=municipality.key, municipality__level=Level.GEMEINDE)
        if municipality.level == Level.KREIS
        else Q(municipality=municipality)
    )
    ties_by_advisor = {}
    for tie in ties.select_related("municipality"):
        ties_by_advisor.setdefault(tie.advisor_id, []).append(tie)
    asked = set(consultation.assignments.open().values_list("advisor_id", flat=True))

    candidates = []
    for advisor in advisors:
        load, assignments_total = counts.get(advisor.pk, (0, 0))
        c = Candidate(advisor, load=load, assignments_total=assignments_total, fees_so_far=advisor.consultation_fees)
        c.already_asked = advisor.pk in asked
        own = set(topics_of.get(advisor.pk, ()))
        shared = [topic for pk, topic in wanted_topics.items() if pk in own]
        if shared:
            c.topics = {t.pk for t in shared}
            c.topic_names = {t.pk: str(t) for t in shared}
            c.score += TOPIC_POINTS * len(shared)
            c.reasons.append(_("Themen: %(topics)s") % {"topics": ", ".join(c.topic_names.values())})
        _languages(c, languages_of.get(advisor.pk, ()), advisor, wanted)
        _region(c, advisor, municipality, units)
        _load_and_availability(c, advisor, absences_of.get(advisor.pk, ()), today)
        for tie in ties_by_advisor.get(advisor.pk, []):
            c.conflicts.append(
                _("%(kind)s: %(municipality)s")
                % {"kind": tie.get_kind_display(), "municipality": tie.municipality.name}
            )
        if _lives_in(advisor, municipality):
            c.conflicts.append(_("wohnt in der anfragenden Kommune (%(name)s)") % {"name": municipality.short_name})
        candidates.append(c)
    candidates.sort(key=lambda c: (c.has_conflict, -c.score, c.assignments_total, c.advisor.last_name))
    return candidates


def _lives_in(advisor, municipality) -> bool:
    """The home region is a Kreis: it names the requesting municipality when that is the Kreis itself or a
    city that forms its own Kreis (Stadtkreis); for a Gemeinde in a Landkreis only a staff-kept tie knows."""
    if not advisor.home_region or advisor.home_region != municipality.kreis_key:
        return False
    return municipality.level == Level.KREIS or municipality.area_type in CITY_TYPES


def _languages(c, language_names, advisor, wanted):
    spoken = {name.strip().casefold(): name for name in language_names}
    known = (advisor.expertise_regions or "").casefold()
    for wish in wanted:
        language = next((name for key, name in spoken.items() if key and (key in wish or wish in key)), None)
        if language:
            c.languages.add(language.casefold())
            c.language_labels[language.casefold()] = language
            c.score += LANGUAGE_POINTS
            c.reasons.append(_("spricht %(language)s") % {"language": language})
        elif known and any(word[:STEM] in known for word in wish.split() if len(word) > STEM):
            c.languages.add(wish)
            c.score += COMMUNITY_POINTS
            c.reasons.append(_("kennt „%(community)s“ (Länder und Regionen)") % {"community": wish})


def _region(c, advisor, municipality, units):
    home = units.get(advisor.home_region)
    if home is None:
        if not advisor.home_region:
            c.reasons.append(_("Wohnort nicht angegeben"))
        return
    if home.key == municipality.kreis_key:
        c.score += REGION_POINTS["kreis"]
        c.reasons.append(_("wohnt im selben Kreis (%(name)s)") % {"name": home.short_name})
    elif municipality.region_key and home.region_key == municipality.region_key:
        c.score += REGION_POINTS["region"]
        region = units.get(municipality.region_key)
        c.reasons.append(
            _("wohnt in derselben Region (%(name)s)") % {"name": region.name if region else home.region_key}
        )
    elif municipality.rb_key and home.rb_key == municipality.rb_key:
        c.score += REGION_POINTS["rb"]
        rb = units.get(municipality.rb_key)
        c.reasons.append(_("wohnt im selben Regierungsbezirk (%(name)s)") % {"name": rb.name if rb else home.rb_key})
    else:
        c.reasons.append(_("wohnt weiter entfernt (%(name)s)") % {"name": home.short_name})


def _load_and_availability(c, advisor, absences, today):
    if c.load:
        c.score += LOAD_POINTS * c.load
        c.reasons.append(
            ngettext("%(count)s laufender Einsatz", "%(count)s laufende Einsätze", c.load) % {"count": c.load}
        )
    else:
        c.reasons.append(_("keine laufenden Einsätze"))
    if advisor.availability_days and advisor.availability_days >= AVAILABLE_DAYS:
        c.score += AVAILABLE_POINTS
        c.reasons.append(_("verfügbar: %(days)s Tage im Monat") % {"days": advisor.availability_days})
    away = [ends_on for starts_on, ends_on in absences if starts_on <= today <= ends_on]
    if away:
        c.absent_until = max(away)
        c.score += ABSENT_POINTS
        c.reasons.append(_("abwesend bis %(date)s") % {"date": date_format(c.absent_until, "SHORT_DATE_FORMAT")})


def suggest_tandem(candidates) -> Tandem | None:
    """Two of the best candidates who together cover the most of what the request asks for."""
    pool = [c for c in candidates if not c.has_conflict and c.absent_until is None][:TANDEM_POOL]
    best, best_value = None, None
    for a, b in combinations(pool, 2):
        value = (
            len(a.topics | b.topics) + len(a.languages | b.languages),
            a.advisor.home_region != b.advisor.home_region,
            a.score + b.score,
            -(a.assignments_total + b.assignments_total),
        )
        if best_value is None or value > best_value:
            best, best_value = (a, b), value
    if best is None:
        return None
    a, b = best
    reasons = []
    for one, other in ((a, b), (b, a)):
        extra_topics = one.topics - other.topics
        extra_languages = one.languages - other.languages
        if extra_topics or extra_languages:
            reasons.append(
                _("%(name)s ergänzt: %(what)s")
                % {
                    "name": one.advisor.full_name,
                    "what": ", ".join(
                        [name for pk, name in one.topic_names.items() if pk in extra_topics]
                        + sorted(one.language_labels.get(key, key) for key in extra_languages)
                    ),
                }
            )
    if a.advisor.home_region != b.advisor.home_region:
        reasons.append(_("aus verschiedenen Kreisen"))
    if not reasons:
        reasons.append(_("die beiden am besten passenden Berater*innen"))
    return Tandem(a, b, reasons)
