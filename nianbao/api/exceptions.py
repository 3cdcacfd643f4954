"""Maps ApplicationError to an HTTP 4xx JSON body {"detail": ..., "reasons": [...]}."""

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from nianbao.core.exceptions import ApplicationError


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return Response({"detail": exc.message, "reasons": exc.reasons}, status=exc.status)
    return drf_exception_handler(exc, context)
