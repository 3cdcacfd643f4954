from .base import *  # noqa: F403

DEBUG = True
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
