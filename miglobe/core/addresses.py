"""Email addresses as people have them, umlauts included.

`müller@exämple.de` is a valid address: the domain is an internationalised domain name (IDN, sent as
`xn--exmple-cua.de`), and the local part is UTF-8 (RFC 6531, "SMTPUTF8", which mail servers such as
Postfix, Exim, Gmail and Outlook accept). Django's `validate_email` refuses a non-ASCII local part, and its
`sanitize_address` turns one into an RFC 2047 encoded word, which no mailbox is called; these helpers and
`miglobe.core.mail.EmailBackend` handle both halves properly.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# RFC 5322 atext, plus every non-ASCII character that is not a control, format or space character (RFC 6531).
_ATOM_ASCII = r"A-Za-z0-9!#$%&'*+/=?^_`{|}~\-"
_ATOM = re.compile(rf"^[{_ATOM_ASCII}\u0080-\U0010ffff]+$")
MAX_LOCAL_OCTETS = 64


def split(address: str) -> tuple[str, str]:
    local, _at, domain = address.rpartition("@")
    return local, domain


def needs_smtputf8(address: str) -> bool:
    """True if the mailbox name itself is not ASCII; the domain can always be written in ASCII (punycode)."""
    return not split(address)[0].isascii()


def ascii_domain(domain: str) -> str:
    """`exämple.de` → `xn--exmple-cua.de` (IDNA); ASCII domains unchanged."""
    return domain if domain.isascii() else domain.encode("idna").decode("ascii")


def envelope_address(address: str) -> str:
    """The address for SMTP's MAIL FROM / RCPT TO: the local part as typed (NFC), the domain in ASCII."""
    local, domain = split(address)
    return f"{unicodedata.normalize('NFC', local)}@{ascii_domain(domain)}"


def validate_email_address(value: str) -> None:
    """Django's check for the domain (IDN included) and the ASCII case; RFC 6531 for a UTF-8 local part."""
    local, domain = split(value or "")
    if local.isascii():
        validate_email(value)
        return
    atoms = local.split(".")
    if (
        len(local.encode("utf-8")) > MAX_LOCAL_OCTETS
        or not all(atoms)
        or not all(_ATOM.match(atom) for atom in atoms)
        or any(unicodedata.category(char)[0] in ("C", "Z") for char in local)
    ):
        raise ValidationError(_("Bitte geben Sie eine gültige E-Mail-Adresse ein."), code="invalid")
    validate_email(f"x@{domain}")  # the domain part, IDN or not, as Django checks it


class EmailAddressField(forms.EmailField):
    """A form field for addresses with umlauts anywhere (`müller@exämple.de`)."""

    default_validators = [validate_email_address]
