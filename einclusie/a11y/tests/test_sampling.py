"""The regional sample: stratified per cluster, proportional, reproducible with a seed; results per cluster."""

import datetime

import pytest
from django.urls import reverse

from einclusie.a11y.models import DigitalService, Sample, Scan
from einclusie.a11y.sampling import allocate, report_day, sample_draw, sample_report, sample_store, stored_clusters
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


def test_a_drawn_sample_is_kept_as_drawn_when_the_register_changes(client, paula, region_sites):
    client.force_login(paula)
    response = client.post(reverse("a11y:sample"), {"seed": "7", "size": "6", "cluster": "province", "year": "2026"})
    stored = Sample.objects.get()
    assert response["Location"] == reverse("a11y:sample_detail", args=[stored.pk])
    assert (stored.drawn_by, stored.seed, stored.size, stored.year, stored.frame_size) == (paula, 7, 6, 2026, 12)
    assert stored.clusters == {"Oost-Vlaanderen": 8, "West-Vlaanderen": 4}
    drawn = sample_draw(seed=7, size=6, by="province")
    expected = {name: sorted(s.pk for s in cluster["sample"]) for name, cluster in drawn.items()}
    assert {
        name: sorted(site.service_id for site in cluster["sample"]) for name, cluster in stored_clusters(stored).items()
    } == expected

    # The register changes: new sites, a renamed one, a removed one. A new draw differs, the stored one does not.
    gone = stored.sites.first()
    renamed = stored.sites.exclude(pk=gone.pk).first()
    DigitalService.objects.filter(pk=renamed.service_id).update(name="Nieuwe naam")
    Scan.objects.filter(service_id=gone.service_id).delete()
    DigitalService.objects.filter(pk=gone.service_id).delete()
    for number in range(6):
        organisation = OrganisationFactory(
            name=f"Nieuw {number}",
            kind=Kind.MUNICIPALITY,
            municipality=MunicipalityFactory(
                nis_code=f"{45100 + number}", province=region_sites[0].organisation.municipality.province
            ),
        )
        DigitalService.objects.create(organisation=organisation, name="Website", url="https://y.example/")
    stored.refresh_from_db()
    kept = stored_clusters(stored)
    assert sum(len(cluster["sample"]) for cluster in kept.values()) == 6
    assert {name: cluster["population"] for name, cluster in kept.items()} == {
        "Oost-Vlaanderen": 8,
        "West-Vlaanderen": 4,
    }
    page = client.get(reverse("a11y:sample_detail", args=[stored.pk])).content.decode()
    assert "Website" in page and "Nieuwe naam" not in page  # names as drawn
    assert page.count("<li>") >= 6
    listing = client.get(reverse("a11y:sample")).content.decode()
    assert "Steekproef 2026: 6 sites, startgetal 7" in listing


def test_a_stored_samples_report_reads_the_scans_of_its_year(paula, region_sites):
    stored = sample_store(seed=1, size=12, by="province", year=2025, drawn_by=paula)
    in_year = Scan.objects.create(service=region_sites[0], status="done", pages_scanned=4, pages_without_serious=4)
    later = Scan.objects.create(service=region_sites[1], status="done", pages_scanned=4, pages_without_serious=0)
    Scan.objects.filter(pk=in_year.pk).update(created_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
    Scan.objects.filter(pk=later.pk).update(created_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC))
    day = report_day(stored, today=datetime.date(2026, 3, 1))
    assert day == datetime.date(2025, 12, 31)
    rows = {row["cluster"]: row for row in sample_report(stored_clusters(stored), on=day)}
    assert rows["Oost-Vlaanderen"]["scanned"] == 1
    assert rows["Oost-Vlaanderen"]["share"] == 100


def test_a_local_coordinator_cannot_store_a_sample(client, alice, region_sites):
    client.force_login(alice)
    assert client.post(reverse("a11y:sample"), {"seed": "7", "size": "6", "cluster": "province"}).status_code == 404
    assert not Sample.objects.exists()
