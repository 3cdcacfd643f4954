"""批量创建用户 from an Excel sheet: a dry run lists every bad row (row number, column, reason)
and nothing is written unless the whole sheet is valid. A role left blank defaults to the least
privileged role for the organisation's kind. New users get a random password nobody knows and
are e-mailed a set-password link (the 忘记密码 link), so no password travels in a sheet."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field

from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator
from django.db import transaction
from openpyxl import load_workbook

from nianbao.accounts.models import User
from nianbao.accounts.services import user_create
from nianbao.core.exceptions import ApplicationError
from nianbao.core.files import inspect_xlsx
from nianbao.core.permissions import Action, user_can
from nianbao.core.roles import ROLE_ORGANISATION_KIND, Role
from nianbao.core.staged_imports import RowError
from nianbao.organisations.models import Organisation

__all__ = [
    "IMPORT_COLUMNS",
    "LEAST_PRIVILEGE",
    "UserImportResult",
    "parse_users",
    "require_users_file",
    "users_import",
]

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024

# (header, key, required)
IMPORT_COLUMNS = [
    ("用户名", "username", True),
    ("姓名", "full_name", True),
    ("电子邮箱", "email", True),
    ("机构代码", "organisation_code", True),
    ("角色", "role", False),
]

# The least privileged role that can be granted on each organisation kind.
LEAST_PRIVILEGE = {
    "province": Role.REVIEWER,
    "city": Role.REVIEWER,
    "school": Role.SCHOOL_EDITOR,
    "enterprise": Role.ENTERPRISE_EDITOR,
}

_USERNAME = RegexValidator(r"^[A-Za-z0-9_.-]{3,40}$")
_EMAIL = EmailValidator()


@dataclass
class UserImportResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def require_users_file(content: bytes, filename: str = "") -> None:
    """What the request may check before the worker parses: size and a sane .xlsx archive
    (zip directory only). ApplicationError with a Chinese message otherwise."""
    inspect_xlsx(content, what="用户名单", max_bytes=MAX_BYTES, max_uncompressed=8 * MAX_BYTES)


def _read_rows(content: bytes) -> list[list[str]]:
    require_users_file(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ApplicationError("无法读取该 Excel 文件，请确认文件未损坏。") from None
    rows = []
    for i, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True)):
        if i > MAX_ROWS:
            raise ApplicationError(f"行数超过上限 {MAX_ROWS}。")
        rows.append(["" if v is None else str(v).strip() for v in row])
    workbook.close()
    return rows


def _role(raw: str) -> str | None:
    for value, label in Role.choices:
        if raw in (value, label):
            return value
    return None


def parse_users(actor, content: bytes) -> UserImportResult:
    table = _read_rows(content)
    result = UserImportResult()
    if not table:
        result.errors.append(RowError(1, "表头", "文件为空。"))
        return result
    index = {h.strip(): i for i, h in enumerate(table[0])}
    for header, _key, required in IMPORT_COLUMNS:
        if required and header not in index:
            result.errors.append(RowError(1, header, "缺少必填列。"))
    if result.errors:
        return result
    codes = {r[index["机构代码"]] for r in table[1:] if len(r) > index["机构代码"]}
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    names = {r[index["用户名"]] for r in table[1:] if len(r) > index["用户名"]}
    taken = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    seen: dict[str, int] = {}
    for number, raw in enumerate(table[1:], start=2):
        if not any(raw):
            continue
        cells = {key: (raw[index[h]] if h in index and index[h] < len(raw) else "")
                 for h, key, _r in IMPORT_COLUMNS}  # fmt: skip
        errors = _check_row(actor, number, cells, orgs, taken, seen)
        result.errors.extend(errors)
        result.rows.append({**cells, "row_number": number})
    return result


def _check_row(actor, number, cells, orgs, taken, seen) -> list[RowError]:
    errors = []

    def bad(column, message):
        errors.append(RowError(number, column, message))

    for header, key, required in IMPORT_COLUMNS:
        if required and not cells[key]:
            bad(header, "必填。")
    username = cells["username"]
    if username:
        try:
            _USERNAME(username)
        except ValidationError:
            bad("用户名", "只能包含字母、数字、下划线、点和短横线（3–40 位）。")
        if username in taken:
            bad("用户名", f"“{username}”已被使用。")
        if username in seen:
            bad("用户名", f"与第 {seen[username]} 行重复。")
        seen[username] = number
    if cells["email"]:
        try:
            _EMAIL(cells["email"])
        except ValidationError:
            bad("电子邮箱", "格式不正确。")
    named_role = _role(cells["role"]) if cells["role"] else None
    if cells["role"] and named_role is None:
        bad("角色", f"无法识别的角色“{cells['role']}”。可填：{'、'.join(Role.labels)}。")
    org = orgs.get(cells["organisation_code"])
    if cells["organisation_code"] and org is None:
        bad("机构代码", f"机构“{cells['organisation_code']}”不存在。")
    elif org is not None:
        if not user_can(actor, Action.MANAGE_USERS, org):
            bad("机构代码", f"您无权为“{org.name}”创建用户。")
        role = named_role or (None if cells["role"] else LEAST_PRIVILEGE[org.kind])
        if role is not None:
            kinds = ROLE_ORGANISATION_KIND[Role(role)]
            kinds = (kinds,) if isinstance(kinds, str) else kinds
            if org.kind not in kinds:
                bad("角色", f"“{Role(role).label}”不能授予{org.get_kind_display()}。")
            cells["role"], cells["role_label"] = role, Role(role).label
        cells["organisation"] = org
    return errors


def users_import(
    *, actor, content: bytes, dry_run: bool, domain: str = "", use_https: bool = False
) -> UserImportResult:
    """Dry run: check only. Otherwise create every user in one transaction (all or nothing)
    and e-mail each a set-password link on `domain` (the site the admin used) once committed."""
    result = parse_users(actor, content)
    if dry_run or not result.ok:
        return result
    with transaction.atomic():
        for row in result.rows:
            user = user_create(
                actor=actor,
                username=row["username"],
                full_name=row["full_name"],
                email=row["email"],
                password=secrets.token_urlsafe(24),
                organisation=row["organisation"],
                role=row["role"],
            )
            result.created += 1
            transaction.on_commit(
                lambda email=user.email: _send_set_password(email, domain, use_https)
            )
    result.applied = True
    return result


def _send_set_password(email: str, domain: str, use_https: bool) -> None:
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            extra_email_context={"timeout_hours": 24},
        )
