import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from miglobe.core.roles import PROGRAMME_TEAM, SELECTION_PANEL

PASSWORD = "a-long-test-password"


def _finish_user(user, create, role_names):
    user.set_password(PASSWORD)
    if create:
        user.save()
        if role_names:
            user.groups.add(*Group.objects.filter(name__in=role_names))


class UserFactory(factory.django.DjangoModelFactory):
    """A user with PASSWORD; `roles=[...]` puts them into staff groups."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Erika"
    last_name = "Muster"
    roles = factory.PostGeneration(lambda user, create, names, **kw: _finish_user(user, create, names))


class StaffFactory(UserFactory):
    is_staff = True
    roles = factory.PostGeneration(
        lambda user, create, names, **kw: _finish_user(user, create, names or [PROGRAMME_TEAM])
    )


class PanelMemberFactory(UserFactory):
    is_staff = True
    roles = factory.PostGeneration(
        lambda user, create, names, **kw: _finish_user(user, create, names or [SELECTION_PANEL])
    )
