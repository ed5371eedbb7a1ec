"""Which submitted applications probably come from the same person. Staff decide; nothing merges by itself.

Three kinds of evidence:
- exact keys (indexed columns on Application): the normalised email, the phone number in E.164, and the
  name folded for diacritics, transliteration and order ("Ayşe Öztürk" = "Ozturk Ayse");
- a *similar* name, as real people produce them: a dropped middle name ("Nguyen Van An" / "Nguyen An") and
  transliteration variants (Mohammed / Muhammad / Mohamed, Yusuf / Youssef, Hussein / Husain / Hüseyin);
- the person applied before: matches are sought in every call, not just this one.

Similar names are found in two steps, so a submission reads a bounded number of rows whatever the number of
applications: the words of each submitted name are stored as phonetic codes (jellyfish's Metaphone and
NYSIIS, in `NameCode`, indexed); candidates are the applications sharing codes for two words, and only those
are compared word by word with Jaro-Winkler similarity (rapidfuzz). Both libraries are maintained C/Rust
implementations; nothing here computes a distance by hand.

Measured on the corpus in `pool/tests/test_duplicates.py` (see there for the current figures).
"""

import contextlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import jellyfish
import phonenumbers
from anyascii import anyascii
from django.db.models import Count, Q
from rapidfuzz.distance import JaroWinkler

from miglobe.core.addresses import ascii_domain

from .models import Application, DuplicateFlag, NameCode

Reason = DuplicateFlag.Reason

# Two words are the same name when they sound alike (same Metaphone or NYSIIS code) *and* are spelt alike
# enough: Hussein/Husain 0.92, Mohammed/Muhammad 0.85, Yusuf/Youssef 0.87; Hassan/Hussein (different names
# with the same consonants) 0.77 stay apart.
WORD_SIMILARITY = 0.80
# Codes of at least this many words must agree before two names are compared at all.
SHARED_WORDS = 2


# --- Exact keys ----------------------------------------------------------------------------------


def email_key(email: str) -> str:
    """Lower case, without a +tag, the domain in ASCII (müller@exämple.de = müller@xn--exmple-cua.de)."""
    local, _sep, domain = email.strip().lower().partition("@")
    if not domain:
        return local
    with contextlib.suppress(UnicodeError):  # not a valid IDN: kept as typed, it still matches itself
        domain = ascii_domain(domain)
    return f"{local.split('+', 1)[0]}@{domain}"


def phone_key(phone: str) -> str:
    """E.164, read as a German number unless it has a country code; empty when it is no valid number."""
    try:
        number = phonenumbers.parse(phone, "DE")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def name_words(first_name: str, last_name: str) -> list[str]:
    """The words of a name folded to ASCII (any script), lower case, German umlaut spellings (oe, ue, ae)
    made equal to the plain vowel."""
    folded = anyascii(f"{first_name} {last_name}").lower()
    folded = re.sub(r"([aou])e", r"\1", folded)
    return re.findall(r"[a-z]+", folded)


def name_key(first_name: str, last_name: str) -> str:
    """The folded words sorted, so that swapped first and last names match."""
    return " ".join(sorted(name_words(first_name, last_name)))


def refresh_keys(application) -> None:
    """Set the exact keys on the (unsaved) application."""
    application.email_key = email_key(application.email)
    application.phone_key = phone_key(application.phone) if application.phone else ""
    application.name_key = name_key(application.first_name, application.last_name)


# --- Similar names -------------------------------------------------------------------------------

# Spellings that transliterations of the same name swap, made equal before the phonetic codes are taken:
# Maryam/Mariam, Natalja/Natalia, Sergej/Sergei, Youssef/Yusuf, Jasmin/Yasmin, Kareem/Karim, Oxana/Oksana.
# A j or y inside a word is an i; at its start it stays a consonant (Jonas is not Ines).
_SPELLINGS = [
    (re.compile(pattern), repl)
    for pattern, repl in [
        (r"ou", "u"),
        (r"ee", "i"),
        (r"x", "ks"),
        (r"ph", "f"),
        (r"^[jy]", "y"),
        (r"(?<=[aeiou])[yj]|(?<=.)[yj](?=[aeiou])", "i"),
        (r"(.)\1", r"\1"),
    ]
]


def spoken_form(word: str) -> str:
    for pattern, repl in _SPELLINGS:
        word = pattern.sub(repl, word)
    return word


def word_codes(word: str) -> set[str]:
    spoken = spoken_form(word)
    return {f"m:{jellyfish.metaphone(spoken)}", f"n:{jellyfish.nysiis(spoken)}"}


def _gendered_pair(a: str, b: str) -> bool:
    """Jan/Jana, Daniel/Daniela, Maria/Mario, Ivanov/Ivanova: a different ending vowel is a different person."""
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) == 1:
        return long.startswith(short) and long[-1] in "aeio"
    return len(a) == len(b) and a[:-1] == b[:-1] and {a[-1], b[-1]} <= set("aeio")


def words_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if _gendered_pair(a, b) or not (word_codes(a) & word_codes(b)):
        return False
    return JaroWinkler.normalized_similarity(spoken_form(a), spoken_form(b)) >= WORD_SIMILARITY


def names_match(a: list[str], b: list[str]) -> bool:
    """Every word of the shorter name (at least two words) has its own matching word in the longer one: the
    same name in another spelling, or with a middle name left out."""
    short, long = sorted((list(dict.fromkeys(a)), list(dict.fromkeys(b))), key=len)
    if len(short) < SHARED_WORDS:
        return short == long
    unused = list(long)
    for word in short:
        match = next((other for other in unused if words_match(word, other)), None)
        if match is None:
            return False
        unused.remove(match)
    return True


def store_name_codes(application, *, replace: bool = True) -> None:
    """Rewrite the application's phonetic codes (two queries; one for an application inserted just now,
    which has none to replace: `replace=False`)."""
    codes = set().union(*(word_codes(w) for w in name_words(application.first_name, application.last_name)))
    if replace:
        NameCode.objects.filter(application=application).delete()
    NameCode.objects.bulk_create(NameCode(application=application, code=code) for code in sorted(codes))


def _similar_name_candidates(application):
    """Ids of applications whose name shares the Metaphone or the NYSIIS codes of two words (one query)."""
    words = name_words(application.first_name, application.last_name)
    metaphone = {c for w in words for c in word_codes(w) if c.startswith("m:")}
    nysiis = {c for w in words for c in word_codes(w) if c.startswith("n:")}
    need = min(SHARED_WORDS, len(set(words)))
    return (
        NameCode.objects.filter(code__in=metaphone | nysiis)
        .exclude(application=application)
        .values("application")
        .annotate(
            m=Count("pk", filter=Q(code__in=metaphone)),
            n=Count("pk", filter=Q(code__in=nysiis)),
        )
        .filter(Q(m__gte=need) | Q(n__gte=need))
        .values("application")
    )


@dataclass
class Match:
    other: Application
    reasons: list[str]


def find_matches(application) -> list[Match]:
    """Submitted applications, to any call, that look like the same person (one query for the candidates)."""
    exact = Q(pk__in=_similar_name_candidates(application))
    for key in ("email_key", "phone_key", "name_key"):
        if getattr(application, key):
            exact |= Q(**{key: getattr(application, key)})
    candidates = (
        Application.objects.submitted()
        .filter(exact)
        .exclude(pk=application.pk)
        .only("pk", "call_id", "first_name", "last_name", "email_key", "phone_key", "name_key", "submitted_at")
        .order_by("pk")
    )
    words = name_words(application.first_name, application.last_name)
    matches = []
    for other in candidates:
        reasons = [
            reason
            for reason, key in ((Reason.EMAIL, "email_key"), (Reason.PHONE, "phone_key"), (Reason.NAME, "name_key"))
            if getattr(application, key) and getattr(application, key) == getattr(other, key)
        ]
        if Reason.NAME not in reasons and names_match(words, name_words(other.first_name, other.last_name)):
            reasons.append(Reason.SIMILAR_NAME)
        if not reasons:
            continue  # shared codes, but the names differ on a closer look
        if other.call_id != application.call_id:
            reasons.append(Reason.OTHER_CALL)
        matches.append(Match(other=other, reasons=[str(r) for r in reasons]))
    return matches


_NEVER = datetime.min.replace(tzinfo=UTC)


def _submission_order(application):
    return (application.submitted_at or _NEVER, application.pk)


def flag_matches(application) -> list[DuplicateFlag]:
    """Flag every submitted application that looks like the same person as this submitted one, and return
    the flags on either side of it.

    A flag points from the later submission to the earlier one, whichever of the two is checked first: the
    checks run in the worker after each submission commits, so of two submissions close together the
    earlier one may be checked when the later one is already there. Each pair is checked at least once – the
    second of two commits sees the first, and its check runs after it – and flagged once (the pair is
    unique; an existing flag is kept as it is, with its resolution, if any). Two queries whatever the number
    of matches, two more when there are new ones.
    """
    flagged = DuplicateFlag.objects.involving(application).order_by("pk")
    existing = list(flagged)
    pairs = {(flag.application_id, flag.other_id) for flag in existing}
    new = []
    for match in find_matches(application):
        later, earlier = sorted((application, match.other), key=_submission_order, reverse=True)
        if (later.pk, earlier.pk) not in pairs:
            new.append(DuplicateFlag(application=later, other=earlier, reasons=",".join(match.reasons)))
    if not new:
        return existing
    # A check of the other application at the same moment may insert the same pair: that one stays.
    DuplicateFlag.objects.bulk_create(new, ignore_conflicts=True)
    return list(flagged.all())


def flag_duplicates(application) -> list[DuplicateFlag]:
    """Store the submitted application's name codes and flag every likely duplicate for staff to review
    (what the submission and its check in the worker do together)."""
    store_name_codes(application)
    return flag_matches(application)
