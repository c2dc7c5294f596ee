import pytest

from einclusie.territory.services import territory_load


@pytest.fixture
def territory(db):
    """The real reference data: 5 provinces, 312 municipalities (285 of 2025, 27 merged), postal codes,
    indicators and the populations of the 2022 call. Loading takes well under a second, so every test gets
    its own copy."""
    return territory_load()
