"""E-mails to people who signed up with an e-mail address: the sign-up, a place from the waiting list, a
cancelled course. Each is written in the language the person used to sign up and sent after the change is stored.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

SUBJECTS = {
    "enrolled": lambda title: _("U bent ingeschreven: %(title)s") % {"title": title},
    "waiting": lambda title: _("U staat op de wachtlijst: %(title)s") % {"title": title},
    "promoted": lambda title: _("Er is een plaats vrij voor u: %(title)s") % {"title": title},
    "cancelled": lambda title: _("Deze cursus gaat niet door: %(title)s") % {"title": title},
}


def enrolment_mail(enrolment, kind, *, position=None):
    """Send one of the mails of SUBJECTS to the person of an enrolment, if they gave an e-mail address."""
    if not enrolment.email:
        return False
    course = enrolment.course
    link = settings.SITE_URL.rstrip("/") + reverse("courses:public_detail", args=[course.uuid])
    with translation.override(enrolment.language or settings.LANGUAGE_CODE):
        context = {
            "enrolment": enrolment,
            "course": course,
            "sessions": course.ordered_sessions(),
            "kind": kind,
            "position": position,
            "link": link,
        }
        subject = SUBJECTS[kind](course.title)
        body = render_to_string("courses/email/enrolment.txt", context)
    send_mail(subject, body, None, [enrolment.email])
    return True
