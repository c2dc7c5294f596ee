"""How each cell of the help-contact template is read: the value, or Bad with the reason in plain Dutch.

Every parser is called once per distinct cell value (spreadsheet_import caches the results), so a
parser may be thorough. Labels are the Dutch ones; codes are accepted as well; case, repeated spaces
and the kind of dash do not matter.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from einclusie.contacts.forms import OLDEST_DAYS
from einclusie.contacts.guards import validate_anonymous_note
from einclusie.contacts.models import AgeBand, Channel, Duration, HelpContact, Outcome, ReferredTo
from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, TARGET_GROUPS
from einclusie.core.models import Code
from einclusie.helppoints.models import HelpPoint

NOTE_LENGTH = HelpContact._meta.get_field("note").max_length
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?")
DAY_FIRST_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
EXCEL_SERIAL = re.compile(r"\d{5}(?:\.0*)?")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class Bad:
    """A cell value that is refused, with the reason."""

    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message


def normalise(text):
    """Compare ignoring case, repeated spaces and the kind of dash."""
    return " ".join(str(text).replace("–", "-").replace("—", "-").lower().split())


class Parsers:
    """For every column: a cache of the values seen and the function that parses a new one.

    A parser returns the value (for help point, date, topics, target groups and language a pair of the
    value and its text in the content hash), or Bad with the reason.
    """

    def __init__(self, organisation):
        self.today = timezone.localdate()
        self.oldest = self.today - datetime.timedelta(days=OLDEST_DAYS)
        with translation.override("nl"):
            self.channels = _choices(Channel)
            self.outcomes = _choices(Outcome)
            self.referrals = _choices(ReferredTo)
            self.durations = _choices(Duration)
            self.ages = _choices(AgeBand)
        self.help_points = help_point_names(organisation)
        self.topics = _codes(HELP_TOPICS)
        self.groups = _codes(TARGET_GROUPS)
        self.languages = _codes(LANGUAGES)
        self.columns = [
            ("datum", {}, self.date),
            ("digipunt", {}, self.help_point),
            ("kanaal", {}, self.channel),
            ("onderwerpen", {}, self.topic_list),
            ("resultaat", {}, self.outcome),
            ("doorverwezen_naar", {}, self.referral),
            ("duur", {}, self.duration),
            ("leeftijd", {}, self.age),
            ("doelgroepen", {}, self.group_list),
            ("taal", {}, self.language),
            ("notitie", {}, self.note),
        ]

    def date(self, raw):
        if not raw:
            return Bad(_("Vul de datum in."))
        day = _date(raw)
        if day is None:
            return Bad(_("“%(value)s” is geen datum. Schrijf bijvoorbeeld 27/03/2026.") % {"value": raw})
        if day > self.today:
            return Bad(_("De datum %(value)s ligt in de toekomst.") % {"value": raw})
        if day < self.oldest:
            return Bad(_("De datum %(value)s ligt meer dan een jaar terug.") % {"value": raw})
        return day, day.isoformat()

    def help_point(self, raw):
        if not raw:
            return Bad(_("Vul het digipunt in: het nummer of de naam van de pagina Importeren."))
        found = self.help_points.get(raw if raw.isdigit() else normalise(raw))
        if found is None and raw.isdigit():
            return Bad(_("Digipunt %(value)s hoort niet bij uw organisatie.") % {"value": raw})
        if found is None:
            return Bad(
                _("Onbekend digipunt “%(value)s”. Gebruik het nummer of de naam van de pagina Importeren.")
                % {"value": raw}
            )
        if found is AMBIGUOUS:
            return Bad(_("Meer dan één digipunt heet “%(value)s”. Gebruik het nummer.") % {"value": raw})
        return found, str(found)

    def channel(self, raw):
        return self._choice(raw, self.channels, _("Vul het kanaal in."), _("Onbekend kanaal"))

    def outcome(self, raw):
        return self._choice(raw, self.outcomes, _("Vul het resultaat in."), _("Onbekend resultaat"))

    def referral(self, raw):
        return self._choice(raw, self.referrals, "", _("Onbekend “doorverwezen naar”"))

    def duration(self, raw):
        if raw.isdigit():  # minutes
            minutes = int(raw)
            return "0-15" if minutes <= 15 else "15-30" if minutes <= 30 else "30-60" if minutes <= 60 else "60+"
        return self._choice(raw, self.durations, _("Vul de duur in."), _("Onbekende duur"))

    def age(self, raw):
        if raw.isdigit() and int(raw) < 130:  # years
            years = int(raw)
            return (
                "-25"
                if years < 25
                else "25-44"
                if years < 45
                else "45-64"
                if years < 65
                else "65-74"
                if years < 75
                else "75+"
            )
        return self._choice(raw, self.ages, "", _("Onbekende leeftijd"))

    def _choice(self, raw, choices, required, unknown):
        if not raw:
            return Bad(required) if required else ""
        found = choices.get(normalise(raw))
        if found is None:
            labels = ", ".join(dict.fromkeys(label for label in choices.values_labels))
            return Bad(
                _("%(unknown)s “%(value)s”. Kies uit: %(labels)s.")
                % {"unknown": unknown, "value": raw, "labels": labels}
            )
        return found

    def topic_list(self, raw):
        if not raw:
            return Bad(_("Vul minstens één onderwerp in."))
        return self._code_list(
            raw, self.topics, _("Onbekend onderwerp “%(value)s”. Gebruik de codes of namen uit het sjabloon.")
        )

    def group_list(self, raw):
        if not raw:
            return (), ""
        return self._code_list(
            raw, self.groups, _("Onbekende doelgroep “%(value)s”. Gebruik de codes of namen uit het sjabloon.")
        )

    def _code_list(self, raw, codes, unknown):
        found = set()
        for part in _split_codes(raw, codes):
            code_id = codes.get(normalise(part))
            if code_id is None:
                return Bad(unknown % {"value": part})
            found.add(code_id)
        ids = tuple(sorted(found))
        return ids, ",".join(map(str, ids))

    def language(self, raw):
        if not raw or normalise(raw) in ("nl", "nederlands"):
            return None, ""
        code_id = self.languages.get(normalise(raw))
        if code_id is None:
            return Bad(_("Onbekende taal “%(value)s”. Schrijf bijvoorbeeld Frans of fr.") % {"value": raw})
        return code_id, str(code_id)

    def note(self, raw):
        if len(raw) > NOTE_LENGTH:
            return Bad(_("De notitie is langer dan %(length)d tekens.") % {"length": NOTE_LENGTH})
        try:
            validate_anonymous_note(raw)
        except ValidationError as error:
            return Bad(str(error.messages[0]))
        return raw


AMBIGUOUS = object()


def help_point_names(organisation):
    """The organisation's help points by number (as text) and by "Service – Locatie" (normalised)."""
    names = {}
    points = HelpPoint.objects.for_organisation(organisation).values_list("pk", "service__name", "location__name")
    for pk, service, location in points:
        names[str(pk)] = pk
        name = normalise(f"{service} – {location}")
        names[name] = AMBIGUOUS if name in names else pk
    return names


def help_point_label(service_name, location_name):
    """How a help point is named in the template and in exports."""
    return f"{service_name} – {location_name}"


class _ChoiceDict(dict):
    values_labels = ()


def _choices(choices):
    found = _ChoiceDict()
    for value, label in choices.choices:
        found[normalise(value)] = value
        found[normalise(label)] = value
    found.values_labels = [str(label) for _value, label in choices.choices]
    return found


def _codes(list_slug):
    found = {}
    for pk, code, label in (
        Code.objects.active().filter(code_list__slug=list_slug).values_list("pk", "code", "label_nl")
    ):
        found[normalise(code)] = pk
        found.setdefault(normalise(label), pk)
    return found


def _split_codes(raw, codes):
    """Parts separated by | or, when there is no |, by commas (a label with a comma in it stays whole)."""
    if "|" in raw:
        return [part for part in raw.split("|") if part.strip()]
    parts = raw.split(",")
    found = []
    start = 0
    while start < len(parts):
        end = next(
            (end for end in range(len(parts), start + 1, -1) if normalise(",".join(parts[start:end])) in codes),
            start + 1,
        )
        part = ",".join(parts[start:end])
        if part.strip():
            found.append(part)
        start = end
    return found


def _date(raw):
    match = ISO_DATE.fullmatch(raw)
    try:
        if match:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        match = DAY_FIRST_DATE.fullmatch(raw)
        if match:
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            return datetime.date(year, int(match[2]), int(match[1]))
        if EXCEL_SERIAL.fullmatch(raw):
            return EXCEL_EPOCH + datetime.timedelta(days=int(float(raw)))
    except ValueError:
        return None
    return None
