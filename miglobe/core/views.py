import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from miglobe.celery import app as celery_app

from . import private_links
from .forms import NewLinkForm, OutboxPasswordResetForm
from .throttle import over_limit_for_visitor_or_email

logger = logging.getLogger(__name__)

TOO_MANY_REQUESTS = _("Zu viele Anfragen von Ihrem Anschluss. Bitte versuchen Sie es in einer Stunde noch einmal.")


def home(request):
    return render(request, "core/home.html")


def legal_page(request, *, template_name):
    return render(request, template_name)


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("Health check: database unreachable")
        return False


def _broker_reachable() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return True
    except Exception:
        logger.exception("Health check: broker unreachable")
        return False


@never_cache
def healthz(request):
    checks = {"database": _database_reachable(), "broker": _broker_reachable()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"} | {k: "ok" if v else "error" for k, v in checks.items()}
    return JsonResponse(body, status=200 if healthy else 503)


# --- Private links (miglobe.core.private_links) ----------------------------------------------------


def _link_or_404(name):
    link = private_links.registered(name)
    if link is None:
        raise Http404("No such private link")
    return link


@never_cache
@require_GET
def private_link(request, name):
    """The link from the email: check the key, grant this session the object, go on to a key-less URL."""
    link = _link_or_404(name)
    obj = link.object_for_token(request.GET.get("k", ""))
    if obj is None:
        # Away from the key at once, also when it is no good: the key stays in no page's address.
        return redirect("core:private_link_expired", name=name)
    link.grant(request, obj)
    return redirect(link.landing(obj))


@never_cache
def private_link_new(request, name, *, expired=False):
    """ "Send me a new link". The answer is the same whether or not the address is on file."""
    link = _link_or_404(name)
    form = NewLinkForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        visitor_over, email_over = over_limit_for_visitor_or_email(
            request, group=f"core.private_link.{name}", rate=settings.PRIVATE_LINK_RESEND_RATE, email=email
        )
        if visitor_over:
            form.add_error(None, TOO_MANY_REQUESTS)
            status = 429
        else:
            if not email_over:  # over the limit for this address: the same answer, but no more mail
                link.resend(email)
            return render(request, "core/private_link_sent.html", {"name": name})
    return render(request, "core/private_link_new.html", {"form": form, "expired": expired}, status=status)


# --- Logins ------------------------------------------------------------------------------------------


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes' answer once an account name or an address is locked. The same text for every name, so
    it tells no one whether an account exists."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset through the outbox, throttled per visitor address and per email address.

    Over the limit for an email address the answer is the usual "if an account exists…" page, but no email
    goes out; over the limit for the visitor the form says so (that tells nothing about any account)."""

    form_class = OutboxPasswordResetForm

    def form_valid(self, form):
        visitor_over, email_over = over_limit_for_visitor_or_email(
            self.request,
            group="core.password_reset",
            rate=settings.PASSWORD_RESET_RATE,
            email=form.cleaned_data["email"],
        )
        if visitor_over:
            form.add_error(None, TOO_MANY_REQUESTS)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if email_over:
            return redirect(self.get_success_url())
        return super().form_valid(form)
