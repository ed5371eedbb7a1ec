from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .links import absolute_url
from .outbox import format_address, queue_email


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, but the email goes through the outbox like every other email."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        queue_email(
            to=format_address(user.get_full_name(), to_email),
            template="core/password_reset",
            context={"user": user, "reset_url": absolute_url(path)},
            language=translation.get_language() or settings.LANGUAGE_CODE,
            related_object=user,
            # The link gives access to the account: staff must not be able to read it in the outbox.
            confidential=True,
        )


class LoginForm(AuthenticationForm):
    """Django's login, with a message that says what went wrong instead of asking to fill in the fields."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Benutzername oder Passwort stimmen nicht. Achten Sie auf Groß- und Kleinschreibung; "
            "über „Passwort vergessen?“ können Sie ein neues Passwort setzen."
        ),
    }


class NewLinkForm(forms.Form):
    """ "Send me a new link": the address the link was sent to."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        help_text=_("Die Adresse, an die wir Ihren Link geschickt haben."),
    )
