"""Settings of the reliability suite: the test settings on the DATABASE_URL given (PostgreSQL),
with files on disk so several processes (kill -9 runs, gunicorn workers) share them."""

import os

from config.settings.test import *  # noqa: F403

MEDIA_ROOT = os.environ.get("RELIABILITY_MEDIA", str(VAR_DIR / "reliability-media"))  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = False  # the load run logs 50 users in from one address
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405  (threads open and close their own)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django.tasks": {"level": "WARNING"}},
}
