"""OpenAPI post-processing: every operation documents the errors any call can meet (401 not
signed in or bad token, 403 not allowed or outside the token's scope, 404 for addressed
resources, a page number past the end), so clients and the schema test see the whole contract."""

ERROR_REF = {"$ref": "#/components/schemas/Error"}
COMMON = {
    "400": "请求参数不正确 / Invalid request",
    "401": "未登录或令牌无效 / Not authenticated or invalid token",
    "403": "无权执行或超出令牌权限范围 / Not permitted or outside the token's scope",
}
NOT_FOUND = "不存在或无权查看 / Not found or not visible to you"


def document_common_errors(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", schemas.get("Error") or _error_schema())
    for path, methods in result.get("paths", {}).items():
        for op in methods.values():
            responses = op.setdefault("responses", {})
            wanted = dict(COMMON)
            paged = any(p.get("name") == "page" for p in op.get("parameters", []))
            if "{" in path or paged:
                wanted["404"] = NOT_FOUND if not paged else "页码超出范围 / No such page"
            for status, text in wanted.items():
                responses.setdefault(
                    status,
                    {"description": text, "content": {"application/json": {"schema": ERROR_REF}}},
                )
    return result


def _error_schema() -> dict:
    return {
        "type": "object",
        "properties": {
            "detail": {"type": "string"},
            "reasons": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["detail"],
    }
