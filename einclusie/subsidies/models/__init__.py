from einclusie.subsidies.models.applications import (
    Application,
    ApplicationAction,
    ApplicationStatus,
    ApplicationTransition,
)
from einclusie.subsidies.models.calls import (
    MONEY,
    BeneficiaryKind,
    Call,
    CallActionType,
    CallStatus,
    CallStep,
    DeadlineOverride,
    EnvelopePart,
    PaymentRule,
    PaymentTrigger,
    StepKind,
)
from einclusie.subsidies.models.keys import (
    DistributionKey,
    DrawingRight,
    KeyComponent,
    KeyMethod,
    KeyStatus,
    Rounding,
)
from einclusie.subsidies.models.tranches import Tranche, TrancheStatus

__all__ = [
    "Application",
    "ApplicationAction",
    "ApplicationStatus",
    "ApplicationTransition",
    "MONEY",
    "BeneficiaryKind",
    "Call",
    "CallActionType",
    "CallStatus",
    "CallStep",
    "DeadlineOverride",
    "DistributionKey",
    "DrawingRight",
    "EnvelopePart",
    "KeyComponent",
    "KeyMethod",
    "KeyStatus",
    "PaymentRule",
    "PaymentTrigger",
    "Rounding",
    "StepKind",
    "Tranche",
    "TrancheStatus",
]
