"""The advisor portal's registry: each app contributes a section to the portal home without editing it.

    from miglobe.core.portal import PortalSection, register
    register(PortalSection(key="seminars", title=_("Seminare"), template="seminars/_portal_section.html",
                           context=lambda request, advisor: {...}, empty_text=_("Hier erscheinen …"), order=20))

Call `register` in the app's AppConfig.ready(). The portal home renders each section's template with its
context; a context containing `"empty": True` shows `empty_text` instead, so an advisor always learns what
will appear there. Core knows nothing of advisors: the pool app's portal view passes the advisor in.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string


@dataclass(frozen=True)
class PortalSection:
    key: str
    title: str
    template: str
    context: Callable[..., dict] = field(default=lambda request, advisor: {})
    empty_text: str = ""
    order: int = 50


_sections: dict[str, PortalSection] = {}


def register(section: PortalSection) -> PortalSection:
    """Add or replace (by key, so a reloaded AppConfig does not add it twice) a section of the portal home."""
    _sections[section.key] = section
    return section


def unregister(key: str) -> None:
    _sections.pop(key, None)


def sections() -> list[PortalSection]:
    """The registered sections in their order (then by key, so the page is stable)."""
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


@dataclass(frozen=True)
class RenderedSection:
    section: PortalSection
    html: str
    empty: bool

    @property
    def key(self):
        return self.section.key

    @property
    def title(self):
        return self.section.title


def render_sections(request, advisor) -> list[RenderedSection]:
    rendered = []
    for section in sections():
        context = dict(section.context(request, advisor) or {})
        if context.get("empty"):
            rendered.append(RenderedSection(section, "", True))
            continue
        context.setdefault("advisor", advisor)
        context.setdefault("section", section)
        rendered.append(RenderedSection(section, render_to_string(section.template, context, request), False))
    return rendered
