import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nianbao.core.tests.permission_matrix import EXEMPT, EXEMPT_PREFIXES


def collect_matrix() -> dict:
    """Every app's `tests/permission_matrix.py` MATRIX, merged; a URL declared twice is an error."""
    merged: dict = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("nianbao."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.permission_matrix")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(config.name):
                continue
            raise
        for name, entry in module.MATRIX.items():
            assert name not in merged, f"{name} is declared in two permission matrices"
            merged[name] = entry
    return merged


MATRIX = collect_matrix()

ACTORS = [
    "anonymous",
    "province_admin",
    "reviewer",
    "city_admin",
    "other_city_admin",
    "school_editor",
    "school_head",
    "other_school_editor",
    "enterprise_editor",
    "other_enterprise_editor",
    "no_role",
]


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def platform_url_names():
    return sorted(
        {n for n in _url_names() if n not in EXEMPT and not n.startswith(EXEMPT_PREFIXES)}
    )


def test_every_url_has_a_permission_matrix_entry():
    missing = [name for name in platform_url_names() if name not in MATRIX]
    assert not missing, f"URLs without a permission-matrix entry: {missing}"


def test_matrix_names_only_existing_urls():
    stale = sorted(set(MATRIX) - set(platform_url_names()))
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_url_allows_exactly_the_matrix_actors(url_name, world, client):
    kwargs_builder, allowed = MATRIX[url_name][:2]
    url = reverse(url_name, kwargs=kwargs_builder(world))
    wrong = []
    for actor in ACTORS:
        client.logout()
        if actor != "anonymous":
            client.force_login(
                world.users[actor], backend="django.contrib.auth.backends.ModelBackend"
            )
        response = client.get(url)
        if actor == "anonymous" and "anonymous" not in allowed:
            granted = not (
                response.status_code == 302 and "/accounts/login/" in response["Location"]
            )
        else:
            granted = response.status_code in (200, 302) and not (
                response.status_code == 302 and "/accounts/login/" in response.get("Location", "")
            )
        if granted != (actor in allowed):
            wrong.append(
                f"{actor}: status {response.status_code}, expected {'allow' if actor in allowed else 'deny'}"
            )
    assert not wrong, f"{url_name} {url}: " + "; ".join(wrong)


def _past_permission_check(response) -> bool:
    location = response.get("Location", "") if response.status_code == 302 else ""
    return response.status_code not in (403, 404) and "/accounts/login/" not in location


def _post_allowed(entry) -> frozenset:
    """Who may POST: the third element when given, else whoever may open the page."""
    return frozenset(entry[2]) if len(entry) > 2 else frozenset(entry[1])


def _post_as(client, world, actor: str, url: str):
    """One POST (empty form) by `actor`, rolled back so every actor meets the same world (and
    the same rate-limit counters, which live in the cache)."""
    cache.clear()
    client.logout()
    if actor != "anonymous":
        client.force_login(world.users[actor], backend="django.contrib.auth.backends.ModelBackend")
    with transaction.atomic():
        response = client.post(url, {})
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_every_actor_posts_and_exactly_the_matrix_actors_get_through(url_name, world, client):
    """Every URL is POSTed by every actor: a write URL lets exactly its POST actors past the
    permission check (whatever the empty form then says), refuses the others with 403/404
    (anonymous: the login page), and nobody gets a server error. A URL that answers every
    POST with 405 is read-only and must not declare POST actors."""
    entry = MATRIX[url_name]
    url = reverse(url_name, kwargs=entry[0](world))
    expected = _post_allowed(entry)
    responses = {actor: _post_as(client, world, actor, url) for actor in ACTORS}
    errors = [f"{a}: 500" for a, r in responses.items() if r.status_code >= 500]
    assert not errors, f"{url_name} {url}: " + "; ".join(errors)
    passed = {a for a, r in responses.items() if _past_permission_check(r)}
    if all(responses[a].status_code == 405 for a in passed):
        assert len(entry) < 3 or not entry[2], f"{url_name} refuses every POST (405)"
        return
    if not entry[1]:
        assert len(entry) > 2, (
            f"{url_name} is POST-only: declare who may POST it ({sorted(passed)})"
        )
    wrong = []
    for actor, response in responses.items():
        if (actor in passed) != (actor in expected):
            wrong.append(
                f"{actor}: status {response.status_code}, "
                f"expected {'allow' if actor in expected else 'deny'}"
            )
    assert not wrong, f"POST {url_name} {url}: " + "; ".join(wrong)
