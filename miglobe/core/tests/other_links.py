"""A second module declaring a name that link_urls already uses: PrivateLink must refuse it."""

from miglobe.core.private_links import PrivateLink

PrivateLink(
    name="testapp.appointment",
    lookup=lambda key: None,
    key=str,
    landing=lambda obj: "/",
    resend=lambda email: None,
)
