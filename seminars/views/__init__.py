from django.shortcuts import redirect

from ..permissions import is_seminar_staff


def index(request):
    """/seminare/: staff to their seminar list, everyone else to their own seminars (or the login)."""
    return redirect("seminars:seminar_list" if is_seminar_staff(request.user) else "seminars:my_seminars")
