"""Background work of the monitor, on the project's task queue (django-tasks, database backend).

A worker runs it: `einclusie db_worker`. Without a worker, `einclusie a11y run-due --run` runs what waits.
"""

from django_tasks import task

from einclusie.a11y.models import Scan


@task()
def run_scan(scan_id):
    """Run one pending scan; a scan already started or finished is left alone."""
    from einclusie.a11y.services import scan_run

    scan = Scan.objects.filter(pk=scan_id).first()
    if scan is not None:
        scan_run(scan=scan)
