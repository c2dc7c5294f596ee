import re

import pytest
from django.urls import reverse

from einclusie.territory.models import Municipality, Statistic

pytestmark = pytest.mark.django_db

LIST_URL = reverse("territory:municipality_list")


def detail_url(nis_code):
    return reverse("territory:municipality_detail", args=[nis_code])


def linked_municipalities(response):
    return re.findall(r'href="/gemeenten/(\d{5})/"', response.content.decode())


def test_the_list_shows_the_285_current_municipalities_grouped_by_province(client, territory):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert len(linked_municipalities(response)) == 285
    assert "11007" not in linked_municipalities(response)  # Borsbeek is part of Antwerpen now
    headings = re.findall(r"<h2>(.*?)</h2>", response.content.decode())
    assert headings == [
        "Provincie Antwerpen",
        "Provincie Vlaams-Brabant",
        "Provincie West-Vlaanderen",
        "Provincie Oost-Vlaanderen",
        "Provincie Limburg",
    ]
    assert response.content.decode().count("<h1>") == 1


def test_the_list_and_a_search_take_a_fixed_number_of_queries(client, territory, django_assert_num_queries):
    with django_assert_num_queries(1):  # the municipalities with their province
        client.get(LIST_URL)
    with django_assert_num_queries(2):  # and their postal codes
        client.get(LIST_URL, {"q": "9"})


def test_municipality_search_by_name(client, territory):
    response = client.get(LIST_URL, {"q": "beveren"})
    assert set(linked_municipalities(response)) == {"46030"}  # Beveren-Kruibeke-Zwijndrecht
    assert "1 gemeente gevonden voor ‘beveren’." in response.content.decode()


def test_municipality_search_by_postal_code(client, territory):
    response = client.get(LIST_URL, {"q": "9000"})
    assert linked_municipalities(response) == ["44021"]
    assert "9000, 9030" in response.content.decode()


def test_a_partial_postal_code_finds_every_municipality_it_starts(client, territory):
    response = client.get(LIST_URL, {"q": "15"})
    codes = set(linked_municipalities(response))
    assert "23106" in codes  # Pajottegem: 1570 and others
    assert Municipality.objects.filter(
        nis_code__in=codes, postal_codes__code__startswith="15"
    ).distinct().count() == len(codes)


def test_searching_a_former_municipality_finds_the_one_it_merged_into(client, territory):
    response = client.get(LIST_URL, {"q": "Borsbeek"})
    assert linked_municipalities(response) == ["11002"]


def test_a_search_without_results_says_so(client, territory):
    response = client.get(LIST_URL, {"q": "Atlantis"})
    assert linked_municipalities(response) == []
    assert "Geen gemeente gevonden" in response.content.decode()


def test_the_search_form_has_a_visible_label(client, territory):
    html = client.get(LIST_URL).content.decode()
    assert '<form method="get" action="/gemeenten/" role="search">' in html
    assert '<label for="id_q">Zoek een gemeente</label>' in html


def test_the_detail_page_shows_names_province_postal_codes_and_figures(client, territory):
    response = client.get(detail_url("44021"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Gent</h1>" in html
    assert '<dd lang="fr">Gand</dd>' in html
    assert "Provincie Oost-Vlaanderen" in html
    assert "9000, 9030, 9031" in html
    assert "<caption>Meest recente cijfers voor Gent</caption>" in html
    assert '<th scope="row">inwoners</th>' in html
    assert "263.703" in html


def test_a_former_municipality_links_to_the_one_it_merged_into(client, territory):
    html = client.get(detail_url("11007")).content.decode()
    assert "bestaat niet meer sinds 1 januari 2025" in html
    assert 'Op 1 januari 2025 opgegaan in <a href="/gemeenten/11002/">Antwerpen</a>.' in html
    assert "11.077" in html  # its population in the 2022 call


def test_a_merger_lists_the_municipalities_it_took_in(client, territory):
    html = client.get(detail_url("23106")).content.decode()
    assert "bestaat sinds 1 januari 2025" in html
    assert "<caption>Gemeenten die opgingen in Pajottegem</caption>" in html
    for name in ["Galmaarden", "Gooik", "Herne"]:
        assert f">{name}</a></th>" in html
    assert "Er zijn nog geen cijfers voor deze gemeente." in html


def test_language_facilities_are_shown(client, territory):
    assert "ja, faciliteitengemeente" in client.get(detail_url("45041")).content.decode()
    assert "ja, faciliteitengemeente" not in client.get(detail_url("44021")).content.decode()


def test_the_latest_figure_of_each_indicator_is_shown(client, territory):
    gent = Municipality.objects.get(nis_code="44021")
    inhabitants = Statistic.objects.filter(municipality=gent).first().indicator
    Statistic.objects.create(municipality=gent, indicator=inhabitants, year=2024, value=267000, source="Statbel")
    html = client.get(detail_url("44021")).content.decode()
    assert "267.000" in html
    assert "263.703" not in html


def test_the_pages_speak_french_to_french_readers(client, territory):
    client.cookies["django_language"] = "fr"
    html = client.get(detail_url("44021"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Gand</h1>" in html


def test_unknown_municipality_is_404(client, territory):
    assert client.get(detail_url("99999")).status_code == 404
    assert client.get("/gemeenten/gent/").status_code == 404


def test_the_pages_only_answer_get(client, territory):
    assert client.post(LIST_URL).status_code == 405
    assert client.post(detail_url("44021")).status_code == 405


def test_the_detail_page_takes_a_fixed_number_of_queries(client, territory, django_assert_num_queries):
    # The municipality with province and successor, its postal codes, its predecessors, its figures,
    # the published drawing rights of it and its former municipalities, its published accessibility statements.
    with django_assert_num_queries(6):
        client.get(detail_url("23106"))
