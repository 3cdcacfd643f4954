import os

from .base import *  # noqa: F403

# The demo (scripts/demo) runs with NIANBAO_DEBUG=0 so visitors see the platform's own 404/500
# pages instead of Django's debug pages; developers keep the debug pages by default.
DEBUG = os.environ.get("NIANBAO_DEBUG", "1") == "1"
# Tracebacks only for a browser on this machine (scripts/demo also binds 127.0.0.1).
MIDDLEWARE = [*MIDDLEWARE, "nianbao.core.middleware.LoopbackDebugMiddleware"]  # noqa: F405
# scripts/demo runs a background worker (NIANBAO_TASK_WORKER=1), so uploads, checks and document
# generation leave the request as in production and their progress pages show. Without a
# worker (a developer's runserver, seeding), tasks run immediately.
if os.environ.get("NIANBAO_TASK_WORKER") != "1":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # The server and the worker write to one SQLite file: readers never wait for the writer
    # (WAL), and a writer takes the lock when its transaction starts instead of failing later.
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }
