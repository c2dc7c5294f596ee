"""Loans due soon and late: the lists, reminders by hand and in bulk, once per stage, in the person's language,
and a list to call or write for people without an e-mail address."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from einclusie.devices import services
from einclusie.devices.models import Loan, LoanReminder, ReminderChannel, ReminderStage
from einclusie.devices.tasks import daily, send_loan_reminders
from einclusie.devices.tests.conftest import CHECKLIST, make_available
from einclusie.devices.tests.factories import BeneficiaryFactory, DeviceFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def lend(gent, alice, grounds, *, due_in_days, email="", language="nl", **person):
    """A laptop lent to a new person, due in `due_in_days` days (negative: late)."""
    beneficiary = BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"]], email=email, **person)
    device = make_available(DeviceFactory(organisation=gent), alice)
    loan = services.loan_handover(
        device=device,
        beneficiary=beneficiary,
        by=alice,
        checklist=CHECKLIST,
        due_on=today() + datetime.timedelta(days=400),
        language=language,
    )
    Loan.objects.filter(pk=loan.pk).update(due_on=today() + datetime.timedelta(days=due_in_days))
    loan.refresh_from_db()
    return loan


def test_the_due_soon_list_looks_30_days_ahead_or_as_far_as_asked(client, alice, gent, grounds):
    soon = lend(gent, alice, grounds, due_in_days=10)
    later = lend(gent, alice, grounds, due_in_days=45)
    late = lend(gent, alice, grounds, due_in_days=-3)
    client.force_login(alice)
    url = reverse("devices:loans")
    page = client.get(url + "?toon=binnenkort").content.decode()
    assert soon.beneficiary.reference in page
    assert later.beneficiary.reference not in page and late.beneficiary.reference not in page
    assert "Binnenkort terug (1)" in page and "Te laat (1)" in page
    page = client.get(url + "?toon=binnenkort&dagen=60").content.decode()
    assert soon.beneficiary.reference in page and later.beneficiary.reference in page
    assert "Binnenkort terug (2)" in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Vul een aantal dagen in, bijvoorbeeld 30."),
        ("0", "Kies minstens 1 dag."),
        ("9999", "Kies ten hoogste 365 dagen."),
    ],
)
def test_an_impossible_number_of_days_is_explained(client, alice, gent, grounds, value, message):
    soon = lend(gent, alice, grounds, due_in_days=10)
    client.force_login(alice)
    response = client.get(reverse("devices:loans") + f"?toon=binnenkort&dagen={value}")
    assert response.context["days_form"].errors["dagen"] == [message]
    assert "Er is een probleem" in response.content.decode()
    assert soon.beneficiary.reference in response.content.decode()  # the standard 30 days


def test_remind_prints_first_then_emails_once_per_stage(gent, alice, grounds, capsys):
    soon = lend(gent, alice, grounds, due_in_days=12, email="maria@example.org")
    call_command("devices", "remind")
    assert "would e-mail 1 reminders; 0 people to call or write" in capsys.readouterr().out
    assert mail.outbox == [] and not LoanReminder.objects.exists()

    call_command("devices", "remind", "--yes")
    assert "e-mailed 1 reminders" in capsys.readouterr().out
    assert [message.to for message in mail.outbox] == [["maria@example.org"]]
    assert mail.outbox[0].subject == "Herinnering: toestel terugbrengen"
    assert "Breng het terug tegen " + services._day(soon.due_on) in mail.outbox[0].body
    reminder = LoanReminder.objects.get()
    assert (reminder.stage, reminder.channel, reminder.automatic, reminder.due_on) == (
        ReminderStage.SOON,
        ReminderChannel.EMAIL,
        True,
        soon.due_on,
    )
    soon.refresh_from_db()
    assert (soon.reminders, soon.reminded_on) == (1, today())

    call_command("devices", "remind", "--yes")
    assert "e-mailed 0 reminders; 0 people to call or write; 1 already reminded" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_a_late_loan_gets_one_reminder_per_late_stage(gent, alice, grounds):
    loan = lend(gent, alice, grounds, due_in_days=5, email="maria@example.org")
    for days_later, emailed in [(0, 1), (6, 1), (10, 0), (40, 1), (60, 0), (100, 1)]:
        outcome = services.loans_remind_due(today=today() + datetime.timedelta(days=days_later))
        assert len(outcome.emailed) == emailed, f"{days_later} days later"
    stages = list(LoanReminder.objects.order_by("pk").values_list("stage", flat=True))
    assert stages == ["soon", "late", "late_30", "late_90"]
    assert len(mail.outbox) == 4
    assert "Het moest terug zijn op" in mail.outbox[-1].body
    # A new due date (the loan was extended) starts the stages again.
    Loan.objects.filter(pk=loan.pk).update(due_on=today() + datetime.timedelta(days=120))
    assert len(services.loans_remind_due(today=today() + datetime.timedelta(days=100)).emailed) == 1


def test_the_reminder_is_in_the_language_of_the_agreement(gent, alice, grounds):
    lend(gent, alice, grounds, due_in_days=3, email="marie@example.org", language="fr")
    services.loans_remind_due()
    assert mail.outbox[0].subject == "Rappel : rapporter l'appareil"
    assert LoanReminder.objects.get().language == "fr"


def test_people_without_e_mail_are_listed_to_call_or_write(client, alice, gent, grounds, capsys):
    loan = lend(gent, alice, grounds, due_in_days=-2, full_name="Jan Janssens", phone="0470 11 22 33")
    call_command("devices", "remind", "--yes")
    out = capsys.readouterr().out
    assert f"call or write: Stad Gent (test): {loan.beneficiary.reference}" in out
    assert "Jan Janssens" not in out and "0470" not in out  # no personal data in a log
    assert mail.outbox == []
    assert LoanReminder.objects.get().channel == ReminderChannel.CALL
    loan.refresh_from_db()
    assert loan.reminders == 0  # nobody has reminded the person yet

    client.force_login(alice)
    url = reverse("devices:loans") + "?toon=bellen"
    page = client.get(url).content.decode()
    assert "Bellen of schrijven (1)" in page and "Jan Janssens" in page and "0470 11 22 33" in page
    # The helper called and notes it: the loan leaves the list.
    response = client.post(reverse("devices:loan_remind", args=[loan.pk]), {"terug": url})
    assert response.url == url
    assert "Bellen of schrijven (0)" in client.get(url).content.decode()
    loan.refresh_from_db()
    assert loan.reminders == 1
    assert LoanReminder.objects.latest("pk").channel == ReminderChannel.NOTED
    # And the next run does not put them back for the same stage.
    call_command("devices", "remind", "--yes")
    assert "1 already reminded" in capsys.readouterr().out


def test_a_coordinator_reminds_everyone_of_her_bank_from_the_list(client, alice, gent, aalst, charlie, grounds):
    soon = lend(gent, alice, grounds, due_in_days=20, email="a@example.org")
    lend(gent, alice, grounds, due_in_days=-40)
    elsewhere = make_available(DeviceFactory(organisation=aalst), charlie)
    services.loan_handover(
        device=elsewhere,
        beneficiary=BeneficiaryFactory(organisation=aalst, email="c@example.org"),
        by=charlie,
        checklist=CHECKLIST,
        due_on=today() + datetime.timedelta(days=3),
    )
    client.force_login(alice)
    back = reverse("devices:loans") + "?toon=binnenkort&dagen=30"
    response = client.post(reverse("devices:loans_remind"), {"dagen": "30", "terug": back}, follow=True)
    assert response.redirect_chain == [(back, 302)]
    page = response.content.decode()
    assert "1 herinnering verstuurd per e-mail." in page
    assert "1 persoon heeft geen e-mailadres" in page
    assert [message.to for message in mail.outbox] == [["a@example.org"]]  # not Aalst's borrower
    assert set(LoanReminder.objects.values_list("stage", flat=True)) == {"soon", "late_30"}
    soon.refresh_from_db()
    assert soon.reminders == 1


def test_bulk_reminders_refuse_an_impossible_number_of_days(client, alice, gent, grounds):
    lend(gent, alice, grounds, due_in_days=20, email="a@example.org")
    client.force_login(alice)
    response = client.post(reverse("devices:loans_remind"), {"dagen": "-5"}, follow=True)
    assert "Kies minstens 1 dag." in response.content.decode()
    assert mail.outbox == [] and not LoanReminder.objects.exists()


def test_a_read_only_colleague_sees_the_lists_but_sends_nothing(client, bob, alice, gent, grounds):
    loan = lend(gent, alice, grounds, due_in_days=20, email="a@example.org", full_name="Jan Janssens")
    client.force_login(bob)
    page = client.get(reverse("devices:loans") + "?toon=binnenkort").content.decode()
    assert loan.beneficiary.reference in page
    assert reverse("devices:loans_remind") not in page
    assert client.post(reverse("devices:loans_remind"), {"dagen": "30"}).status_code == 404
    assert client.post(reverse("devices:loan_remind", args=[loan.pk])).status_code == 404
    assert mail.outbox == []


def test_a_button_never_leads_outside_the_loan_lists(client, alice, gent, grounds):
    loan = lend(gent, alice, grounds, due_in_days=20)
    client.force_login(alice)
    response = client.post(reverse("devices:loan_remind", args=[loan.pk]), {"terug": "https://example.com/"})
    assert response.url == reverse("devices:loan", args=[loan.pk])


def test_one_refused_address_does_not_stop_the_others(gent, alice, grounds, monkeypatch):
    lend(gent, alice, grounds, due_in_days=2, email="broken@example.org")
    lend(gent, alice, grounds, due_in_days=3, email="fine@example.org")
    real_send = services.send_mail

    def send(subject, body, sender, to):
        if to == ["broken@example.org"]:
            raise OSError("refused")
        return real_send(subject, body, sender, to)

    monkeypatch.setattr(services, "send_mail", send)
    outcome = services.loans_remind_due()
    assert (len(outcome.emailed), len(outcome.failed)) == (1, 1)
    assert [message.to for message in mail.outbox] == [["fine@example.org"]]
    # The refused one is not recorded, so the next run tries again.
    assert LoanReminder.objects.count() == 1
    monkeypatch.setattr(services, "send_mail", real_send)
    assert len(services.loans_remind_due().emailed) == 1


def test_the_tasks_run_the_daily_round(gent, alice, grounds):
    lend(gent, alice, grounds, due_in_days=2, email="a@example.org")
    lend(gent, alice, grounds, due_in_days=-1)
    assert send_loan_reminders.call() == {"emailed": 1, "to_call": 1, "failed": 0, "already": 0}
    assert daily.call() == {"released": 0, "emailed": 0, "to_call": 0, "failed": 0, "already": 2}


def test_the_due_soon_late_and_call_lists_pin_their_query_counts(
    client, alice, gent, grounds, django_assert_max_num_queries
):
    for number in range(12):
        lend(gent, alice, grounds, due_in_days=5 + number)
        lend(gent, alice, grounds, due_in_days=-5 - number)
    services.loans_remind_due()
    client.force_login(alice)
    # Nobody has an e-mail address: all 24 are to call or write.
    for shown, rows in (("binnenkort", 12), ("te-laat", 12), ("bellen", 24)):
        with django_assert_max_num_queries(12):
            page = client.get(reverse("devices:loans") + f"?toon={shown}").content.decode()
        assert page.count("<tr>") == rows + 1, shown
