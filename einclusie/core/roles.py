"""Roles a person can hold in an organisation, and what each role may do.

Read this file as the permission table of the platform: one place, no rules hidden in views.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAMME_ADMIN = "programme_admin", _("programmabeheerder")
    PROGRAMME_OFFICER = "programme_officer", _("programmamedewerker")
    COORDINATOR = "coordinator", _("coördinator e-inclusie")
    FINANCE = "finance", _("financieel verantwoordelijke")
    HELPER = "helper", _("digihelper")
    RESEARCHER = "researcher", _("onderzoeker")
    READ_ONLY = "read_only", _("alleen lezen")
    AUDITOR = "auditor", _("auditor")


PROGRAMME_ROLES = {Role.PROGRAMME_ADMIN, Role.PROGRAMME_OFFICER}
ALL_ROLES = set(Role)

# Roles that decide about people and public money, or read the whole activity log: they log in with a second
# step (an authenticator app) when settings.MFA_REQUIRED is on.
SECOND_FACTOR_ROLES = PROGRAMME_ROLES | {Role.COORDINATOR, Role.FINANCE, Role.AUDITOR}

# What each action needs. A role grants an action only in the organisation where it is held.
PERMISSIONS = {
    "organisation.view": ALL_ROLES,
    "organisation.members.view": {
        Role.PROGRAMME_ADMIN,
        Role.PROGRAMME_OFFICER,
        Role.COORDINATOR,
        Role.FINANCE,
    },
    "organisation.members.invite": {Role.PROGRAMME_ADMIN, Role.PROGRAMME_OFFICER, Role.COORDINATOR},
    "organisation.members.remove": {Role.PROGRAMME_ADMIN, Role.PROGRAMME_OFFICER, Role.COORDINATOR},
    "helppoints.view": ALL_ROLES,
    "helppoints.manage": {Role.PROGRAMME_ADMIN, Role.PROGRAMME_OFFICER, Role.COORDINATOR},
    "contacts.log": {Role.COORDINATOR, Role.HELPER},
    "contacts.view": {Role.COORDINATOR, Role.HELPER, Role.FINANCE, Role.READ_ONLY},
    "courses.manage": PROGRAMME_ROLES | {Role.COORDINATOR},
    "courses.attendance": {Role.COORDINATOR, Role.HELPER},
    "courses.view": PROGRAMME_ROLES | {Role.COORDINATOR, Role.HELPER, Role.FINANCE, Role.READ_ONLY},
    # The device bank: everyone in the organisation sees the stock and the counts; coordinators and digihelpers
    # take devices in, wipe, lend and take back (and see the people); the coordinator sets the bank up and
    # answers a person's request to see or erase their data.
    "devices.view": {Role.COORDINATOR, Role.HELPER, Role.FINANCE, Role.READ_ONLY},
    "devices.manage": {Role.COORDINATOR, Role.HELPER},
    "devices.configure": {Role.COORDINATOR},
    "subsidies.view": {Role.COORDINATOR, Role.FINANCE, Role.READ_ONLY},
    "subsidies.apply": {Role.COORDINATOR, Role.FINANCE},
    # Only meaningful in the programme team of the region.
    "subsidies.calls.manage": PROGRAMME_ROLES,
    "subsidies.review": PROGRAMME_ROLES,
    "operation.view": {Role.COORDINATOR, Role.FINANCE, Role.HELPER, Role.READ_ONLY},
    "operation.assess": {Role.COORDINATOR},
    "operation.toolkit.use": {Role.COORDINATOR, Role.HELPER},
    "operation.toolkit.manage": PROGRAMME_ROLES,
    # The partner network and the action plan of one's own local government; the programme goal of every local
    # government and its definition (only meaningful in the programme team).
    "operation.plan": {Role.COORDINATOR},
    "operation.programme": PROGRAMME_ROLES,
    "programme.organisations.manage": PROGRAMME_ROLES,
    "programme.helppoints.view": PROGRAMME_ROLES | {Role.RESEARCHER, Role.READ_ONLY},
    # Accessible public services: the register of sites, the monitor's scans and the statements; the regional
    # sample of sites (only meaningful in the programme team).
    "a11y.view": PROGRAMME_ROLES | {Role.COORDINATOR, Role.FINANCE, Role.HELPER, Role.READ_ONLY},
    "a11y.manage": PROGRAMME_ROLES | {Role.COORDINATOR},
    "programme.a11y.sample": PROGRAMME_ROLES,
    # The whole activity log of the platform, read-only (only meaningful in the programme team).
    "audit.view": {Role.AUDITOR},
    # A person's data across the modules: find, export and erase (core/privacy.py). The programme administrator
    # reaches every organisation, a coordinator their own.
    "privacy.persons": {Role.PROGRAMME_ADMIN, Role.COORDINATOR},
    # Monitoring: the municipal dashboard of one's own local government; the regional dashboard (only in the
    # programme team or a research institute); pseudonymised extracts for research.
    "monitoring.view": {Role.COORDINATOR, Role.FINANCE, Role.HELPER, Role.READ_ONLY},
    "monitoring.region": PROGRAMME_ROLES | {Role.RESEARCHER, Role.READ_ONLY},
    "monitoring.research": {Role.RESEARCHER},
    # The yearly quick scan: the programme team or a researcher opens a round; a coordinator answers for their
    # own local government.
    "monitoring.survey.manage": PROGRAMME_ROLES | {Role.RESEARCHER},
    "monitoring.survey.answer": {Role.COORDINATOR},
}

# Which roles an organisation of each kind can give. Programme roles live only in the region's team.
ROLES_BY_ORGANISATION_KIND = {
    "region": [Role.PROGRAMME_ADMIN, Role.PROGRAMME_OFFICER, Role.RESEARCHER, Role.READ_ONLY, Role.AUDITOR],
    "municipality": [Role.COORDINATOR, Role.FINANCE, Role.HELPER, Role.READ_ONLY],
    "ocmw": [Role.COORDINATOR, Role.FINANCE, Role.HELPER, Role.READ_ONLY],
    "vgc": [Role.COORDINATOR, Role.FINANCE, Role.HELPER, Role.READ_ONLY],
    "partnership": [Role.COORDINATOR, Role.FINANCE, Role.READ_ONLY],
    "partner": [Role.COORDINATOR, Role.HELPER, Role.READ_ONLY],
    "research": [Role.RESEARCHER, Role.READ_ONLY],
}

# Which roles a person may hand out by invitation: never more than their own reach.
INVITABLE_ROLES = {
    Role.PROGRAMME_ADMIN: set(Role),
    # The auditor reads what officers did: only a programme administrator appoints one.
    Role.PROGRAMME_OFFICER: set(Role) - {Role.PROGRAMME_ADMIN, Role.AUDITOR},
    Role.COORDINATOR: {Role.COORDINATOR, Role.FINANCE, Role.HELPER, Role.READ_ONLY, Role.RESEARCHER},
}


def role_allows(role, action):
    """Whether a role grants an action (unknown actions are refused)."""
    return role in PERMISSIONS.get(action, set())
