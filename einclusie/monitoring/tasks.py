"""Background work of the monitoring (django-tasks; run the worker with `einclusie db_worker`).

A new help contact enqueues a refresh when its transaction commits, so it shows on the dashboards within
seconds when a worker runs. Without a worker the dashboards refresh themselves when the facts are older than
a minute (services.refresh_if_stale).
"""

import logging

from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def refresh_monitoring():
    from einclusie.monitoring.services import monitoring_refresh

    return monitoring_refresh()


def refresh_soon():
    """Enqueue a refresh once the current transaction commits; a queue that fails never stops the caller."""

    def enqueue():
        try:
            refresh_monitoring.enqueue()
        except Exception:  # the contact is saved; the page-view fallback catches up
            logger.exception("could not enqueue the monitoring refresh")

    transaction.on_commit(enqueue)
