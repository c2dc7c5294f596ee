"""The regional sample: stratified per cluster, proportional, reproducible with a seed; results per cluster."""

import pytest
from django.urls import reverse

from einclusie.a11y.models import DigitalService, Scan
from einclusie.a11y.sampling import allocate, sample_draw
from einclusie.organisations.models import Kind
from einclusie.organisations.tests.factories import MunicipalityFactory, OrganisationFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region_sites(db):
    east = ProvinceFactory(nis_code="40000", name_nl="Oost-Vlaanderen")
    west = ProvinceFactory(nis_code="30000", name_nl="West-Vlaanderen")
    sites = []
    for number in range(12):
        province = east if number < 8 else west
        municipality = MunicipalityFactory(nis_code=f"{44100 + number}", province=province)
        organisation = OrganisationFactory(name=f"Gemeente {number}", kind=Kind.MUNICIPALITY, municipality=municipality)
        sites.append(DigitalService.objects.create(organisation=organisation, name="Website", url="https://x.example/"))
    return sites


def test_the_sample_is_allocated_in_proportion_and_adds_up():
    assert allocate({"a": 8, "b": 4}, 6) == {"a": 4, "b": 2}
    assert allocate({"a": 100, "b": 1}, 5) == {"a": 4, "b": 1}  # every cluster at least one
    assert allocate({"a": 2}, 10) == {"a": 2}


def test_the_same_seed_draws_the_same_sample_and_another_seed_another(region_sites):
    first = sample_draw(seed=7, size=6, by="province")
    again = sample_draw(seed=7, size=6, by="province")
    other = sample_draw(seed=8, size=6, by="province")
    assert {k: [s.pk for s in v["sample"]] for k, v in first.items()} == {
        k: [s.pk for s in v["sample"]] for k, v in again.items()
    }
    assert first != other
    assert {name: len(cluster["sample"]) for name, cluster in first.items()} == {
        "Oost-Vlaanderen": 4,
        "West-Vlaanderen": 2,
    }


def test_the_programme_officer_sees_results_per_cluster(client, paula, region_sites):
    for site in region_sites:
        Scan.objects.create(service=site, status="done", pages_scanned=10, pages_without_serious=5)
    client.force_login(paula)
    page = client.get(reverse("a11y:sample"), {"seed": "2026", "size": "12", "cluster": "province"}).content.decode()
    assert "Oost-Vlaanderen" in page
    assert "50 %" in page


def test_a_local_coordinator_cannot_draw_a_sample(client, alice):
    client.force_login(alice)
    assert client.get(reverse("a11y:sample")).status_code == 404
