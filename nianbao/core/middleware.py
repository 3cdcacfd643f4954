"""Turns an ApplicationError escaping a view into a readable Chinese error page (status 400)."""

from django.shortcuts import render

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
