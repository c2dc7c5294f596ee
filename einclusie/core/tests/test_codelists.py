import json

import pytest
from django.utils import translation

from einclusie.core import codelists
from einclusie.core.models import Code, CodeList

pytestmark = pytest.mark.django_db


def test_loading_the_code_lists_twice_changes_nothing_the_second_time():
    first = codelists.codelists_load()
    second = codelists.codelists_load()
    assert first["created"] == CodeList.objects.count() + Code.objects.count()
    assert second["created"] == second["updated"] == second["deactivated"] == 0


def test_the_help_topics_are_the_real_start_list_in_order():
    codelists.codelists_load()
    topics = list(codelists.codes(codelists.HELP_TOPICS))
    assert len(topics) == 17
    assert topics[0].label_nl == "itsme"
    assert topics[-1].code == "andere"


def test_the_mandatory_action_type_comes_first():
    codelists.codelists_load()
    first = codelists.codes(codelists.ACTION_TYPES).first()
    assert first.label_nl.startswith("Actie(s) rond individuele toegang tot internet op het thuisadres")


def test_a_code_dropped_from_the_shipped_list_is_deactivated_not_deleted(tmp_path, monkeypatch):
    codelists.codelists_load()
    specs = json.loads(codelists.DATA_FILE.read_text(encoding="utf-8"))
    specs[0]["codes"] = [code for code in specs[0]["codes"] if code["code"] != "ebox"]
    changed = tmp_path / "codelists.json"
    changed.write_text(json.dumps(specs), encoding="utf-8")
    monkeypatch.setattr(codelists, "DATA_FILE", changed)
    counts = codelists.codelists_load()
    assert counts["deactivated"] == 1
    ebox = Code.objects.get(code_list__slug="help-topics", code="ebox")
    assert not ebox.is_active
    assert ebox not in codelists.codes(codelists.HELP_TOPICS)


def test_codes_have_the_same_identifier_on_every_installation():
    codelists.codelists_load()
    itsme = Code.objects.get(code_list__slug="help-topics", code="itsme")
    assert str(itsme.uuid) == str(codelists.uuid.uuid5(codelists.UUID_NAMESPACE, "help-topics/itsme"))


def test_labels_follow_the_readers_language():
    codelists.codelists_load()
    topic = Code.objects.get(code_list__slug="help-topics", code="online-bankieren")
    with translation.override("fr"):
        assert topic.label == "banque en ligne"
    with translation.override("nl"):
        assert topic.label == "online bankieren"
