"""Gent's partners, action plan and a toolkit file for the tenant-isolation walk
(einclusie/core/tests/test_tenant_isolation.py). Made once per test on first use: PARAMETERS call
`operation_data(data)`."""

from django.core.files.base import ContentFile

from einclusie.core.codelists import codelists_load
from einclusie.core.models import Code
from einclusie.operation.models import ActionPlan, Partner, PlanAction, ToolkitFile, ToolkitItem


def operation_data(data):
    if "operation" in data:
        return data["operation"]
    gent = data["organisation"]
    codelists_load()
    partner = Partner.objects.create(
        organisation=gent,
        name="Bibliotheek Gent (test)",
        category=Code.objects.get(code_list__slug="partners", code="lokale-besturen"),
        role="Digipunt (test)",
        contact_email="alice@example.org",
    )
    plan = ActionPlan.objects.create(organisation=gent, title="Actieplan Gent (test)", start_year=2026, end_year=2028)
    action = PlanAction.objects.create(plan=plan, title="Actie Gent (test)", aspect="toegang")
    action.partners.add(partner)
    item = ToolkitItem.objects.get_or_create(
        title="Gids (test)", defaults={"summary": "x", "kind": "guide", "aspect": "toegang"}
    )[0]
    toolkit_file = ToolkitFile(item=item, title="Sjabloon (test)", kind="pdf", size=9)
    toolkit_file.file.save("sjabloon.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    data["operation"] = {"partner": partner, "plan": plan, "action": action, "toolkit_file": toolkit_file}
    return data["operation"]


def operation_snapshot():
    return (
        sorted(Partner.objects.values_list("pk", "name", "ended_on", "contact_email")),
        sorted(ActionPlan.objects.values_list("pk", "title", "status", "start_year", "end_year")),
        sorted(PlanAction.objects.values_list("pk", "title", "status", "plan_id")),
        sorted(ToolkitFile.objects.values_list("pk", "title")),
    )
