from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from miglobe.core import views as core_views
from miglobe.core.forms import LoginForm

admin.site.site_header = _("MiGlobe Pool – Verwaltung")
admin.site.site_title = _("MiGlobe Pool")
admin.site.index_title = _("Programmsteuerung")
# The left app menu took 300 of a laptop's 1280 px, and the application list lost its last columns to it;
# the breadcrumbs and the start page lead everywhere it did (docs/decisions/0022-staff-screens.md). Without
# it, the site builds its app list only for the pages that show one (miglobe.core.admin_site).
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", include("miglobe.core.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before Django's auth URLs: our login message, and the reset email through the outbox.
    path("konto/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("konto/password_reset/", core_views.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("konto/", include("django.contrib.auth.urls")),
    path("portal/", include("pool.portal_urls")),
    path("pool/", include("pool.urls")),
    path("beraterinnen/", include("pool.directory")),
    path("seminare/", include("seminars.urls")),
    path("beratung/", include("consultations.urls")),
]
