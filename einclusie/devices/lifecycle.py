"""The life of a device, as one table. Read it as the rules: nothing else changes a device's status.

Each transition: the statuses it starts from, the status it leads to, who may take it (an action of the
permission table in einclusie/core/roles.py), whether a note is required, and whether a person takes it
on the device page ("step") or it happens through its own form (intake, wipe, reserve, hand-over, return).

    intake ─wipe→ wiped ─refurbish→ refurbished ─make_available→ available ─reserve→ reserved
    reserved ─cancel_reservation / release_reservation (window passed)→ available ; ─extend_reservation→ reserved
    available/reserved ─lend→ lent ─return→ returned ─wipe→ wiped … ; lent ─convert_to_gift→ given
    available/reserved ─give→ given ; almost anything ─send_to_repair→ repair ─repair_done→ refurbished
    anything in the bank ─recycle→ recycled

Guards on top of the table (checked by services.device_transition): a device is made available, reserved
or handed over only when its data was wiped since it came in or was last brought back (`Device.data_wiped`,
also a database constraint).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from einclusie.devices.models import DeviceStatus as S

MANAGE = "devices.manage"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    permission: str = MANAGE
    needs_note: bool = False
    is_step: bool = False  # taken with the step form on the device page


IN_BANK = (S.INTAKE, S.WIPED, S.REFURBISHED, S.AVAILABLE, S.RETURNED, S.REPAIR)

TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition("register", _("Registreren"), (), S.INTAKE),
        Transition("wipe", _("Gegevens gewist"), (S.INTAKE, S.RETURNED, S.REPAIR, S.REFURBISHED), S.WIPED),
        Transition("refurbish", _("Opgeknapt"), (S.WIPED,), S.REFURBISHED, needs_note=True, is_step=True),
        Transition("make_available", _("Beschikbaar maken"), (S.WIPED, S.REFURBISHED), S.AVAILABLE, is_step=True),
        Transition("reserve", _("Reserveren"), (S.AVAILABLE,), S.RESERVED),
        Transition("cancel_reservation", _("Reservatie annuleren"), (S.RESERVED,), S.AVAILABLE),
        Transition("extend_reservation", _("Reservatie verlengd"), (S.RESERVED,), S.RESERVED),
        Transition("release_reservation", _("Reservatie verlopen, weer beschikbaar"), (S.RESERVED,), S.AVAILABLE),
        Transition("lend", _("Uitlenen"), (S.AVAILABLE, S.RESERVED), S.LENT),
        Transition("give", _("Schenken"), (S.AVAILABLE, S.RESERVED), S.GIVEN),
        Transition("convert_to_gift", _("Lening omzetten in schenking"), (S.LENT,), S.GIVEN),
        Transition("return", _("Teruggebracht"), (S.LENT,), S.RETURNED),
        Transition(
            "send_to_repair",
            _("Naar herstelling"),
            (S.INTAKE, S.WIPED, S.REFURBISHED, S.AVAILABLE, S.RETURNED),
            S.REPAIR,
            needs_note=True,
            is_step=True,
        ),
        Transition("repair_done", _("Hersteld"), (S.REPAIR,), S.REFURBISHED, needs_note=True, is_step=True),
        Transition("recycle", _("Recycleren"), IN_BANK, S.RECYCLED, needs_note=True, is_step=True),
    ]
}

# Steps that need a wipe recorded since the device came in or was last brought back.
NEEDS_WIPE = {"make_available", "reserve", "lend", "give"}


def available_steps(device, membership):
    """The steps of the device page this person may take on this device now."""
    if membership is None:
        return []
    return [
        transition
        for transition in TRANSITIONS.values()
        if transition.is_step and device.status in transition.sources and membership.allows(transition.permission)
    ]
