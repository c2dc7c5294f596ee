import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.core.codelists import codelists_load
from einclusie.core.roles import Role
from einclusie.operation import services
from einclusie.operation.models import Aspect, Assessment, ItemKind, Score, ToolkitItem
from einclusie.organisations.models import Kind
from einclusie.organisations.tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(db):
    return services.framework_load()


def questions(framework):
    return [question for block in framework.blocks.all() for question in block.questions.all()]


def scores(framework, value, **overrides):
    data = {}
    for question in questions(framework):
        data[f"score_{question.pk}"] = str(overrides.get(question.code, value))
    return data


def start(client, user):
    client.force_login(user)
    client.post(reverse("operation:assessment_start"))
    return Assessment.objects.get(organisation__memberships__user=user, year=timezone.localdate().year)


def test_loading_the_framework_twice_changes_nothing(framework):
    again = services.framework_load()
    assert again.pk == framework.pk
    assert framework.blocks.count() == 7
    assert len(questions(framework)) == 14


def test_a_coordinator_scores_saves_a_draft_and_finishes_with_actions_for_red_blocks(client, alice, framework):
    assessment = start(client, alice)
    url = reverse("operation:assessment_edit", args=[assessment.pk])
    first = questions(framework)[0]
    response = client.post(url, {f"score_{first.pk}": "3", f"evidence_{first.pk}": "Meerjarenplan 2026, actie 4.2"})
    assert response.status_code == 302
    assert Score.objects.get().evidence == "Meerjarenplan 2026, actie 4.2"

    page = client.get(reverse("operation:assessment_result", args=[assessment.pk])).content.decode()
    assert "Geef een score bij elke stelling van" in page

    data = scores(framework, 3, **{"toegang-toestellen": 0, "toegang-internet": 1})
    client.post(url, data)
    response = client.post(reverse("operation:assessment_complete", args=[assessment.pk]))
    page = client.get(response.url).content.decode()
    assert "Schrijf wat u gaat doen voor “Toegang tot toestellen en internet” (rood)." in page
    assessment.refresh_from_db()
    assert not assessment.is_completed

    toegang = framework.blocks.get(code="toegang")
    client.post(url, {**data, f"action_{toegang.pk}": "Uitleenpunt in de bibliotheek openen."})
    client.post(reverse("operation:assessment_complete", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.is_completed
    page = client.get(reverse("operation:assessment_result", args=[assessment.pk])).content.decode()
    assert "<td>rood</td>" in page and "Uitleenpunt in de bibliotheek openen." in page
    # A finished self-assessment no longer changes.
    client.post(url, scores(framework, 0))
    assert set(assessment.scores.values_list("value", flat=True)) == {0, 1, 3}


@pytest.mark.parametrize("value", ["5", "-1", "drie"])
def test_a_score_off_the_scale_is_refused(client, alice, framework, value):
    assessment = start(client, alice)
    first = questions(framework)[0]
    page = client.post(
        reverse("operation:assessment_edit", args=[assessment.pk]), {f"score_{first.pk}": value}
    ).content.decode()
    assert "Kies een score van 0 tot 4." in page
    assert not Score.objects.exists()


def test_the_database_refuses_a_score_above_four(alice, gent, framework):
    from django.db import IntegrityError

    assessment = services.assessment_start(organisation=gent, year=2026, by=alice)
    with pytest.raises(IntegrityError):
        Score.objects.create(assessment=assessment, question=questions(framework)[0], value=7)


def test_the_result_compares_with_last_year_and_with_three_peers_of_the_province(client, alice, gent, framework):
    year = timezone.localdate().year
    last = services.assessment_start(organisation=gent, year=year - 1, by=alice)
    services.scores_save(assessment=last, values=dict.fromkeys(questions(framework), (1, "")), actions={}, by=alice)
    Assessment.objects.filter(pk=last.pk).update(completed_at=timezone.now())
    peers = []
    for nis, name in (("41002", "Aalst"), ("45041", "Ronse")):
        municipality = MunicipalityFactory(nis_code=nis, name_nl=name, province=gent.municipality.province)
        peers.append(OrganisationFactory(name=f"Stad {name}", kind=Kind.MUNICIPALITY, municipality=municipality))
    for organisation in peers:
        peer = services.assessment_start(organisation=organisation, year=year, by=None)
        services.scores_save(assessment=peer, values=dict.fromkeys(questions(framework), (4, "")), actions={}, by=None)
        Assessment.objects.filter(pk=peer.pk).update(completed_at=timezone.now())
    assessment = start(client, alice)
    client.post(reverse("operation:assessment_edit", args=[assessment.pk]), scores(framework, 2))
    page = client.get(reverse("operation:assessment_result", args=[assessment.pk])).content.decode()
    assert f"In {year - 1}" in page
    assert "zodra minstens 3 andere besturen" in page  # two peers are not enough

    municipality = MunicipalityFactory(nis_code="45035", name_nl="Oudenaarde", province=gent.municipality.province)
    third = OrganisationFactory(name="Stad Oudenaarde", kind=Kind.MUNICIPALITY, municipality=municipality)
    peer = services.assessment_start(organisation=third, year=year, by=None)
    services.scores_save(assessment=peer, values=dict.fromkeys(questions(framework), (4, "")), actions={}, by=None)
    Assessment.objects.filter(pk=peer.pk).update(completed_at=timezone.now())
    page = client.get(reverse("operation:assessment_result", args=[assessment.pk])).content.decode()
    assert "Gemiddelde van 3 andere besturen in de provincie." in page
    assert '<td class="number">4.0</td>' in page or '<td class="number">4,0</td>' in page
    response = client.get(reverse("operation:assessment_result", args=[assessment.pk]) + "?formaat=csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "bouwblok;score;kleur;vorig_jaar;gemiddelde_provincie;gemiddelde_grootteklasse;actie"
    assert len(lines) == 8


def test_red_and_orange_blocks_recommend_toolkit_items_of_their_aspect(client, alice, gent, framework):
    codelists_load()
    access = ToolkitItem.objects.create(title="Uitleenpunt", summary="x", kind=ItemKind.GUIDE, aspect=Aspect.ACCESS)
    ToolkitItem.objects.create(title="Webtoegankelijkheid", summary="x", kind=ItemKind.GUIDE, aspect=Aspect.SERVICES)
    assessment = start(client, alice)
    client.post(
        reverse("operation:assessment_edit", args=[assessment.pk]),
        scores(framework, 4, **{"toegang-toestellen": 1, "toegang-internet": 1}),
    )
    assert services.recommendations(assessment) == [access]


def test_a_read_only_colleague_sees_the_result_but_cannot_score(client, alice, bob, gent, framework):
    assessment = services.assessment_start(organisation=gent, year=2026, by=alice)
    client.force_login(bob)
    assert client.get(reverse("operation:assessment_result", args=[assessment.pk])).status_code == 200
    assert client.get(reverse("operation:assessment_edit", args=[assessment.pk])).status_code == 404


def test_another_municipality_never_sees_gents_self_assessment(client, alice, charlie, gent, framework):
    assessment = services.assessment_start(organisation=gent, year=2026, by=alice)
    client.force_login(charlie)
    for name in ("operation:assessment_result", "operation:assessment_edit"):
        assert client.get(reverse(name, args=[assessment.pk])).status_code == 404
    assert client.post(reverse("operation:assessment_complete", args=[assessment.pk])).status_code == 404


def test_a_helper_cannot_start_the_self_assessment(client, gent, framework):
    helper = MembershipFactory(organisation=gent, role=Role.HELPER).user
    client.force_login(helper)
    assert client.post(reverse("operation:assessment_start")).status_code == 404
    assert not Assessment.objects.exists()


def test_the_result_downloads_as_excel(client, alice, framework):
    import io

    from openpyxl import load_workbook

    assessment = start(client, alice)
    client.post(reverse("operation:assessment_edit", args=[assessment.pk]), scores(framework, 1))
    response = client.get(reverse("operation:assessment_result", args=[assessment.pk]) + "?formaat=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "bouwblok"
    assert rows[1][1:3] == (1.0, "rood")


def test_the_result_compares_with_municipalities_of_the_same_size_class_from_three_on(client, alice, gent, framework):
    from einclusie.organisations.tests.factories import ProvinceFactory
    from einclusie.territory.models import Indicator, Statistic

    inhabitants = Indicator.objects.create(code="inhabitants", name_nl="inwoners")
    Statistic.objects.create(municipality=gent.municipality, indicator=inhabitants, year=2025, value=265000, source="x")
    year = timezone.localdate().year
    elsewhere = ProvinceFactory(nis_code="10000", name_nl="Provincie Antwerpen")
    for nis, name, population in (
        ("11002", "Antwerpen", 530000),
        ("12025", "Mechelen", 87000),  # another size class: not a peer
        ("71016", "Genk", 150000),
        ("24062", "Leuven", 100500),
    ):
        municipality = MunicipalityFactory(nis_code=nis, name_nl=name, province=elsewhere)
        Statistic.objects.create(
            municipality=municipality, indicator=inhabitants, year=2025, value=population, source="x"
        )
        organisation = OrganisationFactory(name=f"Stad {name}", kind=Kind.MUNICIPALITY, municipality=municipality)
        peer = services.assessment_start(organisation=organisation, year=year, by=None)
        services.scores_save(assessment=peer, values=dict.fromkeys(questions(framework), (4, "")), actions={}, by=None)
        Assessment.objects.filter(pk=peer.pk).update(completed_at=timezone.now())
        if name == "Genk":
            assessment = start(client, alice)
            page = client.get(reverse("operation:assessment_result", args=[assessment.pk])).content.decode()
            assert "Het gemiddelde van gemeenten van dezelfde grootte verschijnt zodra minstens 3" in page
    page = client.get(reverse("operation:assessment_result", args=[assessment.pk])).content.decode()
    assert "Gemiddelde van 3 andere gemeenten van dezelfde grootte." in page
    assert "Gemeenten van ≥ 100.000 inwoners" in page
    _averages, count = services.peer_averages(assessment, by="size")
    assert count == 3
