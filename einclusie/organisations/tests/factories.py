import factory
from django.contrib.auth import get_user_model

from einclusie.core.roles import Role
from einclusie.organisations.models import Kind, Membership, Organisation
from einclusie.territory.models import Municipality, Province

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["nis_code"]

    nis_code = "40000"
    name_nl = "Provincie Oost-Vlaanderen"
    name_fr = "Province de Flandre orientale"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["nis_code"]

    # No real NIS code starts with 0: a made-up municipality never turns into Gent (44021) or Aalst (41002) that a
    # test created by name, however many made-up ones came before it in the worker (get_or_create reuses a code).
    nis_code = factory.Sequence(lambda n: f"0{n % 10000:04d}")
    name_nl = factory.Sequence(lambda n: f"Testgemeente {n}")
    province = factory.SubFactory(ProvinceFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Kind.MUNICIPALITY
    name = factory.Sequence(lambda n: f"Testbestuur {n}")
    municipality = factory.SubFactory(MunicipalityFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COORDINATOR
