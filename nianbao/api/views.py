"""Versioned REST API (v1): read and write a report's data tables as JSON."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from nianbao.api import serializers as s
from nianbao.indicators.formatting import value_text
from nianbao.indicators.models import ChangeSource
from nianbao.indicators.permissions import can_edit_data
from nianbao.indicators.selectors import (
    evidence_for,
    report_catalog,
    report_for_data,
    report_notes,
    report_values,
    table_versions,
)
from nianbao.indicators.services import (
    DataEntryError,
    VersionConflict,
    data_values_save,
    evidence_add,
)


def _wants_json(request) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return "json" in accept or "HTTP_AUTHORIZATION" in request.META


class BrowserLoginMixin:
    """An anonymous browser opening an API address is sent to the login page; API clients
    (Accept: application/json or an Authorization header) get 401/403 as usual."""

    def handle_exception(self, exc):
        if isinstance(exc, (NotAuthenticated, AuthenticationFailed)) and not _wants_json(
            self.request
        ):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


def _json_values(values: dict) -> dict:
    return {code: (value_text(v) if v is not None else None) for code, v in values.items()}


class ReportTablesView(BrowserLoginMixin, APIView):
    @extend_schema(
        summary="列出年报的数据表（附表1–6）及其指标、版本和填报进度",
        description="指标按附表顺序给出：单位、值类型、上级指标（其中项）和层级、可选项、指标内涵。",
        responses={200: s.ReportTablesSerializer, 404: s.ErrorSerializer},
        tags=["数据表"],
    )
    def get(self, request, pk: int):
        report = report_for_data(request.user, pk)
        catalog = report_catalog(report)
        values = report_values(report)
        versions = table_versions(report)
        tables = []
        for table in catalog.tables:
            tables.append(
                {
                    "code": table.code,
                    "number": table.number,
                    "name": table.name,
                    "version": versions.get(table.code, 0),
                    "filled": sum(1 for i in table.indicators if values.get(i.code) is not None),
                    "total": len(table.indicators),
                    "indicators": [
                        {
                            "code": i.code,
                            "seq": None if i.seq is None else str(i.seq),
                            "name": i.name,
                            "unit": i.unit,
                            "value_type": i.value_type,
                            "parent": i.parent,
                            "depth": i.depth,
                            "choices": list(i.choices),
                            "definition": i.definition or "",
                        }
                        for i in table.indicators
                    ],
                }
            )
        return Response(
            {
                "report": report.pk,
                "year": report.cycle.year,
                "edition": catalog.edition,
                "level": catalog.level,
                "editable": can_edit_data(request.user, report),
                "tables": tables,
            }
        )


class ReportValuesView(BrowserLoginMixin, APIView):
    @extend_schema(
        summary="读取年报全部数据值",
        description="数值以精确的十进制字符串给出，未填为 null；同时给出各表版本和备注。",
        responses={200: s.ReportValuesSerializer, 404: s.ErrorSerializer},
        tags=["数据表"],
    )
    def get(self, request, pk: int):
        report = report_for_data(request.user, pk)
        return Response(
            {
                "report": report.pk,
                "year": report.cycle.year,
                "versions": table_versions(report),
                "values": _json_values(report_values(report)),
                "notes": report_notes(report),
            }
        )


class TableValuesView(BrowserLoginMixin, APIView):
    def _table(self, report, table_code):
        from django.http import Http404

        try:
            return report_catalog(report).table(table_code)
        except KeyError:
            raise Http404("数据表不存在。") from None

    @extend_schema(
        summary="读取一张数据表的值和版本",
        description="写入时须带上此处的 version。",
        responses={200: s.TableValuesSerializer, 404: s.ErrorSerializer},
        tags=["数据表"],
    )
    def get(self, request, pk: int, table_code: str):
        report = report_for_data(request.user, pk)
        table = self._table(report, table_code)
        codes = {i.code for i in table.indicators}
        values = report_values(report)
        notes = report_notes(report)
        return Response(
            {
                "report": report.pk,
                "table": table.code,
                "version": table_versions(report).get(table.code, 0),
                "values": _json_values({c: values.get(c) for c in codes if c in values}),
                "notes": {c: n for c, n in notes.items() if c in codes},
            }
        )

    @extend_schema(
        summary="写入一张数据表的值（草稿）",
        description=(
            "只修改请求中给出的指标；`version` 必须是读取时的版本，否则返回 409 并给出双方的值。"
            "所有不合格的值一次性以 400 返回（errors：指标代码 → 原因），此时不保存任何值。"
        ),
        request=s.TableValuesWriteSerializer,
        responses={
            200: s.SaveResultSerializer,
            400: OpenApiResponse(s.ValueErrorsSerializer, description="不合格的值"),
            403: s.ErrorSerializer,
            404: s.ErrorSerializer,
            409: OpenApiResponse(s.ConflictSerializer, description="版本冲突或年报已锁定"),
        },
        tags=["数据表"],
    )
    def put(self, request, pk: int, table_code: str):
        report = report_for_data(request.user, pk)
        table = self._table(report, table_code)
        body = s.TableValuesWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            result = data_values_save(
                actor=request.user,
                report=report,
                table_code=table.code,
                values=body.validated_data["values"],
                notes=body.validated_data.get("notes") or {},
                base_version=body.validated_data["version"],
                source=ChangeSource.API,
            )
        except VersionConflict as exc:
            return Response(
                {
                    "detail": exc.message,
                    "current_version": exc.current_version,
                    "yours": exc.mine,
                    "current": exc.theirs,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except DataEntryError as exc:
            return Response(
                {"detail": exc.message, "errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response({"version": result.version, "changed": result.changed})


class SchemaView(BrowserLoginMixin, SpectacularAPIView):
    """The OpenAPI schema, for signed-in users and API clients."""

    permission_classes = [IsAuthenticated]


@csrf_exempt  # it changes nothing; a POST to a wrong address should read 404, not 403
def not_found(request):
    """A JSON 404 for an address no API operation has (e.g. a non-numeric report id)."""
    return JsonResponse({"detail": "接口地址不存在。 / No such API address."}, status=404)


@login_required
def api_docs(request):
    """A plain, CDN-free overview of the OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return render(
        request,
        "api/docs.html",
        {"operations": operations, "info": schema.get("info", {})},
    )


class EvidenceView(BrowserLoginMixin, APIView):
    """佐证材料 of one indicator value: list and upload (multipart, field `file`)."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="列出某项指标的佐证材料",
        responses={200: s.EvidenceSerializer(many=True), 404: s.ErrorSerializer},
        tags=["数据表"],
    )
    def get(self, request, pk: int, code: str):
        report = report_for_data(request.user, pk)
        return Response([_evidence_json(e) for e in evidence_for(report, code)])

    @extend_schema(
        summary="上传某项指标的佐证材料",
        description="按文件内容识别格式（PDF、PNG、JPG、DOCX、XLSX），单个文件不超过 20 MB。",
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.EvidenceSerializer, 400: s.ErrorSerializer, 403: s.ErrorSerializer},
        tags=["数据表"],
    )
    def post(self, request, pk: int, code: str):
        report = report_for_data(request.user, pk)
        upload = request.FILES.get("file")
        if upload is None:
            return Response(
                {"detail": "请用 multipart/form-data 的 file 字段上传文件。"}, status=400
            )
        evidence = evidence_add(
            actor=request.user, report=report, code=code, name=upload.name, content=upload.read()
        )
        return Response(_evidence_json(evidence), status=status.HTTP_201_CREATED)


def _evidence_json(evidence) -> dict:
    return {
        "id": evidence.pk,
        "code": evidence.code,
        "name": evidence.original_name,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "uploaded_at": evidence.created_at,
    }
