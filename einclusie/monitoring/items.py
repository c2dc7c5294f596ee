"""The data items of the monitoring and the disaggregations each one has: one table, read by everything else.

A data item is a count (or an amount in euro) per municipality and month. A disaggregation splits it by a
code list; the empty dimension "" is the total. Items come from the other modules' read APIs (sources.py).
"""

from django.utils.translation import gettext_lazy as _

HELP_CONTACTS = "help_contacts"
COURSE_PARTICIPANTS = "course_participants"
COURSE_COMPLETIONS = "course_completions"
DEVICES_LENT = "devices_lent"
DEVICES_GIVEN = "devices_given"
DEVICES_IN = "devices_in"
APPLICATIONS = "applications"
AMOUNT_REQUESTED = "amount_requested"
AMOUNT_APPROVED = "amount_approved"
AMOUNT_PAID = "amount_paid"

# code -> (label, unit, the disaggregations it has, whether it is a count of people or events: suppressed)
DATA_ITEMS = {
    HELP_CONTACTS: (_("hulpcontacten"), "", ("topic", "target_group", "channel", "age_band"), True),
    COURSE_PARTICIPANTS: (_("cursisten"), "", ("target_group", "digcomp_area"), True),
    COURSE_COMPLETIONS: (_("cursisten die een cursus afrondden"), "", (), True),
    DEVICES_LENT: (_("toestellen uitgeleend"), "", ("device_type", "ground"), True),
    DEVICES_GIVEN: (_("toestellen geschonken"), "", ("device_type", "ground"), True),
    DEVICES_IN: (_("toestellen binnengekomen"), "", ("device_type",), True),
    APPLICATIONS: (_("ingediende subsidieaanvragen"), "", (), False),
    AMOUNT_REQUESTED: (_("gevraagd bedrag"), "euro", (), False),
    AMOUNT_APPROVED: (_("toegekend bedrag"), "euro", (), False),
    AMOUNT_PAID: (_("uitbetaald bedrag"), "euro", (), False),
}

DIMENSIONS = {
    "": _("totaal"),
    "topic": _("hulponderwerp"),
    "target_group": _("doelgroep"),
    "channel": _("kanaal"),
    "age_band": _("leeftijd"),
    "digcomp_area": _("DigComp-domein"),
    "device_type": _("soort toestel"),
    "ground": _("grond"),
}


def label(item):
    """The translated label of a data item (the code itself when it is unknown)."""
    return DATA_ITEMS[item][0] if item in DATA_ITEMS else item


def is_suppressed(item):
    """Whether small counts of this item are hidden in public: counts of people and events are, money is not.

    Subsidy applications and amounts are public decisions about public money; they are published as they are.
    """
    return DATA_ITEMS[item][3]
