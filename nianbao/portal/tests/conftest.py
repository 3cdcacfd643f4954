import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Public pages are cached and rate-limited in the cache: every test starts afresh."""
    cache.clear()
    yield
    cache.clear()
