"""Personal API tokens (`Authorization: Bearer nb_…`) and the scope check that applies to token
and session requests alike: the user's own permissions decide what is visible or writable;
a token can only narrow that further (read scope: reading; write scope: writing data)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated

from nianbao.accounts.models import ApiToken, TokenScope
from nianbao.accounts.tokens import api_token_resolve

__all__ = ["ApiTokenAuthentication", "ScopedAccess"]


class ApiTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("令牌格式不正确：应为 “Authorization: Bearer 令牌”。")
        token = api_token_resolve(parts[1].decode("ascii", errors="replace"))
        if token is None:
            raise AuthenticationFailed("令牌无效、已过期或已撤销。")
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="nianbao"'


class ScopedAccess(IsAuthenticated):
    """Signed-in users pass; a token passes only with the scope the method needs."""

    message = "令牌的权限范围不允许此操作。"

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if isinstance(request.auth, ApiToken):
            needed = TokenScope.READ if request.method in SAFE_METHODS else TokenScope.WRITE
            return needed in request.auth.scopes
        return True


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "nianbao.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "个人 API 令牌（在“API 令牌”页面创建）。 / Personal API token, created on the "
                "API token page; scopes `read` and `write`."
            ),
        }
