from .base import *  # noqa: F403

DEBUG = True
# Tracebacks only for a browser on this machine (scripts/demo also binds 127.0.0.1).
MIDDLEWARE = [*MIDDLEWARE, "nianbao.core.middleware.LoopbackDebugMiddleware"]  # noqa: F405
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
