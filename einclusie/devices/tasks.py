"""Daily work of the device bank on the project's task queue (django-tasks, database backend).

django-tasks has no scheduler: something that runs daily enqueues `daily` (`daily.enqueue()`) for a worker
(`einclusie db_worker`), or cron runs `einclusie devices release --yes` and `einclusie devices remind --yes`,
which need no worker. Both are safe to run twice. See docs/devices.md.
"""

from django_tasks import task


@task()
def release_expired_reservations():
    """Make the devices of reservations whose window passed available again. Returns how many."""
    from einclusie.devices.services import reservations_release_expired

    return len(reservations_release_expired())


@task()
def send_loan_reminders(days=30):
    """Remind everyone whose device is due within `days` days or late, once per stage and due date."""
    from einclusie.devices.services import loans_remind_due

    outcome = loans_remind_due(days=days)
    return {
        "emailed": len(outcome.emailed),
        "to_call": len(outcome.to_call),
        "failed": len(outcome.failed),
        "already": outcome.already,
    }


@task()
def daily(days=30):
    """The device bank's daily round: release expired reservations, then send the reminders."""
    released = release_expired_reservations.call()
    return {"released": released, **send_loan_reminders.call(days=days)}
