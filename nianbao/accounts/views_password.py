"""忘记密码: a signed, expiring, single-use link by e-mail (Django's token generator). The
login lock-out after repeated failures is unaffected: a reset does not unlock an account."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit


def _timeout_hours() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


# At most 5 reset e-mails a minute from one address, so the form cannot flood a mailbox.
@method_decorator(ratelimit(key="ip", rate="5/m", method="POST", block=True), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def get_context_data(self, **kwargs):
        return super().get_context_data(timeout_hours=_timeout_hours(), **kwargs)

    def form_valid(self, form):
        self.extra_email_context = {"timeout_hours": _timeout_hours()}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
