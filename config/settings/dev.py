import os

from .base import *  # noqa: F403

# The demo (scripts/demo) runs with NIANBAO_DEBUG=0 so visitors see the platform's own 404/500
# pages instead of Django's debug pages; developers keep the debug pages by default.
DEBUG = os.environ.get("NIANBAO_DEBUG", "1") == "1"
# Tracebacks only for a browser on this machine (scripts/demo also binds 127.0.0.1).
MIDDLEWARE = [*MIDDLEWARE, "nianbao.core.middleware.LoopbackDebugMiddleware"]  # noqa: F405
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
