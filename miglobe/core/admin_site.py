"""The admin site, Django's with one difference: the app list is built only when a page shows it.

Django's `each_context` builds the app list (every registered model's permissions and URLs) on every admin
page for the navigation sidebar. Our site has no sidebar (docs/decisions/0022-staff-screens.md), so the list
is read by nothing on most pages and cost about a fifth of a change list's time
(docs/decisions/0125-admin-pages-at-the-floor.md). It stays in the context as a lazy list, built on first use.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.functional import SimpleLazyObject


class AdminSite(admin.AdminSite):
    enable_nav_sidebar = False

    def each_context(self, request):
        request._defer_admin_app_list = True
        try:
            return super().each_context(request)
        finally:
            del request._defer_admin_app_list

    def get_app_list(self, request, app_label=None):
        if getattr(request, "_defer_admin_app_list", False):
            return SimpleLazyObject(lambda: super(AdminSite, self).get_app_list(request, app_label))
        return super().get_app_list(request, app_label)


class MiGlobeAdminConfig(AdminConfig):
    """`django.contrib.admin` with our site as `admin.site`."""

    default_site = "miglobe.core.admin_site.AdminSite"
