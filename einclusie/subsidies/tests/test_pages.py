"""The programme officer sets up a call and its key in the browser's forms; everyone reads the published table."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from einclusie.core.codelists import codelists_load
from einclusie.subsidies.demo import call_2022_load
from einclusie.subsidies.models import Call, DeadlineOverride, DistributionKey, KeyStatus, StepKind
from einclusie.territory.models import Indicator

pytestmark = pytest.mark.django_db


def formset(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def date_fields(name, date):
    return {f"{name}_day": str(date.day), f"{name}_month": str(date.month), f"{name}_year": str(date.year)}


def call_data(codes, **overrides):
    data = {
        "title": "Iedereen Digitaal 2027",
        "slug": "iedereen-digitaal-2027",
        "scheme": "Lokaal e-inclusiebeleid",
        "status": "draft",
        "action_types": [code.pk for code in codes],
        "mandatory_action_types": [codes[0].pk],
        **formset("budget", [{"beneficiary_kind": "municipality", "amount": "1000000"}]),
        **formset(
            "stappen",
            [
                {
                    "kind": "application",
                    **date_fields("opens_on", datetime.date(2027, 1, 1)),
                    **date_fields("closes_on", datetime.date(2027, 3, 31)),
                },
                {
                    "kind": "justification",
                    **date_fields("opens_on", datetime.date(2028, 1, 1)),
                    **date_fields("closes_on", datetime.date(2028, 6, 30)),
                },
            ],
        ),
        **formset(
            "schijven",
            [
                {"position": "1", "percentage": "80", "trigger": "approval"},
                {"position": "2", "percentage": "20", "trigger": "justification_accepted"},
            ],
        ),
    }
    data.update(overrides)
    return data


@pytest.fixture
def action_types(db):
    codelists_load()
    from einclusie.core.codelists import ACTION_TYPES, codes

    return list(codes(ACTION_TYPES))


def test_the_programme_officer_creates_a_call_with_budget_steps_and_schedule(client, paula, action_types):
    client.force_login(paula)
    response = client.post(reverse("subsidies:call_create"), call_data(action_types))
    call = Call.objects.get(slug="iedereen-digitaal-2027")
    assert response.status_code == 302
    assert call.envelope_total == Decimal(1000000)
    assert call.step(StepKind.JUSTIFICATION).closes_on == datetime.date(2028, 6, 30)
    assert [rule.percentage for rule in call.payment_rules.all()] == [80, 20]
    assert list(call.action_types.filter(is_mandatory=True).values_list("action_type__code", flat=True)) == [
        action_types[0].code
    ]
    assert client.get(reverse("subsidies:call_detail", args=[call.pk])).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            formset("schijven", [{"position": "1", "percentage": "70", "trigger": "approval"}]),
            "samen moeten 100 % zijn, nu is het 70 %",
        ),
        (
            formset(
                "stappen",
                [
                    {
                        "kind": "application",
                        **date_fields("opens_on", datetime.date(2027, 3, 1)),
                        **date_fields("closes_on", datetime.date(2027, 1, 1)),
                    }
                ],
            ),
            "ligt voor de startdatum",
        ),
        (
            formset(
                "stappen",
                [
                    {
                        "kind": "justification",
                        **date_fields("opens_on", datetime.date(2027, 3, 1)),
                        **date_fields("closes_on", datetime.date(2027, 6, 1)),
                    }
                ],
            ),
            "aanvraagperiode",
        ),
    ],
)
def test_a_call_with_bad_settings_is_refused_and_nothing_is_stored(client, paula, action_types, overrides, message):
    client.force_login(paula)
    response = client.post(reverse("subsidies:call_create"), call_data(action_types, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Call.objects.exists()


def test_a_mandatory_type_must_be_funded(client, paula, action_types):
    client.force_login(paula)
    data = call_data(action_types, action_types=[action_types[1].pk], mandatory_action_types=[action_types[0].pk])
    response = client.post(reverse("subsidies:call_create"), data)
    assert "Een verplichte soort moet ook bij de gesteunde soorten staan" in response.content.decode()
    assert not Call.objects.exists()


@pytest.fixture
def call_2022(territory):
    call_2022_load()
    return Call.objects.get(slug="iedereen-digitaal-2022")


def test_an_organisation_gets_its_own_deadline_and_it_can_be_taken_back(client, paula, gent, call_2022):
    client.force_login(paula)
    step = call_2022.step(StepKind.JUSTIFICATION)
    response = client.post(
        reverse("subsidies:deadline_add", args=[call_2022.pk]),
        {
            "step": step.pk,
            "organisation": gent.pk,
            **date_fields("closes_on", datetime.date(2025, 9, 30)),
            "reason": "Personeelswissel",
        },
    )
    assert response.status_code == 302
    assert step.deadline_for(gent) == datetime.date(2025, 9, 30)
    assert step.is_open_for(gent, on=datetime.date(2025, 7, 15))
    assert not step.is_open_for(paula.memberships.get().organisation, on=datetime.date(2025, 7, 15))
    override = DeadlineOverride.objects.get()
    client.post(reverse("subsidies:deadline_remove", args=[override.pk]))
    assert step.deadline_for(gent) == datetime.date(2025, 6, 30)


def test_a_deadline_before_the_step_opens_is_refused(client, paula, gent, call_2022):
    client.force_login(paula)
    step = call_2022.step(StepKind.JUSTIFICATION)
    response = client.post(
        reverse("subsidies:deadline_add", args=[call_2022.pk]),
        {
            "step": step.pk,
            "organisation": gent.pk,
            **date_fields("closes_on", datetime.date(2024, 9, 30)),
            "reason": "x",
        },
    )
    assert "voor de start van deze stap" in response.content.decode()
    assert not DeadlineOverride.objects.exists()


def test_the_officer_defines_computes_publishes_and_compares_a_key(client, paula, call_2022):
    client.force_login(paula)
    inhabitants = Indicator.objects.get(code="inhabitants")
    data = {
        "name": "Inwoners, minimum 20.000",
        "method": "formula",
        "beneficiary_kind": "municipality",
        "envelope": "23125000",
        "rounding": "1",
        "floor": "20000",
        **date_fields("reference_date", datetime.date(2025, 1, 1)),
        "statistics_year": "2021",
        "excluded_codes": "73028",
        **formset("onderdelen", [{"indicator": inhabitants.pk, "weight": "1"}]),
    }
    response = client.post(reverse("subsidies:key_create", args=[call_2022.pk]), data)
    key = DistributionKey.objects.get(name="Inwoners, minimum 20.000")
    assert response.status_code == 302
    assert key.version == 3
    client.post(reverse("subsidies:key_compute", args=[key.pk]))
    key.refresh_from_db()
    assert key.status == KeyStatus.COMPUTED
    assert sum(key.drawing_rights.values_list("amount", flat=True)) == Decimal(23125000)
    page = client.get(reverse("subsidies:key_detail", args=[key.pk])).content.decode()
    assert "284 gemeenten krijgen samen 23.125.000 euro" in page
    compare = client.get(reverse("subsidies:key_compare", args=[key.pk]), {"met": call_2022.keys.get(version=2).pk})
    assert "krijgen meer" in compare.content.decode()
    client.post(reverse("subsidies:key_publish", args=[key.pk]))
    key.refresh_from_db()
    assert key.status == KeyStatus.PUBLISHED
    assert call_2022.published_key() == key
    # A published version stays as it is.
    client.post(reverse("subsidies:key_edit", args=[key.pk]), {**data, "envelope": "1"})
    key.refresh_from_db()
    assert key.envelope == Decimal(23125000)


def test_the_public_reads_every_drawing_right_and_why(client, call_2022):
    page = client.get(reverse("subsidies:call_public", args=[call_2022.slug])).content.decode()
    assert "299 gemeenten, samen 23.124.995 euro" in page
    assert "329.827" in page
    explained = client.get(reverse("subsidies:drawing_right_explained", args=[call_2022.slug, "41002"]))
    assert "Waarom krijgt Aalst dit bedrag?" in explained.content.decode()
    assert "vastgelegd door de Vlaamse overheid" in explained.content.decode()


def test_a_municipality_page_shows_the_rights_of_the_former_municipalities_that_merged_into_it(client, call_2022):
    page = client.get(reverse("territory:municipality_detail", args=["44086"])).content.decode()
    assert "De Pinte" in page and "Nazareth" in page
    assert "Iedereen Digitaal 2022" in page


def test_a_draft_call_is_not_public(client, call_2022):
    call_2022.status = "draft"
    call_2022.save()
    assert client.get(reverse("subsidies:call_public", args=[call_2022.slug])).status_code == 404


def test_local_officials_cannot_open_the_programme_pages(client, alice, call_2022):
    client.force_login(alice)
    assert client.get(reverse("subsidies:call_list")).status_code == 404
    assert client.get(reverse("subsidies:call_detail", args=[call_2022.pk])).status_code == 404


def test_fixed_amounts_are_uploaded_as_a_csv_file_and_a_bad_file_changes_nothing(client, paula, call_2022):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from einclusie.subsidies import services

    client.force_login(paula)
    key = services.key_copy(key=call_2022.keys.get(version=1), by=None)
    assert key.drawing_rights.count() == 299
    bad = SimpleUploadedFile("rechten.csv", b"nis_code;amount\n44021;100\n99999;5\n", content_type="text/csv")
    response = client.post(reverse("subsidies:key_import", args=[key.pk]), {"file": bad})
    assert "Regel 3: Onbekende NIS-code 99999." in response.content.decode()
    assert key.drawing_rights.count() == 299
    binary = SimpleUploadedFile("rechten.xlsx", b"PK\x03\x04\x00\x00binary", content_type="text/csv")
    response = client.post(reverse("subsidies:key_import", args=[key.pk]), {"file": binary})
    assert "Dit is geen tekstbestand (CSV)." in response.content.decode()
    good = SimpleUploadedFile("rechten.csv", b"nis_code;amount\n44021;100\n41002;200,50\n", content_type="text/csv")
    response = client.post(reverse("subsidies:key_import", args=[key.pk]), {"file": good})
    assert response.status_code == 302
    assert sorted(key.drawing_rights.values_list("amount", flat=True)) == [Decimal(100), Decimal("200.50")]
