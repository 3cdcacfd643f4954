"""Readable Chinese error pages for ApplicationError escaping a view, and the request size limit."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.defaults import page_not_found, server_error

from nianbao.core.exceptions import ApplicationError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ApplicationError):
            return render(
                request,
                "core/error.html",
                {"error": exception},
                status=exception.status,
            )
        return None


class RequestSizeLimitMiddleware:
    """Refuses an oversized body before it is read: by its Content-Length at once (413), and
    while streaming a chunked or lying upload (Django stops at MAX_REQUEST_BYTES). The proxy in
    front (README, production) enforces the same limit first."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = settings.MAX_REQUEST_BYTES

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        declared = int(length) if length.isascii() and length.isdigit() else 0
        if declared > self.limit:
            return _too_large(request, self.limit)
        request.upload_handlers.insert(0, _LimitHandler(self.limit))
        return self.get_response(request)


def _too_large(request, limit: int):
    message = f"上传内容过大，单次请求不能超过 {limit // 1048576} MB。"
    if request.path.startswith("/api/") or "json" in request.headers.get("accept", ""):
        return JsonResponse({"detail": message}, status=413)
    error = ApplicationError(message, status=413)
    response = render(request, "core/error.html", {"error": error}, status=413)
    response["Connection"] = "close"  # the rest of the body is not read
    return response


class _LimitHandler(FileUploadHandler):
    """Counts the bytes of every uploaded file as they stream in and stops past the limit."""

    def __init__(self, limit: int, request=None):
        super().__init__(request)
        self.limit, self.seen = limit, 0

    def receive_data_chunk(self, raw_data, start):
        self.seen += len(raw_data)
        if self.seen > self.limit:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


LOOPBACK = ("127.", "::1")


class LoopbackDebugMiddleware:
    """Development settings only: DEBUG's tracebacks (settings, SQL, paths) are shown to a
    browser on this machine, never to another address; others get the ordinary error pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.META.get("REMOTE_ADDR", "").startswith(LOOPBACK):
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, (ApplicationError, PermissionDenied)):
            return None  # handled without tracebacks
        return server_error(request)
