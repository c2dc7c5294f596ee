"""WCAG success criteria, their EN 301 549 clauses, and what each check of the monitor stands for.

The success criteria of WCAG 2.1 and 2.2 (levels A and AA) with their EN 301 549 clause (chapter 9, web) are
data: `data/wcag.csv`. The checks the monitor adds to axe-core are listed in CHECKS below with the criteria
they test, their impact and how to fix what they find in plain Dutch. axe-core findings take their criteria
from the `wcagNNN` tags and their clauses from the `EN-9.x.x.x` tags axe returns.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).with_name("data") / "wcag.csv"

# Not a success criterion: the legal duty (directive 2016/2102 art. 7, Bestuursdecreet art. II.34) to publish a
# statement and link it from every page. Findings about it are grouped under this key.
STATEMENT = "verklaring"

IMPACTS = ("critical", "serious", "moderate", "minor")
IMPACT_LABELS = {
    "critical": _("kritiek"),
    "serious": _("ernstig"),
    "moderate": _("matig"),
    "minor": _("klein"),
}
SERIOUS_IMPACTS = ("critical", "serious")


@dataclass(frozen=True)
class Criterion:
    number: str
    level: str
    wcag: str
    en_clause: str
    name_nl: str
    name_en: str

    @property
    def name(self):
        return self.name_en if get_language() in ("en", "fr") else self.name_nl


@cache
def criteria():
    """Every success criterion by number ("1.4.10"), in the order of WCAG."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        return {
            row["criterion"]: Criterion(
                row["criterion"], row["level"], row["wcag"], row["en_301_549"], row["name_nl"], row["name_en"]
            )
            for row in csv.DictReader(handle)
        }


def criterion_label(number):
    """ "1.4.10 Reflow (AA)" for a criterion number; the statement duty has its own label."""
    if number == STATEMENT:
        return str(_("Toegankelijkheidsverklaring (richtlijn 2016/2102, artikel 7)"))
    found = criteria().get(number)
    if found is None:
        return number
    return f"{found.number} {found.name} ({found.level})"


def sort_key(number):
    """Criteria in WCAG order, the statement duty last."""
    if number == STATEMENT:
        return (99,)
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def required_criteria():
    """The success criteria the Bestuursdecreet asks: WCAG 2.1 levels A and AA (EN 301 549), in WCAG order."""
    return [criterion for criterion in criteria().values() if criterion.wcag in ("2.0", "2.1")]


def en_clause(number, *, software=False):
    """The EN 301 549 clause of a criterion: chapter 9 for the web, chapter 11 for software such as mobile apps."""
    found = criteria().get(number)
    if found is None or not found.en_clause:
        return ""
    return "11." + found.en_clause.removeprefix("9.") if software else found.en_clause


WCAG_TAG = re.compile(r"^wcag(\d)(\d)(\d{1,2})$")
EN_TAG = re.compile(r"^EN-(\d+(?:\.\d+)+)$")


def criteria_from_axe_tags(tags):
    """The success criteria an axe rule tests, from its tags: "wcag1410" is 1.4.10."""
    found = []
    for tag in tags:
        match = WCAG_TAG.match(tag)
        if match:
            found.append(".".join(match.groups()))
    return found


def en_clauses_from_axe_tags(tags, criteria_numbers=()):
    """The EN 301 549 clauses an axe rule tests: its EN-9.x tags, else those of its criteria."""
    clauses = [match.group(1) for tag in tags if (match := EN_TAG.match(tag))]
    if not clauses:
        clauses = [criteria()[n].en_clause for n in criteria_numbers if n in criteria() and criteria()[n].en_clause]
    return clauses


@dataclass(frozen=True)
class Check:
    criteria: tuple
    en_clauses: tuple
    impact: str
    title: str
    fix: str


# The checks axe-core does not make. Keys are the check ids shown in reports and on the command line.
CHECKS = {
    "reflow-320": Check(
        ("1.4.10",),
        ("9.1.4.10",),
        "serious",
        _("De pagina scrolt zijwaarts op een scherm van 320 CSS-pixels breed."),
        _(
            "Laat de inhoud meebewegen met de breedte van het scherm: geen vaste breedtes in pixels, lange woorden "
            "en tabellen mogen afbreken of in een eigen schuifvak staan. Test met een venster van 320 pixels breed "
            "of met 400 % zoom."
        ),
    ),
    "focus-visible": Check(
        ("2.4.7",),
        ("9.2.4.7",),
        "serious",
        _("Wie met de Tab-toets door de pagina gaat, ziet niet waar de focus staat."),
        _(
            "Haal 'outline: none' weg of geef elementen met focus een duidelijke rand (bv. 'outline: 3px solid' in "
            "een kleur met genoeg contrast) via :focus-visible."
        ),
    ),
    "page-language": Check(
        ("3.1.1",),
        ("9.3.1.1",),
        "serious",
        _("De taal van de pagina ontbreekt, is geen geldige taalcode of is niet Nederlands."),
        _(
            'Zet de taal van de pagina in het html-element, bv. <html lang="nl">. Een pagina van een Vlaams '
            'bestuur is in het Nederlands (lang="nl" of "nl-BE").'
        ),
    ),
    "link-text": Check(
        ("2.4.4",),
        ("9.2.4.4",),
        "moderate",
        _("Een link of knop heeft een nietszeggende naam, zoals 'klik hier' of 'lees meer'."),
        _(
            "Zeg in de tekst van de link waar hij naartoe gaat, bv. 'Lees meer over de afvalkalender' of "
            "'Afvalkalender 2026'. Een schermlezer leest links vaak los van de tekst eromheen voor."
        ),
    ),
    "statement-link": Check(
        (STATEMENT,),
        (),
        "serious",
        _("De pagina linkt niet naar de toegankelijkheidsverklaring."),
        _(
            "Zet op elke pagina (meestal in de voettekst) een link 'Toegankelijkheid' of "
            "'Toegankelijkheidsverklaring' naar de verklaring van de website."
        ),
    ),
    "pdf-untagged": Check(
        ("1.3.1",),
        ("10.1.3.1",),
        "serious",
        _("Een gelinkt PDF-document is niet getagd: een schermlezer kan de structuur niet volgen."),
        _(
            "Maak het PDF-document opnieuw aan met tags (in Word: 'Opslaan als PDF' met 'Documentstructuurtags "
            "voor toegankelijkheid'), of bied dezelfde inhoud aan als webpagina."
        ),
    ),
}

# Plain Dutch for the axe rules met most often on local-government sites; others show axe's own help text.
AXE_FIXES = {
    "image-alt": _('Geef elke afbeelding een alt-tekst die zegt wat ze toont, of alt="" als ze alleen versiert.'),
    "html-has-lang": _('Zet de taal van de pagina in het html-element: <html lang="nl">.'),
    "html-lang-valid": _('Gebruik een geldige taalcode in het lang-attribuut, bv. "nl" of "nl-BE".'),
    "document-title": _("Geef de pagina een titel (<title>) die zegt waarover ze gaat."),
    "color-contrast": _(
        "Maak het contrast tussen tekst en achtergrond groter: minstens 4,5 op 1 (3 op 1 voor grote tekst)."
    ),
    "label": _("Geef elk formulierveld een zichtbaar label dat met het veld verbonden is (<label for=…>)."),
    "link-name": _("Geef elke link een tekst die een schermlezer kan voorlezen."),
    "button-name": _("Geef elke knop een tekst die een schermlezer kan voorlezen."),
    "list": _("Zet in een lijst (<ul> of <ol>) alleen lijstitems (<li>)."),
    "listitem": _("Zet een lijstitem (<li>) altijd in een lijst (<ul> of <ol>)."),
    "frame-title": _("Geef elk iframe een titel die zegt wat erin staat."),
    "duplicate-id-aria": _("Gebruik elk id maar één keer op de pagina."),
    "input-image-alt": _("Geef een afbeeldingsknop een alt-tekst die zegt wat de knop doet."),
    "meta-viewport": _("Laat inzoomen toe: geen 'user-scalable=no' of 'maximum-scale' in de viewport-tag."),
    "aria-allowed-attr": _("Gebruik alleen ARIA-attributen die bij de rol van het element horen."),
    "select-name": _("Geef elke keuzelijst een label dat met de lijst verbonden is."),
    "target-size": _("Maak klikbare elementen minstens 24 bij 24 CSS-pixels groot, of zet er ruimte rond."),
}

# Names of links and buttons that say nothing about where they lead (compared in lower case, without
# punctuation at the ends).
MEANINGLESS_NAMES = {
    "klik hier",
    "klik",
    "hier",
    "lees meer",
    "lees verder",
    "meer",
    "meer info",
    "meer informatie",
    "link",
    "deze link",
    "verder",
}
