import pytest
from django.urls import reverse

from einclusie.operation import services
from einclusie.operation.models import Aspect, ItemKind, ToolkitItem, ToolkitUse

pytestmark = pytest.mark.django_db


def item(title, summary="", aspect=Aspect.SUPPORT, kind=ItemKind.GUIDE, **extra):
    made = ToolkitItem.objects.create(title=title, summary=summary or title, aspect=aspect, kind=kind, **extra)
    made.search_text = services.item_search_text(made)
    made.save(update_fields=["search_text"])
    return made


def titles(response):
    return [entry.title for entry in response.context["page"].object_list]


def test_search_finds_words_whatever_their_case_accents_or_plural(client):
    item("Draaiboek digipunt", "Digihelpers zoeken en begeleiden in de bibliotheek.")
    item("Privacy én veiligheid online", aspect=Aspect.SKILLS)
    item("Checklist toegankelijke website", aspect=Aspect.SERVICES, kind=ItemKind.CHECKLIST)
    assert titles(client.get(reverse("operation:toolkit"), {"q": "digihelper"})) == ["Draaiboek digipunt"]
    assert titles(client.get(reverse("operation:toolkit"), {"q": "PRIVACY EN"})) == ["Privacy én veiligheid online"]
    assert titles(client.get(reverse("operation:toolkit"), {"q": "websites"})) == ["Checklist toegankelijke website"]
    assert titles(client.get(reverse("operation:toolkit"), {"q": "bibliotheek digipunt"})) == ["Draaiboek digipunt"]
    filtered = client.get(reverse("operation:toolkit"), {"soort": "checklist"})
    assert titles(filtered) == ["Checklist toegankelijke website"]


@pytest.mark.parametrize("query", ["%", "_", "' OR 1=1 --", "\\", "<script>", "a" * 200, "(digipunt"])
def test_search_with_special_characters_never_fails(client, query):
    item("Draaiboek digipunt")
    response = client.get(reverse("operation:toolkit"), {"q": query})
    assert response.status_code == 200


def test_an_unknown_filter_shows_the_whole_catalogue(client):
    item("Draaiboek digipunt")
    response = client.get(reverse("operation:toolkit"), {"aspect": "bestaat-niet"})
    assert response.status_code == 200
    assert titles(response) == ["Draaiboek digipunt"]


def test_a_local_government_says_it_used_an_item_and_rates_it_once(client, alice, gent):
    guide = item("Draaiboek digipunt")
    client.force_login(alice)
    url = reverse("operation:toolkit_use", args=[guide.pk])
    client.post(url, {"rating": "4"})
    client.post(url, {"rating": "5"})
    assert list(ToolkitUse.objects.values_list("organisation", "rating")) == [(gent.pk, 5)]
    page = client.get(reverse("operation:toolkit_item", args=[guide.pk])).content.decode()
    assert "gemiddeld 5,0 op 5" in page or "gemiddeld 5.0 op 5" in page


def test_a_rating_off_the_scale_is_refused(client, alice):
    guide = item("Draaiboek digipunt")
    client.force_login(alice)
    response = client.post(reverse("operation:toolkit_use", args=[guide.pk]), {"rating": "9"})
    assert "Geef een beoordeling van 1 tot 5 sterren." in client.get(response.url).content.decode()
    assert not ToolkitUse.objects.exists()


def test_the_programme_team_curates_the_toolkit_and_local_governments_cannot(client, paula, alice):
    data = {"title": "Gids outreach", "summary": "Mensen opzoeken.", "kind": "guide", "aspect": "bereik-doelgroepen"}
    data["language"] = "nl"
    data["is_published"] = "on"
    client.force_login(alice)
    assert client.post(reverse("operation:toolkit_item_create"), data).status_code == 404
    client.force_login(paula)
    response = client.post(reverse("operation:toolkit_item_create"), data)
    assert response.status_code == 302
    saved = ToolkitItem.objects.get()
    assert "outreach" in saved.search_text


def test_an_unpublished_item_is_not_shown(client):
    hidden = item("Concept", is_published=False)
    assert client.get(reverse("operation:toolkit_item", args=[hidden.pk])).status_code == 404
    assert titles(client.get(reverse("operation:toolkit"))) == []
