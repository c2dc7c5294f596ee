import pytest
from django.utils import timezone

from einclusie.core.codelists import codelists_load
from einclusie.monitoring.operation import operation_status
from einclusie.operation.demo import demo_operation_plans
from einclusie.operation.models import ActionPlan, Partner, PlanAction
from einclusie.organisations.models import Kind
from einclusie.organisations.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_gives_gent_partners_and_an_adopted_plan_and_ronse_a_reason_to_miss_the_goal(gent, alice):
    codelists_load()
    municipality = MunicipalityFactory(nis_code="45041", name_nl="Ronse", province=gent.municipality.province)
    ronse = OrganisationFactory(name="Stad Ronse", kind=Kind.MUNICIPALITY, municipality=municipality)
    organisations = {"gent": gent, "ronse": ronse}
    assert demo_operation_plans(organisations) == 2
    assert demo_operation_plans(organisations) == 0  # safe to run twice
    assert Partner.objects.for_organisation(gent).count() == 6
    plan = ActionPlan.objects.current().get()
    assert plan.organisation == gent
    assert sorted(plan.actions.values_list("aspect", flat=True)) == [
        "bereik-doelgroepen",
        "ondersteuning",
        "toegang",
        "vaardigheden",
    ]
    assert PlanAction.objects.filter(plan=plan, partners__isnull=False).distinct().count() == 4
    row = operation_status([municipality.pk], today=timezone.localdate())[municipality.pk]
    assert "Er is geen goedgekeurd actieplan dat over dit jaar loopt." in row["reasons"]
