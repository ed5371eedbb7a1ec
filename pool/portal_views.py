"""The advisor portal: the home page assembled from the registered sections, and the pool's own pages."""

from django.shortcuts import redirect, render

from miglobe.core.portal import render_sections

from .portal import advisor_required


def portal_home(request):
    # Staff who log in at /konto/login/ land here too; their work is in the admin.
    if request.user.is_authenticated and request.user.is_staff and not hasattr(request.user, "advisor"):
        return redirect("admin:index")
    return _advisor_home(request)


@advisor_required
def _advisor_home(request):
    advisor = request.advisor
    return render(
        request,
        "portal/home.html",
        {"advisor": advisor, "sections": render_sections(request, advisor)},
    )
