import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The password-reset form is rate-limited in the cache: each test starts with no count."""
    cache.clear()
    yield
    cache.clear()
