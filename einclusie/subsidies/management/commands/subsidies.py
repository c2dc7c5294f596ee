"""einclusie subsidies remind [--days N] [--yes]

Reminds the contact person of every approved application whose justification is not in yet and is due
within N days (30 by default) or already late. Without --yes it only prints who would get a reminder.
Safe to run every day: a justification is reminded at most once a week.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from einclusie.subsidies import justifications


class Command(BaseCommand):
    help = "Herinnert lokale besturen aan hun verantwoording vóór de uiterste datum."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        remind = actions.add_parser("remind", help="Stuur herinneringen voor verantwoordingen die bijna moeten.")
        remind.add_argument("--days", type=int, default=30, help="Hoeveel dagen vóór de uiterste datum (30).")
        remind.add_argument("--yes", action="store_true", help="Verstuur echt; zonder dit toont het alleen wie.")

    def handle(self, *args, action, days, yes, **options):
        translation.activate(settings.LANGUAGE_CODE)
        today = timezone.localdate()
        due = justifications.reminders_due(days=days, on=today)
        for application, deadline in due:
            line = f"{application.organisation.name} <{application.contact_email or '-'}>: {deadline.isoformat()}"
            if not yes:
                self.stdout.write(_("zou herinneren: %(line)s") % {"line": line})
                continue
            if application.contact_email:
                send_mail(
                    _("Herinnering: verantwoording %(call)s") % {"call": application.call.title},
                    _(
                        "Beste,\n\nDe verantwoording van %(organisation)s voor %(call)s moet binnen zijn op "
                        "%(deadline)s. U vult ze in op %(url)s.\n\nMet vriendelijke groeten,\nHet programmateam"
                    )
                    % {
                        "organisation": application.organisation.name,
                        "call": application.call.title,
                        "deadline": date_format(deadline, "j F Y"),
                        "url": f"{settings.SITE_URL}/werk/aanvragen/{application.pk}/verantwoording/",
                    },
                    None,
                    [application.contact_email],
                )
            justification = justifications.justification_for(application)
            justification.last_reminder_on = today
            justification.save(update_fields=["last_reminder_on"])
            self.stdout.write(_("herinnerd: %(line)s") % {"line": line})
        if not due:
            self.stdout.write(_("Niemand om te herinneren."))
        elif not yes:
            self.stdout.write(_("Niets verstuurd. Herhaal met --yes om te versturen."))
