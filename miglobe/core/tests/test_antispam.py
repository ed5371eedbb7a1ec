"""Public-form protection (issue #8, point 5): start token, visitor address, emails per address, clean text."""

import unicodedata
from datetime import timedelta

import pytest
import time_machine
from django import forms
from django.core.cache import cache
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from miglobe.core import antispam
from miglobe.core.text import CleanTextFormMixin, clean_text


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


class TestStartToken:
    def test_a_token_works_once(self):
        state, payload = antispam.read_start_token(antispam.start_token())
        assert state == "ok"
        assert antispam.use_start_token(payload) is True
        assert antispam.use_start_token(payload) is False

    def test_a_token_expires(self, settings):
        settings.PUBLIC_FORM_TOKEN_MAX_AGE = 600
        with time_machine.travel(timezone.now() - timedelta(minutes=11), tick=False):
            old = antispam.start_token()
        assert antispam.read_start_token(old) == ("expired", None)
        assert antispam.read_start_token(antispam.start_token())[0] == "ok"

    @pytest.mark.parametrize("token", ["", "abc", antispam.start_token()[:-2] + "xy"])
    def test_an_altered_token_is_invalid(self, token):
        assert antispam.read_start_token(token) == ("invalid", None)


class SpamForm(antispam.SpamProtectionMixin, forms.Form):
    name = forms.CharField()


class TestSpamProtectionMixin:
    def test_a_reused_token_is_refused_and_replaced_by_a_fresh_one_with_the_same_start(self, settings):
        settings.POOL_MIN_FILL_SECONDS = 0
        token = antispam.start_token()
        first = SpamForm({"name": "Ayşe", "started": token})
        assert first.is_valid()
        again = SpamForm({"name": "Ayşe", "started": token})
        assert not again.is_valid()
        assert again.has_error(forms.forms.NON_FIELD_ERRORS, "used") and again.looks_automated
        fresh = again.data["started"]
        assert fresh != token
        assert antispam.read_start_token(fresh)[1]["s"] == antispam.read_start_token(token)[1]["s"]
        assert SpamForm({"name": "Ayşe", "started": fresh}).is_valid()

    def test_an_unbound_form_hands_out_a_token_and_a_honeypot(self):
        form = SpamForm()
        assert antispam.read_start_token(form.initial["started"])[0] == "ok"
        assert "website" in form.fields

    def test_the_honeypot_refuses(self, settings):
        settings.POOL_MIN_FILL_SECONDS = 0
        form = SpamForm({"name": "x", "website": "http://spam.example", "started": antispam.start_token()})
        assert not form.is_valid() and form.looks_automated


class TestClientAddress:
    @pytest.mark.parametrize(
        ("trusted", "hops", "meta", "expected"),
        [
            # No proxy configured: the header is never read, whoever sends it.
            ([], 1, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "127.0.0.1"),
            ([], 1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "10.0.0.2"),
            # A private peer that is not the configured proxy cannot choose an address (spoofing).
            (["10.0.0.1"], 1, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "10.0.0.2"),
            # The configured proxy: its own entry (the last) counts, forged ones before it do not.
            (
                ["10.0.0.0/24"],
                1,
                {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"},
                "203.0.113.9",
            ),
            # Two proxies (CDN, then nginx): two hops from the right, each proxy on the way trusted.
            (
                ["10.0.0.1", "192.0.2.50"],
                2,
                {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.5, 192.0.2.50"},
                "198.51.100.5",
            ),
            # ... but an untrusted second hop is the visitor itself.
            (
                ["10.0.0.1"],
                2,
                {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.5"},
                "198.51.100.5",
            ),
            # One hop configured: a client's extra entries never move us further left.
            (
                ["127.0.0.1"],
                1,
                {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1, 203.0.113.9"},
                "203.0.113.9",
            ),
            (["127.0.0.1"], 1, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "kaputt"}, "127.0.0.1"),
            (["127.0.0.1"], 1, {"REMOTE_ADDR": "127.0.0.1"}, "127.0.0.1"),
        ],
    )
    def test_the_address(self, rf, settings, trusted, hops, meta, expected):
        settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_HOPS = trusted, hops
        assert antispam.client_address(rf.post("/", **meta)) == expected

    def test_ipv6_counts_per_64(self, rf, settings):
        settings.TRUSTED_PROXIES = ["::1"]
        behind = rf.post("/", REMOTE_ADDR="::1", HTTP_X_FORWARDED_FOR="2001:db8:1:2:3:4:5:6")
        assert antispam.rate_key("g", behind) == "2001:db8:1:2::"
        assert antispam.rate_key("g", rf.post("/", REMOTE_ADDR="2001:db8:1:2::99")) == "2001:db8:1:2::"


class TestEmailsPerAddress:
    def test_a_few_a_day_then_none_until_tomorrow(self, settings):
        settings.PUBLIC_FORM_EMAILS_PER_DAY = 3
        allowed = [antispam.allow_email("Ayse@Example.org", kind="t") for _ in range(4)]
        assert allowed == [True, True, True, False]
        assert antispam.allow_email("ayse@example.org ", kind="t") is False  # the same address
        assert antispam.allow_email("other@example.org", kind="t") is True
        assert antispam.allow_email("ayse@example.org", kind="other") is True
        with time_machine.travel(timezone.now() + timedelta(days=1)):
            assert antispam.allow_email("ayse@example.org", kind="t") is True


class TestCleanText:
    def test_bidi_overrides_and_controls_go(self):
        assert clean_text("Ali \u202eevil") == "Ali evil"
        assert clean_text("a\u2066b\u2069c\u200bd\ufeffe\x00f\x1bg") == "abcdefg"

    def test_what_real_text_needs_stays(self):
        assert clean_text("مهرداد\u200cپور") == "مهرداد\u200cپور"  # Persian needs the zero-width non-joiner
        assert clean_text("Zeile 1\r\nZeile 2\tx") == "Zeile 1\r\nZeile 2 x"
        assert clean_text("Zeile 1\nZeile 2", multiline=False) == "Zeile 1 Zeile 2"
        assert clean_text("Ayşe Öztürk") == "Ayşe Öztürk"
        assert clean_text("A\u0308") == "Ä"  # NFC

    @given(text=st.text(max_size=200), multiline=st.booleans(), prefix=st.sampled_from(["", "Zeile\r\n", "a\tb "]))
    def test_the_quick_path_gives_what_the_look_at_each_character_gives(self, text, multiline, prefix):
        def each_character(value):  # the rule, as the docstring states it
            kept = []
            for char in unicodedata.normalize("NFC", value):
                if char in "\r\n":
                    kept.append(char if multiline else " ")
                elif char == "\t":
                    kept.append(" ")
                elif char in "\u200c\u200d" or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co"):
                    kept.append(char)
            return "".join(kept)

        assert clean_text(prefix + text, multiline=multiline) == each_character(prefix + text)

    def test_the_mixin_cleans_every_text_field_before_its_checks(self):
        class NameForm(CleanTextFormMixin, forms.Form):
            name = forms.CharField(max_length=8)
            note = forms.CharField(widget=forms.Textarea, required=False)
            count = forms.IntegerField(required=False)

        form = NameForm({"name": "Ali \u202eevil", "note": "a\nb\u202e", "count": "3"})
        assert form.is_valid(), form.errors  # 8 characters once the override is gone
        assert form.cleaned_data == {"name": "Ali evil", "note": "a\nb", "count": 3}
        assert not NameForm({"name": "\u202e\u202e"}).is_valid()  # nothing left: required
