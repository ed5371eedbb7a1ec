"""The advisor portal: the home page assembled from the registered sections, and the pool's own pages.

None of these URLs carries another person's id: each page works on `request.advisor`, so there is nothing
to guess. The only id in a URL is an absence's, and it is looked up among the advisor's own absences.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from miglobe.core.portal import render_sections
from miglobe.core.private_files import private_file_response

from . import roster_services
from .exceptions import Refused
from .links import ADVISOR_INVITATION
from .personal_data import advisor_data_zip
from .portal import advisor_required
from .portal_forms import AbsenceForm, ProfileForm, profile_language_formset


def portal_home(request):
    # Staff who log in at /konto/login/ land here too; their work is in the admin.
    if request.user.is_authenticated and request.user.is_staff and not hasattr(request.user, "advisor"):
        return redirect("admin:index")
    return _advisor_home(request)


@advisor_required
def _advisor_home(request):
    advisor = request.advisor
    return render(request, "portal/home.html", {"advisor": advisor, "sections": render_sections(request, advisor)})


@never_cache
def invitation(request, key):
    """Set the first password. Reached through the private link (core's entry view grants this session)."""
    advisor = ADVISOR_INVITATION.get_object_or_404(request, key)
    if request.user.is_authenticated and advisor.user_id != request.user.pk:
        raise PermissionDenied  # someone else's session must not take over this account
    form = SetPasswordForm(advisor.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ADVISOR_INVITATION.revoke(request, advisor)  # while the advisor still holds the key it was granted by
        try:
            advisor = roster_services.accept_invitation(key=key, password=form.cleaned_data["new_password1"])
        except Refused:
            raise Http404 from None
        login(request, advisor.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Ihr Passwort ist gespeichert. Willkommen im Portal!"))
        return redirect("portal:home")
    return render(request, "pool/portal/invitation.html", {"form": form, "advisor": advisor})


@advisor_required
def profile(request):
    advisor = request.advisor
    form = ProfileForm(request.POST or None, request.FILES or None, instance=advisor)
    languages = profile_language_formset(advisor=advisor, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and languages.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        photo = form.cleaned_data.get("photo")
        try:
            roster_services.update_profile(
                advisor=advisor,
                fields=fields,
                languages=languages.languages(),
                photo=photo if photo and photo is not form.initial.get("photo") else None,
                remove_photo=form.cleaned_data.get("remove_photo", False),
                by=request.user,
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Ihr Profil ist gespeichert."))
            return redirect("portal:profile")
    if request.method == "POST":
        # A failed form keeps the typed values; the instance must not carry them into the page header.
        advisor.refresh_from_db()
    return render(
        request,
        "pool/portal/profile.html",
        {
            "advisor": advisor,
            "form": form,
            "languages": languages,
            "absence_form": AbsenceForm(),
            "absences": advisor.absences.all(),
        },
    )


@advisor_required
def own_photo(request):
    return private_file_response(request.advisor.photo, content_type="image/jpeg")


@require_POST
@advisor_required
def absence_add(request):
    form = AbsenceForm(request.POST)
    if form.is_valid():
        roster_services.add_absence(advisor=request.advisor, by=request.user, **form.cleaned_data)
        messages.success(request, _("Die Abwesenheit ist eingetragen."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("portal:profile")


@require_POST
@advisor_required
def absence_delete(request, pk):
    absence = get_object_or_404(request.advisor.absences, pk=pk)  # another advisor's absence: 404
    roster_services.remove_absence(absence=absence, by=request.user)
    messages.success(request, _("Die Abwesenheit ist gelöscht."))
    return redirect("portal:profile")


@advisor_required
def data_export(request):
    """Art. 15/20 DSGVO: the advisor's own data as JSON, with the photo, in one ZIP."""
    response = HttpResponse(advisor_data_zip(request.advisor), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="meine-daten-miglobe.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
