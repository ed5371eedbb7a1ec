"""The staff workplaces shown on the admin start page: workflows that live outside the plain admin lists.

    from miglobe.core.workplaces import Workplace, register
    register(Workplace(key="seminars", title=_("Seminare"), links=lambda request: [(label, url), ...], order=30))

Each app registers its workplaces in AppConfig.ready(), as it does its portal sections (`portal.py`); core
knows nothing of the domain. `links(request)` returns only the links the user may use – the app asks its
own permission predicates – so an empty list hides the workplace.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Workplace:
    key: str
    title: str
    links: Callable[..., list[tuple[str, str]]]
    order: int = 50


@dataclass(frozen=True)
class ShownWorkplace:
    title: str
    links: list[tuple[str, str]]


_workplaces: dict[str, Workplace] = {}


def register(workplace: Workplace) -> Workplace:
    """Add or replace (by key, so a reloaded AppConfig does not add it twice) a workplace."""
    _workplaces[workplace.key] = workplace
    return workplace


def workplaces_for(request) -> list[ShownWorkplace]:
    """The workplaces with at least one link this user may use, in their order (then by key)."""
    shown = []
    for workplace in sorted(_workplaces.values(), key=lambda w: (w.order, w.key)):
        links = list(workplace.links(request))
        if links:
            shown.append(ShownWorkplace(title=workplace.title, links=links))
    return shown
