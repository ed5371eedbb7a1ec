"""The staff's second factor: set it up, give a code after the password, and a colleague's reset."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from . import two_factor
from .decorators import predicate_required

BACKUP_CODES = "two_factor_new_backup_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        help_text=_("Sechs Ziffern aus Ihrer Authenticator-App, oder einer Ihrer Notfallcodes."),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code aus der App"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index") if request.user.is_staff else reverse("portal:home")


def _with_next(viewname, request):
    return f"{reverse(viewname)}?{urlencode({'next': _next(request)})}"


_staff_required = predicate_required(lambda user: user.is_staff)


@never_cache
@_staff_required
def verify(request):
    if request.user.is_verified():
        return redirect(_next(request))
    if not user_has_device(request.user, confirmed=True):
        # Reset by a colleague since this session began: set it up again (or go on, where it is optional).
        request.session[two_factor.STATE] = two_factor.state_for(request.user)
        return redirect(_with_next("core:two_factor_enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error(
            "code",
            _("Dieser Code stimmt nicht oder ist abgelaufen. Nach mehreren Fehlversuchen müssen Sie etwas warten."),
        )
    return render(request, "core/two_factor_verify.html", {"form": form, "next": _next(request)})


@never_cache
@_staff_required
def enrol(request):
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        # With a device, only a verified session may replace it: a password alone must not get past it.
        return redirect(_with_next("core:two_factor_verify", request))
    device = two_factor.pending_totp_device(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            request.session[BACKUP_CODES] = codes
            return redirect(_with_next("core:two_factor_backup_codes", request))
        form.add_error(
            "code",
            _("Dieser Code stimmt nicht. Prüfen Sie die Uhrzeit Ihres Telefons und geben Sie den aktuellen Code ein."),
        )
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.secret_for_typing(device),
        "required": two_factor.required_for(request.user),
        "next": _next(request),
    }
    return render(request, "core/two_factor_enrol.html", context)


@never_cache
@_staff_required
def backup_codes(request):
    """The new backup codes, shown exactly once."""
    codes = request.session.pop(BACKUP_CODES, None)
    if not codes:
        return redirect(_next(request))
    return render(request, "core/two_factor_backup_codes.html", {"codes": codes, "next": _next(request)})


@require_POST
@_staff_required
def reset(request, user_id):
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not request.user.is_verified() and two_factor.required_for(request.user):
        raise PermissionDenied
    try:
        removed = two_factor.reset_second_factor(actor=request.user, target=target)
    except two_factor.ResetRefused:
        raise PermissionDenied from None
    if removed:
        messages.success(
            request,
            _(
                "Der zweite Faktor von %(user)s wurde zurückgesetzt. "
                "Bei der nächsten Anmeldung richtet die Person ihn neu ein."
            )
            % {"user": target.get_username()},
        )
    else:
        messages.info(
            request, _("%(user)s hatte keinen zweiten Faktor eingerichtet.") % {"user": target.get_username()}
        )
    return redirect("admin:auth_user_change", target.pk)
