"""The public list of published accessibility statements."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.a11y import services
from einclusie.a11y.models import DigitalService, Statement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def statement(organisation, name, *, publish=True, compliance="partial", prepared_on=TODAY):
    service = DigitalService.objects.create(organisation=organisation, name=name, url="https://example.org/")
    return services.statement_save(
        service=service,
        by=None,
        publish=publish,
        scope="x",
        compliance=compliance,
        contact_email="a@example.org",
        enforcement="Vlaamse Ombudsdienst",
        prepared_on=prepared_on,
    )


def listed(response):
    return [item.service.name for item in response.context["page"].object_list]


def test_anyone_reads_the_published_statements_without_logging_in(client, gent, aalst):
    published = statement(gent, "Website Gent", compliance="full")
    statement(aalst, "E-loket Aalst", publish=False)
    response = client.get(reverse("a11y:statement_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert listed(response) == ["Website Gent"]
    assert "E-loket Aalst" not in page  # a draft is not public
    assert f'href="{reverse("a11y:statement_public", args=[published.slug])}"' in page
    assert "Stad Gent (test)" in page
    assert "volledig conform" in page
    assert "1 gepubliceerde verklaring." in page


def test_a_statement_not_reviewed_for_more_than_a_year_is_flagged(client, gent, aalst):
    statement(gent, "Website Gent", prepared_on=TODAY - datetime.timedelta(days=400))
    statement(aalst, "Website Aalst", prepared_on=TODAY - datetime.timedelta(days=30))
    page = client.get(reverse("a11y:statement_list")).content.decode()
    gent_row, aalst_row = page.split("Website Gent")[1], page.split("Website Aalst")[1]
    assert "ouder dan een jaar" in gent_row.split("</tr>")[0]
    assert "ouder dan een jaar" not in aalst_row.split("</tr>")[0]


def test_the_list_is_searched_by_municipality_name(client, gent, aalst):
    statement(gent, "Website Gent")
    statement(aalst, "Website Aalst")
    response = client.get(reverse("a11y:statement_list"), {"gemeente": "aals"})
    assert listed(response) == ["Website Aalst"]
    assert "1 verklaring gevonden voor ‘aals’." in response.content.decode()
    by_french_name = client.get(reverse("a11y:statement_list"), {"gemeente": "Gand"})
    assert listed(by_french_name) == ["Website Gent"]
    special = client.get(reverse("a11y:statement_list"), {"gemeente": "%_'\"<"})
    assert special.status_code == 200
    assert listed(special) == []


def test_a_too_long_search_gets_a_clear_message_not_an_error(client, gent):
    statement(gent, "Website Gent")
    response = client.get(reverse("a11y:statement_list"), {"gemeente": "G" * 101})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Zoek met ten hoogste 100 tekens, bijvoorbeeld Gent." in page
    assert "Website Gent" not in page


def test_the_list_is_paginated_and_the_search_is_kept(client, gent, django_assert_max_num_queries):
    for number in range(55):
        statement(gent, f"Dienst {number:02d}")
    with django_assert_max_num_queries(3):
        first = client.get(reverse("a11y:statement_list"), {"gemeente": "Gent"})
    assert len(listed(first)) == 50
    assert "pagina=2" in first.content.decode()
    assert "gemeente=Gent&amp;pagina=2" in first.content.decode()
    second = client.get(reverse("a11y:statement_list"), {"gemeente": "Gent", "pagina": "2"})
    assert len(listed(second)) == 5
    nonsense = client.get(reverse("a11y:statement_list"), {"pagina": "abc"})
    assert nonsense.status_code == 200
    assert len(listed(nonsense)) == 50
    assert Statement.objects.count() == 55


def test_every_page_links_the_list_from_the_footer(client):
    page = client.get(reverse("www:about")).content.decode()
    assert f'href="{reverse("a11y:statement_list")}"' in page
