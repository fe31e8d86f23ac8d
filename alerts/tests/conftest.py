import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with no subscribe requests counted against the test client's address."""
    cache.clear()
    yield
    cache.clear()
