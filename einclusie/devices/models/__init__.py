"""The device bank and connectivity (pillar 1 of the programme: access).

IntakeBatch        devices that came in together (a company donates 40 laptops)
Device             one device: type, brand, model, serial (unique per bank), origin, condition, status
DataWipe           a recorded wipe with its certificate; without one a device is never handed out
DeviceTransition   every step of a device's life (the table in einclusie/devices/lifecycle.py), who and when
EligibilityGround  a reason to borrow, as one local government words it, mapped to a common kind
Beneficiary        a person: pseudonymous reference, municipality, grounds, referrer, consent, retention date
DeviceBankSettings the public check, the loan term, the retention period and the agreement text of one bank
Loan               a reservation, a hand-over with its checklist, a return or a gift
LoanReminder       a reminder to bring a device back: e-mailed, to call or write, or noted by a helper
ConnectivityItem   a SIM card, data voucher or 4G modem in stock or handed out
"""

from einclusie.devices.models.connectivity import (
    ConnectivityItem,
    ConnectivityKind,
    ConnectivityStatus,
)
from einclusie.devices.models.devices import (
    HANDED_OUT,
    Condition,
    DataWipe,
    Device,
    DeviceStatus,
    DeviceTransition,
    DeviceType,
    IntakeBatch,
    Source,
    WipeMethod,
    normalise_serial,
)
from einclusie.devices.models.loans import (
    ACTIVE_LOAN_STATUSES,
    LATE_STAGES,
    AgreementLanguage,
    Loan,
    LoanReminder,
    LoanStatus,
    ReminderChannel,
    ReminderStage,
)
from einclusie.devices.models.people import (
    DEFAULT_GROUNDS,
    SOCIAL_INTERNET,
    Beneficiary,
    DeviceBankSettings,
    EligibilityGround,
    GroundKind,
    ReferrerKind,
)

__all__ = [
    "ACTIVE_LOAN_STATUSES",
    "DEFAULT_GROUNDS",
    "HANDED_OUT",
    "LATE_STAGES",
    "SOCIAL_INTERNET",
    "AgreementLanguage",
    "Beneficiary",
    "Condition",
    "ConnectivityItem",
    "ConnectivityKind",
    "ConnectivityStatus",
    "DataWipe",
    "Device",
    "DeviceBankSettings",
    "DeviceStatus",
    "DeviceTransition",
    "DeviceType",
    "EligibilityGround",
    "GroundKind",
    "IntakeBatch",
    "Loan",
    "LoanReminder",
    "LoanStatus",
    "ReferrerKind",
    "ReminderChannel",
    "ReminderStage",
    "Source",
    "WipeMethod",
    "normalise_serial",
]
