import os

from .base import *  # noqa: F403

# The demo (scripts/demo) runs with NIANBAO_DEBUG=0 so visitors see the platform's own 404/500
# pages instead of Django's debug pages; developers keep the debug pages by default.
DEBUG = os.environ.get("NIANBAO_DEBUG", "1") == "1"
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
