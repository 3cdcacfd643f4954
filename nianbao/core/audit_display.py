"""The audit log in words: an action code such as `report.authoring_mode` becomes 「年报 · 修改编写方式」
and a stored before/after dict becomes lines of 「字段：旧值 → 新值」 with field names from the model.

Apps above core translate their own codes (indicator codes, framework parts) by registering a
labeller in their AppConfig.ready(), so core needs no import from them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

__all__ = [
    "AuditChange",
    "action_choices",
    "action_label",
    "audit_changes",
    "name_codes",
    "register_code_labeller",
]

_ENTITIES = {
    "report": "年报",
    "report_file": "年报文件",
    "organisation": "组织机构",
    "membership": "角色",
    "user": "用户",
    "cycle": "年度",
    "deadline": "截止日期",
    "section": "正文小节",
    "case": "案例",
    "figure": "图",
    "table": "表",
    "data": "数据",
    "declaration": "真实性声明",
    "explanation": "数据说明",
    "validation": "数据校验",
    "checker": "年报体检",
    "file": "文件",
}
_VERBS = {
    "create": "创建",
    "update": "修改",
    "save": "保存",
    "delete": "删除",
    "move": "调整位置",
    "close": "关闭",
    "open": "开启",
    "import": "导入",
    "grant": "授予",
    "revoke": "撤销",
    "submit": "提交",
    "withdraw": "撤回",
    "return": "退回修改",
    "reopen": "重新开放编辑",
    "approve": "审核通过",
    "publish": "公开发布",
    "snapshot": "保存提交版本",
    "export": "导出文档",
    "upload": "上传",
    "confirm": "确认导入",
    "decide": "审核",
    "add": "添加",
    "set": "设置",
    "run": "运行",
    "run_scope": "批量运行",
    "extend_deadline": "延期",
    "authoring_mode": "修改编写方式",
    "publication_url": "设置公开网址",
    "web": "网页填报",
    "excel": "Excel 导入",
    "api": "接口写入",
    "bulk": "批量导入",
    "evidence": "佐证材料",
    "handover": "交给负责人提交",
}
# Keys of audit payloads that are not model fields.
_KEYS = {"recipients": "接收人", "note": "留言", "reason": "原因", "count": "数量"}
_SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+")
_labellers: list[Callable[[str], str | None]] = []


def register_code_labeller(labeller: Callable[[str], str | None]) -> None:
    """`labeller(code)` returns the Chinese name of a code its app owns, or None."""
    if labeller not in _labellers:
        _labellers.append(labeller)


_CODE_TOKEN = re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?![\w/.-])")


def name_codes(text: str) -> str:
    """`text` with every code a registered labeller knows replaced by its Chinese name (for
    messages written by engines that only know codes)."""
    return _CODE_TOKEN.sub(lambda m: _code_label(m.group(0)) or m.group(0), text)


def action_choices() -> list[tuple[str, str]]:
    """(action prefix, label) for the log's filter."""
    return [(code, label) for code, label in _ENTITIES.items() if code != "report_file"]


def action_label(action: str) -> str:
    """「年报 · 提交」 for `report.submit`; words not known are left out rather than shown raw."""
    head, _, rest = action.partition(".")
    words = [_VERBS.get(w) for w in rest.split(".")] if rest else []
    words = [w for w in words if w]
    return " · ".join([_ENTITIES.get(head, "操作"), *words]) if words else _ENTITIES.get(head, "操作")


@dataclass(frozen=True)
class AuditChange:
    field: str
    before: str
    after: str


def _field(model, name: str):
    if model is None:
        return None
    for candidate in (name, name.removesuffix("_id")):
        try:
            return model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
    return None


def _code_label(code: str) -> str:
    for labeller in _labellers:
        label = labeller(code)
        if label:
            return label
    return ""


def _value(value, field=None) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "；".join(f"{_key(k)}：{_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(_value(v) for v in value)
    if field is not None and getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    text = str(value)
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d[^ ]*", text):
        try:
            return f"{timezone.localtime(dt.datetime.fromisoformat(text)):%Y-%m-%d %H:%M}"
        except ValueError:
            return text
    if re.fullmatch(r"[0-9a-f]{64}", text):
        return f"指纹 {text[:8]}…"
    if _SNAKE.fullmatch(text):
        return _code_label(text) or "（内部代码）"
    return text


def _key(name: str, model=None) -> str:
    field = _field(model, name)
    if field is not None and hasattr(field, "verbose_name"):
        return str(field.verbose_name)
    return _KEYS.get(name) or _code_label(name) or _ENTITIES.get(name) or "其他"


def audit_changes(event) -> list[AuditChange]:
    """One line per changed field of an audit event, in the user's words."""
    try:
        model = apps.get_model(event.object_type) if event.object_type else None
    except (LookupError, ValueError):
        model = None
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    if not before and not after and (event.before or event.after):
        return [AuditChange("内容", _value(event.before), _value(event.after))]
    changes = []
    for name in list(dict.fromkeys([*before, *after])):
        field = _field(model, name)
        if name.endswith("_id") and field is not None and field.is_relation:
            continue  # a bare id tells the reader nothing; the object column names the thing
        changes.append(
            AuditChange(
                _key(name, model),
                _value(before.get(name), field) if name in before else "",
                _value(after.get(name), field) if name in after else "",
            )
        )
    return changes
