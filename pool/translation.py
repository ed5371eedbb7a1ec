"""Texts that staff write, in German and English (django-modeltranslation).

Each registered field gets a column per language (`title_de`, `title_en`); reading `call.title` gives the
active language's text and falls back to German where no English text was written. German is required,
English optional. See docs/decisions/0030-bilingual-staff-texts.md.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Call, SelectionCriterion, Topic


@register(Call)
class CallTranslationOptions(TranslationOptions):
    fields = ("title", "description", "eligibility", "work_description")
    required_languages = ("de",)


@register(SelectionCriterion)
class SelectionCriterionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("de",)


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("de",)
    # Names are unique per language; a missing English name is NULL, not "", so several may be missing.
    empty_values = {"name": None}
