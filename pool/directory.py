"""The public directory of advisors (/beraterinnen/): only active, qualified advisors who agreed, and of each
only the fields they agreed to show. The consent is read on every request, so withdrawing it works at once.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from miglobe.core.private_files import private_file_response
from miglobe.core.templatetags.form_fields import options_html

from .models import Advisor, AdvisorLanguage, Topic
from .regions import HomeRegion


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


def entry_for(advisor) -> DirectoryEntry:
    shown = advisor.public_fields()
    entry = DirectoryEntry(pk=advisor.pk, name=advisor.full_name, fields=shown)
    if "photo" in shown and advisor.photo:
        entry.photo_url = reverse("directory:photo", args=[advisor.pk])
    if "bio" in shown:
        # English pages fall back to the German text where the advisor wrote no English one.
        entry.bio = advisor.bio_en if get_language() == "en" and advisor.bio_en else advisor.bio
    if "topics" in shown:
        entry.topics = [str(topic) for topic in advisor.topics.all()]
    if "languages" in shown:
        entry.languages = [str(lang) for lang in advisor.languages.all()]
    if "expertise_regions" in shown:
        entry.expertise_regions = advisor.expertise_regions
    if "home_region" in shown and advisor.home_region:
        entry.home_region = advisor.get_home_region_display()
    if "email" in shown:
        entry.email = advisor.email
    if "phone" in shown:
        entry.phone = advisor.phone
    return entry


def _filtered(request):
    advisors = Advisor.objects.in_directory()
    chosen = {"topic": request.GET.get("thema", ""), "language": request.GET.get("sprache", ""), "region": ""}
    # A filter matches only what the advisor shows: a hidden field must not be found out by filtering.
    if chosen["topic"].isdigit():
        advisors = advisors.filter(public_topics=True, topics__pk=int(chosen["topic"]))
    else:
        chosen["topic"] = ""
    if chosen["language"]:
        advisors = advisors.filter(public_languages=True, languages__name__iexact=chosen["language"])
    region = request.GET.get("region", "")
    if region in HomeRegion.values:
        chosen["region"] = region
        advisors = advisors.filter(public_home_region=True, home_region=region)
    advisors = advisors.distinct().prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("position", "name")),
        Prefetch("languages", queryset=AdvisorLanguage.objects.order_by("id")),
    )
    return advisors.order_by("last_name", "first_name"), chosen


@never_cache  # consent withdrawn must disappear at once, also from caches on the way
def directory(request):
    advisors, chosen = _filtered(request)
    entries = [entry_for(advisor) for advisor in advisors]
    listed = Advisor.objects.in_directory()
    languages = (
        AdvisorLanguage.objects.filter(advisor__in=listed.filter(public_languages=True))
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    languages = list(languages)
    # The filters' options are (value, label) pairs written by {% select_options %}; a language matches
    # whatever its case, as the filter does.
    chosen_language = next((name for name in languages if name.lower() == chosen["language"].lower()), "")
    return render(
        request,
        "pool/advisor_directory.html",
        {
            "entries": entries,
            "chosen": chosen,
            "chosen_language": chosen_language,
            "topics": [(topic.pk, str(topic)) for topic in Topic.objects.order_by("position", "name")],
            "languages": [(name, name) for name in languages],
            "region_options": region_options(get_language(), chosen["region"]),
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
