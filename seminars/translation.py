"""Texts that staff write, in German and English (django-modeltranslation, as pool/translation.py).

`module.title` gives the active language's text and falls back to German where no English was written.
The certificate stays German (seminars/certificate.py reads `title_de`). Decision 0100.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Module


@register(Module)
class ModuleTranslationOptions(TranslationOptions):
    fields = ("title", "learning_goals")
    required_languages = ("de",)
