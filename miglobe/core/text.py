"""Text typed into public forms, cleaned of characters that change how *other* text is displayed.

A right-to-left override (U+202E) in a name reverses the rest of the line it is shown in: the admin list
around "Ali \u202eevil" read backwards. Such format and control characters carry no meaning in a name or a
motivation letter, so public forms drop them before anything is checked or stored.
"""

import functools
import unicodedata

from django import forms

# Format characters that real text needs: the zero-width non-joiner and joiner shape Persian, Urdu and
# Indic script words (a Persian name can be misspelt without U+200C), so they stay.
KEEP_FORMAT = {"\u200c", "\u200d"}
LINE_BREAKS = {"\n", "\r"}


def clean_text(value: str, *, multiline: bool = True) -> str:
    """`value` in Unicode NFC without control, format (bidi overrides and isolates, zero-width spaces, BOM),
    surrogate or private-use characters. Line breaks stay in multi-line text; tabs become spaces; in a
    single-line field a line break becomes a space too."""
    text = unicodedata.normalize("NFC", value)
    if text.replace("\n", "").replace("\r", "").isprintable():
        # Nearly every text: apart from line breaks, no character that is not printable – and every control,
        # format, surrogate and private-use character is not – so there is nothing to drop or replace. The
        # character-by-character look below costs a post 0.2 ms.
        return text if multiline else text.replace("\n", " ").replace("\r", " ")
    return _dropping(text, multiline=multiline)


def _dropping(text: str, *, multiline: bool) -> str:
    kept = []
    for char in text:
        if char in LINE_BREAKS:
            kept.append(char if multiline else " ")
        elif char == "\t":
            kept.append(" ")
        elif char in KEEP_FORMAT or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co"):
            kept.append(char)
    return "".join(kept)


def _cleaning(to_python, multiline, value):
    return to_python(clean_text(value, multiline=multiline) if isinstance(value, str) else value)


class CleanTextFormMixin:
    """For every public form: each text field (CharField and its subclasses: email, slug, …) drops control
    and bidi characters before its own checks, so a length limit or `required` judges what will be stored.

    Put it first in the bases: `class RequestForm(CleanTextFormMixin, forms.ModelForm)`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                multiline = isinstance(field.widget, forms.Textarea)
                # The form's fields are deep copies of the class's, so this changes this form's field only.
                field.to_python = functools.partial(_cleaning, field.to_python, multiline)
