import pytest
from django.urls import reverse

from einclusie.courses import skills
from einclusie.courses.models import Moment, Questionnaire, SkillsAnswer, SkillsCheck, SkillsItem
from einclusie.courses.services import skills_check_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(db):
    return Questionnaire.objects.current()


def _answers(questionnaire, rating=2, **overrides):
    data = {f"item_{item.code}": str(overrides.get(item.code, rating)) for item in questionnaire.items.all()}
    return data


def _ratings(questionnaire, rating):
    return {item.code: rating for item in questionnaire.items.all()}


def test_the_questionnaire_is_loaded_by_the_migration_with_ten_statements_in_five_areas(questionnaire):
    assert questionnaire.version == "2026.1"
    items = list(questionnaire.items.all())
    assert 8 <= len(items) <= 10
    assert {item.area for item in items} == {
        "informatie-data",
        "communicatie-samenwerking",
        "contentcreatie",
        "veiligheid",
        "problemen-oplossen",
    }
    assert [value for value, _label in questionnaire.scale_choices()] == ["1", "2", "3", "4"]


def test_loading_the_questionnaire_twice_changes_nothing(questionnaire):
    counts = skills.skills_check_load()
    assert counts["created"] == 0 and counts["updated"] == 0
    assert SkillsItem.objects.count() == questionnaire.items.count()


def test_codes_cannot_be_misread():
    for _attempt in range(50):
        code = skills.new_code()
        assert len(code) == 6
        assert not set(code) & set("0O1IL2Z5S8B")
    assert skills.display_code("K7PA3Q") == "K7P-A3Q"
    assert skills.normalise_code(" k7p-a3q ") == "K7PA3Q"


def test_a_first_check_gives_a_code_and_the_second_check_links_to_it(client, questionnaire, course):
    url = reverse("courses:skills_check") + f"?cursus={course.uuid}&moment=voor"
    page = client.get(url).content.decode()
    assert "Ik kan een sterk wachtwoord maken en bewaren." in page
    assert 'name="code"' not in page
    response = client.post(url, _answers(questionnaire, 1))
    assert response.url == reverse("courses:skills_done")
    before = SkillsCheck.objects.get()
    assert (before.moment, before.course) == (Moment.BEFORE, course)
    done = client.get(response.url).content.decode()
    assert skills.display_code(before.code) in done

    after_url = reverse("courses:skills_check") + f"?cursus={course.uuid}&moment=na"
    assert (
        "Vul de code in die u kreeg na de eerste test."
        in client.post(after_url, _answers(questionnaire, 3)).content.decode()
    )
    typed = skills.display_code(before.code).lower()
    response = client.post(after_url, {**_answers(questionnaire, 3), "code": typed})
    assert response.status_code == 302
    after = SkillsCheck.objects.get(moment=Moment.AFTER)
    assert after.before == before
    assert after.course == course
    assert SkillsAnswer.objects.filter(skills_check=after, rating=3).count() == questionnaire.items.count()
    assert "Uw antwoorden zijn bewaard" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("code", "message"),
    [("ABC", "Deze code klopt niet."), ("K7O-13Q", "Deze code klopt niet."), ("K7P-A3Q", "We kennen deze code niet.")],
)
def test_a_wrong_code_is_refused_and_nothing_is_stored(client, questionnaire, code, message):
    response = client.post(reverse("courses:skills_check") + "?moment=na", {**_answers(questionnaire), "code": code})
    assert message in response.content.decode()
    assert not SkillsCheck.objects.exists()


def test_a_code_links_only_one_second_check(questionnaire):
    before = skills_check_submit(questionnaire=questionnaire, ratings=_ratings(questionnaire, 1))
    skills_check_submit(questionnaire=questionnaire, ratings=_ratings(questionnaire, 2), code=before.code)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="tweede test al ingevuld"):
        skills_check_submit(questionnaire=questionnaire, ratings=_ratings(questionnaire, 3), code=before.code)
    assert SkillsCheck.objects.count() == 2


def test_every_statement_needs_an_answer(client, questionnaire):
    data = _answers(questionnaire)
    del data["item_sterk-wachtwoord"]
    page = client.post(reverse("courses:skills_check"), data).content.decode()
    assert "Kies een antwoord bij: Ik kan een sterk wachtwoord maken en bewaren." in page
    assert not SkillsCheck.objects.exists()


def test_no_personal_data_is_asked(client, questionnaire):
    page = client.get(reverse("courses:skills_check")).content.decode()
    for field in ('name="first_name"', 'name="email"', 'name="phone"', 'type="email"'):
        assert field not in page


def _pairs(questionnaire, course, count, before=1, after=3):
    for _number in range(count):
        first = skills_check_submit(questionnaire=questionnaire, ratings=_ratings(questionnaire, before), course=course)
        skills_check_submit(questionnaire=questionnaire, ratings=_ratings(questionnaire, after), code=first.code)


def test_four_pairs_show_nothing(client, alice, questionnaire, course):
    _pairs(questionnaire, course, 4)
    assert not skills.group_result(SkillsCheck.objects.pairs().for_course(course)).areas
    client.force_login(alice)
    page = client.get(reverse("courses:skills_results", args=[course.pk])).content.decode()
    assert "Te weinig deelnemers om resultaten te tonen (minstens 5)." in page
    assert "<table" not in page


def test_five_pairs_show_the_average_change_per_area(client, alice, questionnaire, course):
    _pairs(questionnaire, course, 4)
    first = skills_check_submit(questionnaire=questionnaire, ratings=_ratings(questionnaire, 2), course=course)
    skills_check_submit(questionnaire=questionnaire, ratings=_ratings(questionnaire, 2), code=first.code)
    # someone who only did the first check does not count
    skills_check_submit(questionnaire=questionnaire, ratings=_ratings(questionnaire, 4), course=course)
    result = skills.group_result(SkillsCheck.objects.pairs().for_course(course))
    assert result.pairs == 5
    assert len(result.areas) == 5
    safety = next(area for area in result.areas if area.label == "Veiligheid")
    assert (round(safety.before, 2), round(safety.after, 2), round(safety.change, 2)) == (1.2, 2.8, 1.6)
    client.force_login(alice)
    page = client.get(reverse("courses:skills_results", args=[course.pk])).content.decode()
    assert "5 deelnemers vulden de test in voor en na de cursus." in page
    assert "+1,6" in page or "+1.6" in page
    assert "Te weinig deelnemers" not in page


def test_pairs_of_another_course_do_not_count(questionnaire, course, past_course):
    _pairs(questionnaire, past_course, 5)
    assert skills.group_result(SkillsCheck.objects.pairs().for_course(course)).pairs == 0
    assert skills.group_result(SkillsCheck.objects.pairs().for_course(past_course)).pairs == 5
