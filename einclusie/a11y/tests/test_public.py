"""The published statement is linked from the public page of the municipality."""

import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.a11y import services
from einclusie.a11y.models import DigitalService

pytestmark = pytest.mark.django_db


def statement(service, *, publish):
    return services.statement_save(
        service=service,
        by=None,
        publish=publish,
        scope="x",
        compliance="partial",
        contact_email="a@example.org",
        enforcement="Vlaamse Ombudsdienst",
        prepared_on=timezone.localdate(),
    )


def test_the_municipality_page_links_the_published_statements(client, gent, aalst):
    website = DigitalService.objects.create(organisation=gent, name="Website Gent", url="https://stad.gent/")
    draft = DigitalService.objects.create(organisation=gent, name="E-loket Gent", url="https://stad.gent/loket")
    published = statement(website, publish=True)
    statement(draft, publish=False)
    page = client.get(reverse("territory:municipality_detail", args=["44021"])).content.decode()
    assert "Verklaringen over de toegankelijkheid" in page
    assert f'href="{reverse("a11y:statement_public", args=[published.slug])}"' in page
    assert "Toegankelijkheid van Website Gent" in page
    assert "E-loket Gent" not in page  # a draft is not public
    other = client.get(reverse("territory:municipality_detail", args=[aalst.municipality.nis_code])).content.decode()
    assert "Verklaringen over de toegankelijkheid" not in other
