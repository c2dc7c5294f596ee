"""A fictitious demo data set: people, organisations and memberships in a few real municipalities.

Every person and contact detail is made up; every page says so while EINCLUSIE_DEMO is on.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from einclusie.core.roles import Role
from einclusie.organisations.models import Kind, Membership, Organisation
from einclusie.territory.models import Municipality

DEMO_PASSWORD = "demo-e-inclusie-2026"  # noqa: S105 - published on the demo home page on purpose


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: str
    nis_code: str | None = None


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    memberships: tuple
    description: str
    is_staff: bool = False


ORGANISATIONS = [
    DemoOrganisation("region", "Programmateam Iedereen Digitaal (demo)", Kind.REGION),
    DemoOrganisation("gent", "Stad Gent", Kind.MUNICIPALITY, "44021"),
    DemoOrganisation("ocmw-gent", "OCMW Gent", Kind.OCMW, "44021"),
    DemoOrganisation("aalst", "Stad Aalst", Kind.MUNICIPALITY, "41002"),
    DemoOrganisation("ronse", "Stad Ronse", Kind.MUNICIPALITY, "45041"),
    DemoOrganisation("pajottegem", "Gemeente Pajottegem", Kind.MUNICIPALITY, "23106"),
    DemoOrganisation("oudenaarde", "Stad Oudenaarde", Kind.MUNICIPALITY, "45035"),
    DemoOrganisation("ardennen", "Samenwerkingsverband Vlaamse Ardennen Digitaal (demo)", Kind.PARTNERSHIP),
    DemoOrganisation("bib-ronse", "Digipunt Bibliotheek Ronse (demo)", Kind.PARTNER, "45041"),
    DemoOrganisation("onderzoek", "Onderzoeksgroep Digitale Inclusie (demo)", Kind.RESEARCH),
]

PARTNERSHIPS = {"ardennen": {"lead": "ronse", "partners": ["ronse", "oudenaarde"]}}

ACCOUNTS = [
    DemoAccount(
        "beheer@example.org",
        "Bert",
        "Beheer",
        (("region", Role.PROGRAMME_ADMIN),),
        _("programmabeheerder"),
        True,
    ),
    DemoAccount(
        "programma@example.org",
        "Paula",
        "Programma",
        (("region", Role.PROGRAMME_OFFICER),),
        _("programmamedewerker van de regio"),
    ),
    DemoAccount(
        "coordinator.gent@example.org",
        "Chaima",
        "Coördinator",
        (("gent", Role.COORDINATOR), ("ocmw-gent", Role.COORDINATOR)),
        _("coördinator van Stad Gent en OCMW Gent"),
    ),
    DemoAccount(
        "financien.gent@example.org",
        "Frank",
        "Financiën",
        (("gent", Role.FINANCE),),
        _("financieel directeur van Stad Gent"),
    ),
    DemoAccount(
        "helper.gent@example.org",
        "Hanne",
        "Helper",
        (("ocmw-gent", Role.HELPER),),
        _("digihelper bij OCMW Gent"),
    ),
    DemoAccount(
        "lezer.gent@example.org",
        "Lars",
        "Lezer",
        (("gent", Role.READ_ONLY),),
        _("collega van Stad Gent die alleen leest"),
    ),
    DemoAccount(
        "coordinator.aalst@example.org",
        "Ahmed",
        "Aalst",
        (("aalst", Role.COORDINATOR),),
        _("coördinator van Stad Aalst"),
    ),
    DemoAccount(
        "coordinator.ronse@example.org",
        "Romane",
        "Ronse",
        (("ronse", Role.COORDINATOR), ("ardennen", Role.COORDINATOR), ("bib-ronse", Role.HELPER)),
        _("coördinator van Stad Ronse en het samenwerkingsverband, digihelper in de bibliotheek"),
    ),
    DemoAccount(
        "coordinator.pajottegem@example.org",
        "Pieter",
        "Pajot",
        (("pajottegem", Role.COORDINATOR),),
        _("coördinator van Gemeente Pajottegem"),
    ),
    DemoAccount("onderzoek@example.org", "Olivia", "Onderzoek", (("onderzoek", Role.RESEARCHER),), _("onderzoeker")),
    DemoAccount(
        "audit@example.org",
        "Ali",
        "Auditor",
        (("region", Role.AUDITOR),),
        _("auditor: leest het volledige logboek"),
    ),
]


def demo_load(*, dry_run=False):
    """Create (or leave alone) the demo set. Returns a list of lines saying what was created."""
    created = []
    User = get_user_model()  # noqa: N806
    with transaction.atomic():
        organisations = {}
        for spec in ORGANISATIONS:
            municipality = Municipality.objects.get(nis_code=spec.nis_code) if spec.nis_code else None
            organisation, was_created = Organisation.objects.get_or_create(
                name=spec.name, defaults={"kind": spec.kind, "municipality": municipality, "is_demo": True}
            )
            organisations[spec.key] = organisation
            if was_created:
                created.append(f"organisation {organisation.name}")
        for key, spec in PARTNERSHIPS.items():
            partnership = organisations[key]
            if partnership.lead_id is None:
                partnership.lead = organisations[spec["lead"]]
                partnership.save(update_fields=["lead"])
                partnership.partners.set([organisations[k] for k in spec["partners"]])
        for account in ACCOUNTS:
            user = User.objects.filter(email=account.email).first()
            if user is None:
                user = User.objects.create_user(
                    email=account.email,
                    password=DEMO_PASSWORD,
                    first_name=account.first_name,
                    last_name=account.last_name,
                    is_staff=account.is_staff,
                    is_superuser=account.is_staff,
                )
                created.append(f"user {user.email}")
            for key, role in account.memberships:
                _membership, was_created = Membership.objects.get_or_create(
                    user=user, organisation=organisations[key], defaults={"role": role}
                )
                if was_created:
                    created.append(f"membership {user.email} {organisations[key].name} {role}")
        # A visitor may have turned on two-step verification for a shared demo account: back to the published
        # state (password only), so the accounts on the home page keep working.
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        demo_users = User.objects.filter(email__in=[account.email for account in ACCOUNTS])
        reset, _count = TOTPDevice.objects.filter(user__in=demo_users).delete()
        StaticDevice.objects.filter(user__in=demo_users).delete()
        if reset:
            created.append(f"two-step verification turned off for {reset} demo accounts")
        from einclusie.contacts.demo import demo_contacts
        from einclusie.helppoints.demo import demo_help_points
        from einclusie.helppoints.models import HelpPoint

        for help_point in demo_help_points(organisations):
            created.append(f"help point {help_point}")
        demo_help_point_rows = HelpPoint.objects.filter(service__organisation__in=organisations.values())
        contacts = demo_contacts(demo_help_point_rows.select_related("service__organisation"))
        if contacts:
            created.append(f"{contacts} help contacts")
        from einclusie.courses.demo import demo_courses

        courses = demo_courses(organisations)
        if courses:
            created.append(f"{courses} courses")
        from einclusie.devices.demo import demo_devices

        devices = demo_devices(organisations)
        if devices:
            created.append(f"{devices} devices")
        from einclusie.a11y.demo import demo_a11y

        sites = demo_a11y(organisations)
        if sites:
            created.append(f"{sites} accessibility register entries")
        from einclusie.operation.demo import demo_operation

        toolkit = demo_operation(organisations)
        if toolkit:
            created.append(f"{toolkit} toolkit items and demo self-assessments")
        from einclusie.subsidies.demo import call_2022_load

        created.extend(call_2022_load(organisations=organisations))
        from einclusie.operation.demo import demo_operation_plans

        if demo_operation_plans(organisations):
            created.append("demo action plans and partners")
        from einclusie.monitoring.demo import demo_monitoring

        created.extend(demo_monitoring())
        if dry_run:
            transaction.set_rollback(True)
    return created
