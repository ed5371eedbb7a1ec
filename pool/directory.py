"""The public directory of advisors (/beraterinnen/): only active, qualified advisors who agreed, and of each
only the fields they agreed to show. The consent is read on every request, so withdrawing it works at once.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from miglobe.core.labels import choice_labels
from miglobe.core.private_files import private_file_response
from miglobe.core.templatetags.form_fields import options_html
from miglobe.core.templatetags.fragments import fragment_key

from .models import Advisor, AdvisorLanguage, Application, Topic
from .regions import HomeRegion, region_label


@dataclass
class DirectoryEntry:
    """What the page may show of one advisor: built from the consent flags, so the template cannot leak."""

    pk: int
    name: str
    fields: set
    photo_url: str = ""
    bio: str = ""
    topics: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    expertise_regions: str = ""
    home_region: str = ""
    email: str = ""
    phone: str = ""


# The columns the page reads of an advisor: the consent flags and the fields behind them, nothing else.
ROW_COLUMNS = (
    "pk",
    "first_name",
    "last_name",
    "public_listing",
    *(f"public_{name}" for name in Advisor.DIRECTORY_FIELDS),
    "photo",
    "bio",
    "bio_en",
    "expertise_regions",
    "home_region",
    "email",
    "phone",
)


def entry_for(row, topics_of, languages_of, english) -> DirectoryEntry:
    """One advisor's entry from a row of ROW_COLUMNS: plain values, no model instance, no lazy text."""
    values = dict(zip(ROW_COLUMNS, row, strict=True))
    shown = (
        {name for name in Advisor.DIRECTORY_FIELDS if values[f"public_{name}"]} if values["public_listing"] else set()
    )
    pk = values["pk"]
    entry = DirectoryEntry(pk=pk, name=f"{values['first_name']} {values['last_name']}".strip(), fields=shown)
    if "photo" in shown and values["photo"]:
        entry.photo_url = reverse("directory:photo", args=[pk])
    if "bio" in shown:
        entry.bio = values["bio_en"] if english and values["bio_en"] else values["bio"]
    if "topics" in shown:
        entry.topics = topics_of.get(pk, [])
    if "languages" in shown:
        entry.languages = languages_of.get(pk, [])
    if "expertise_regions" in shown:
        entry.expertise_regions = values["expertise_regions"]
    if "home_region" in shown and values["home_region"]:
        entry.home_region = region_label(values["home_region"])
    if "email" in shown:
        entry.email = values["email"]
    if "phone" in shown:
        entry.phone = values["phone"]
    return entry


def _chosen(request) -> dict:
    """The filter values from the query string, each "" when not given or not valid."""
    topic = request.GET.get("thema", "")
    region = request.GET.get("region", "")
    return {
        "topic": str(int(topic)) if topic.isdigit() else "",  # "01" is topic 1: one cached page, not one per spelling
        "language": request.GET.get("sprache", ""),
        "region": region if region and region in HomeRegion.values else "",
    }


def _found(chosen) -> set:
    """The pks of the listed advisors a filter finds. A filter matches only what the advisor shows: a hidden
    field must not be found out by filtering."""
    advisors = Advisor.objects.in_directory()
    if chosen["topic"]:
        advisors = advisors.filter(public_topics=True, topics__pk=int(chosen["topic"]))
    if chosen["language"]:
        advisors = advisors.filter(public_languages=True, languages__name__iexact=chosen["language"])
    if chosen["region"]:
        advisors = advisors.filter(public_home_region=True, home_region=chosen["region"])
    return set(advisors.distinct().values_list("pk", flat=True))


@never_cache  # consent withdrawn must disappear at once, also from caches on the way
def directory(request):
    """Plain values, no model instances: everyone listed (their shown columns) with who shows which topic, all
    topics, the languages of those who show theirs, and with a filter the pks it finds. They feed both the
    page and the key of its cached content (`{% cached_fragment %}`, docs/decisions/0111-directory-fragment.md):
    the key is the content itself, so a withdrawn consent, an edit or a new advisor changes it at once."""
    chosen = _chosen(request)
    # Everyone listed together with their topics' ids: one row per advisor and topic (a LEFT JOIN, so an
    # advisor without topics has one row too) instead of a query of its own for who has which topic.
    listed = {}  # pk -> the advisor's ROW_COLUMNS, in the page's order
    links = []  # (advisor, topic) of those who show their topics
    shows_topics = ROW_COLUMNS.index("public_topics")
    for *row, topic_id in (
        Advisor.objects.in_directory().order_by("last_name", "first_name", "pk").values_list(*ROW_COLUMNS, "topics")
    ):
        listed.setdefault(row[0], tuple(row))
        if topic_id is not None and row[shows_topics]:
            links.append((row[0], topic_id))
    rows = list(listed.values())
    links.sort()  # by advisor and topic, as the key had them before
    if chosen["topic"] or chosen["language"] or chosen["region"]:
        found = _found(chosen)
        shown_rows = [row for row in rows if row[0] in found]
    else:
        shown_rows = rows
    flags = [dict(zip(ROW_COLUMNS, row, strict=True)) for row in rows]
    # (pk, name) in the page's language; modeltranslation falls back to German as `str(topic)` does.
    topics = list(Topic.objects.order_by("position", "name").values_list("pk", "name"))
    topic_names = dict(topics)
    # Which topics each advisor who shows them has, in the topics' order (position, name).
    order = {pk: index for index, (pk, _name) in enumerate(topics)}
    topics_of = {}
    for advisor_id, topic_id in sorted(links, key=lambda link: order[link[1]]):
        topics_of.setdefault(advisor_id, []).append(topic_names[topic_id])
    # The languages of everyone listed who shows them: the filter's options (distinct names, by name as the
    # database sorts them) and each entry's list (in the order they were entered).
    language_rows = list(
        AdvisorLanguage.objects.filter(advisor_id__in=[values["pk"] for values in flags if values["public_languages"]])
        .order_by("name", "id")
        .values_list("id", "advisor_id", "name", "level")
    )
    languages = list(dict.fromkeys(name for _id, _advisor, name, _level in language_rows))
    level_labels = choice_labels(Application.Level)
    languages_of = {}
    for _id, advisor_id, name, level in sorted(language_rows):
        languages_of.setdefault(advisor_id, []).append(f"{name} ({level_labels.get(level, level)})")
    # The filters' options are (value, label) pairs written by {% select_options %}; a language matches
    # whatever its case, as the filter does.
    chosen_language = next((name for name in languages if name.lower() == chosen["language"].lower()), "")
    english = get_language() == "en"
    return render(
        request,
        "pool/advisor_directory.html",
        {
            # Built only when the list is rendered, not when it comes from the cache.
            "entries": SimpleLazyObject(
                lambda: [entry_for(row, topics_of, languages_of, english) for row in shown_rows]
            ),
            "chosen": chosen,
            "chosen_language": chosen_language,
            "topics": topics,
            "languages": [(name, name) for name in languages],
            "region_options": region_options(get_language(), chosen["region"]),
            "list_key": fragment_key(
                "directory",
                shown_rows,
                topics,
                links,
                language_rows,
                # A topic that does not exist finds nobody: the same page whatever number was typed.
                chosen["topic"] if chosen["topic"] and int(chosen["topic"]) in topic_names else "",
                chosen_language,
                chosen["region"],
            ),
        },
    )


@lru_cache(maxsize=256)
def region_options(language, chosen) -> str:
    """The <option>s of the 44 Kreise: fixed in the code, so written once per language and chosen Kreis
    (`chosen` is one of HomeRegion's keys or empty, see `_filtered`)."""
    regions = [(key, label) for key, label in HomeRegion.choices if key != HomeRegion.OUTSIDE_BW]
    return options_html(regions, chosen, separator="")


@never_cache
def photo(request, pk):
    advisor = get_object_or_404(Advisor.objects.in_directory().filter(public_photo=True), pk=pk)
    return private_file_response(advisor.photo, content_type="image/jpeg")


app_name = "directory"
urlpatterns = [
    path("", directory, name="list"),
    path("<int:pk>/foto/", photo, name="photo"),
]
