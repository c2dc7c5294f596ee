"""Run actions of two people at the same moment, for the PostgreSQL race tests (`<app>/tests/test_races.py`)."""

import functools
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

only_on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter; SQLite serialises writers"
)


def at_once(*actions):
    """Start every action in its own thread (own database connection) at the same moment; wait for all.

    Returns, in the order given, what each action returned or the ValidationError it raised.
    """
    results = [None] * len(actions)
    start = threading.Barrier(len(actions))

    def run(number, action):
        start.wait()
        try:
            results[number] = action()
        except ValidationError as error:
            results[number] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def calls_at_once(action, *arguments):
    """`action(*args)` for each tuple of arguments, all at the same moment (see `at_once`)."""
    return at_once(*(functools.partial(action, *args) for args in arguments))


def refused(results):
    """How many of the results are refusals (a ValidationError)."""
    return sum(isinstance(result, ValidationError) for result in results)


def the_one_saved(results):
    """Two saves at once on the same version: exactly one is refused; returns what the other one returned."""
    assert refused(results) == 1, results
    (saved,) = [result for result in results if not isinstance(result, ValidationError)]
    return saved
