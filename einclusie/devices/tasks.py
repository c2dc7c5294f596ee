"""Daily work of the device bank on the project's task queue (django-tasks, database backend).

A worker runs the tasks (`einclusie db_worker`); something that runs daily enqueues them, e.g. cron with
`einclusie shell -c "from einclusie.devices.tasks import daily; daily.enqueue()"`, or runs the commands
`einclusie devices release --yes` and `einclusie devices remind --yes` directly. Both are safe to run twice.
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
