"""The read-replica router: dashboard reads go to the replica, writes and a person's next reads after a change
stay on the primary."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from einclusie.monitoring.models import MonthlyFact
from einclusie.monitoring.replica import (
    PRIMARY_COOKIE,
    PinPrimaryAfterWriteMiddleware,
    ReplicaRouter,
    reads_from_replica,
)


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, "replica", dict(settings.DATABASES["default"]))


def seen_database(request):
    seen = {}

    @reads_from_replica
    def view(request):
        seen["read"] = ReplicaRouter().db_for_read(MonthlyFact)
        seen["write"] = ReplicaRouter().db_for_write(MonthlyFact)
        return HttpResponse()

    view(request)
    return seen


def test_a_dashboard_reads_from_the_replica_and_writes_to_the_primary(with_replica):
    seen = seen_database(RequestFactory().get("/cijfers/"))
    assert seen == {"read": "replica", "write": "default"}


def test_after_a_change_the_person_reads_from_the_primary(with_replica):
    response = PinPrimaryAfterWriteMiddleware(lambda request: HttpResponse())(RequestFactory().post("/werk/"))
    assert response.cookies[PRIMARY_COOKIE]["max-age"] == 10
    request = RequestFactory().get("/cijfers/")
    request.COOKIES[PRIMARY_COOKIE] = "1"
    assert seen_database(request)["read"] is None


def test_without_a_replica_everything_reads_from_the_primary():
    assert "replica" not in settings.DATABASES
    assert seen_database(RequestFactory().get("/cijfers/"))["read"] is None


def test_outside_a_dashboard_reads_go_to_the_primary(with_replica):
    assert ReplicaRouter().db_for_read(MonthlyFact) is None
    assert ReplicaRouter().allow_migrate("replica", "monitoring") is False
