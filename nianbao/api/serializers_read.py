"""Response and filter shapes of the read API (organisations, cycles, reports, findings,
review results). Views build plain dicts; these classes document them in the OpenAPI schema."""

from rest_framework import serializers

from nianbao.cycles.models import CycleStatus, ReportKind
from nianbao.organisations.choices import OrganisationKind, SchoolLevel
from nianbao.reports.choices import ReportStatus


def _choices(choices) -> str:
    return "；".join(f"`{v}` {label}" for v, label in choices)


class OrganisationSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="机构代码（稳定标识）/ stable organisation code")
    name = serializers.CharField(help_text="全称 / full name")
    short_name = serializers.CharField(allow_blank=True, help_text="简称 / short name")
    kind = serializers.ChoiceField(
        OrganisationKind.choices, help_text=f"类型 / kind: {_choices(OrganisationKind.choices)}"
    )
    level = serializers.CharField(
        allow_blank=True,
        help_text=f"办学层次（仅学校）/ school level: {_choices(SchoolLevel.choices)}",
    )
    parent = serializers.CharField(allow_null=True, help_text="上级机构代码 / parent's code")
    city = serializers.CharField(
        allow_null=True, help_text="所在地市的机构代码 / code of the city it belongs to"
    )
    website = serializers.CharField(allow_blank=True, help_text="官方网站 / website")
    must_file_report = serializers.BooleanField(help_text="须编制年报 / must file a report")


class OrganisationFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        OrganisationKind.choices, required=False, help_text="按类型筛选 / filter by kind"
    )
    level = serializers.ChoiceField(
        SchoolLevel.choices, required=False, help_text="按办学层次筛选 / filter by level"
    )
    city = serializers.CharField(
        required=False, max_length=32, help_text="地市机构代码 / city code"
    )


class DeadlineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(ReportKind.choices, help_text="年报类型 / report kind")
    due_on = serializers.DateField(help_text="截止日期 / last day to submit")


class CycleSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="年度（稳定标识）/ cycle year, its stable code")
    name = serializers.CharField(help_text="名称 / name, e.g. 2025年度")
    status = serializers.ChoiceField(
        CycleStatus.choices, help_text=f"状态 / status: {_choices(CycleStatus.choices)}"
    )
    data_period_start = serializers.DateField(help_text="数据统计起 / data period start")
    data_period_end = serializers.DateField(help_text="数据统计止 / data period end")
    framework_edition = serializers.CharField(help_text="报告框架版本 / framework edition")
    indicator_edition = serializers.CharField(help_text="指标体系版本 / indicator edition")
    deadlines = DeadlineSerializer(many=True, help_text="各类年报截止日期 / deadlines")


class OrganisationRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="机构代码 / code")
    name = serializers.CharField(help_text="全称 / name")
    level = serializers.CharField(allow_blank=True, help_text="办学层次 / level")


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="年报编号（用于其他接口）/ report id for other calls")
    cycle = serializers.IntegerField(help_text="年度 / cycle year")
    kind = serializers.ChoiceField(
        ReportKind.choices, help_text=f"年报类型 / kind: {_choices(ReportKind.choices)}"
    )
    title = serializers.CharField(help_text="标题 / title")
    organisation = OrganisationRefSerializer(help_text="编制单位 / organisation")
    city = serializers.CharField(allow_null=True, help_text="所在地市代码 / city code")
    compiling_school = serializers.CharField(
        allow_null=True, help_text="企业年报的编制学校代码 / compiling school (enterprise reports)"
    )
    status = serializers.ChoiceField(
        ReportStatus.choices, help_text=f"状态 / status: {_choices(ReportStatus.choices)}"
    )
    submitted_at = serializers.DateTimeField(allow_null=True, help_text="提交时间 / submitted at")
    due_on = serializers.DateField(
        allow_null=True, help_text="截止日期（含延期）/ deadline incl. extension"
    )
    publication_url = serializers.CharField(
        allow_blank=True, help_text="年报发布网址 / publication URL"
    )
    grade = serializers.CharField(
        allow_null=True, help_text="审核等级 A/B/C，未评定为 null / review grade or null"
    )


class ReportFilterSerializer(serializers.Serializer):
    cycle = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="年度 / cycle year"
    )
    city = serializers.CharField(
        required=False, max_length=32, help_text="地市机构代码 / city code"
    )
    level = serializers.ChoiceField(
        SchoolLevel.choices, required=False, help_text="学校办学层次 / school level"
    )
    status = serializers.ChoiceField(
        ReportStatus.choices, required=False, help_text="状态 / status"
    )
    kind = serializers.ChoiceField(
        ReportKind.choices, required=False, help_text="年报类型 / report kind"
    )
    organisation = serializers.CharField(
        required=False, max_length=32, help_text="编制单位机构代码 / organisation code"
    )


class ValidationFindingSerializer(serializers.Serializer):
    rule_id = serializers.CharField(help_text="规则编号（稳定）/ stable rule id")
    kind = serializers.CharField(help_text="规则类别 / rule kind")
    severity = serializers.CharField(help_text="error 错误；warning 预警；info 提示")
    message = serializers.CharField(help_text="说明 / message (Chinese)")
    indicators = serializers.ListField(
        child=serializers.CharField(), help_text="涉及的指标代码 / indicator codes"
    )
    numbers = serializers.DictField(
        child=serializers.CharField(), help_text="消息中的数值 / numbers in the message"
    )


class ValidationFindingsSerializer(serializers.Serializer):
    report = serializers.IntegerField(help_text="年报编号 / report id")
    validated_at = serializers.DateTimeField(
        allow_null=True, help_text="最近校验时间 / last validated"
    )
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="按严重程度计数 / counts by severity"
    )
    findings = ValidationFindingSerializer(many=True, help_text="校验结果 / findings")


class CheckerLocationSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="位置说明 / where, in words")
    block = serializers.IntegerField(allow_null=True, required=False)
    path = serializers.ListField(child=serializers.CharField(), required=False)
    paragraph = serializers.IntegerField(allow_null=True, required=False)
    table = serializers.IntegerField(allow_null=True, required=False)
    table_caption = serializers.CharField(allow_null=True, required=False)
    row = serializers.IntegerField(allow_null=True, required=False)
    col = serializers.IntegerField(allow_null=True, required=False)


class CheckerFindingSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="规则代码（稳定）/ stable rule code")
    severity = serializers.CharField(help_text="严重程度 / severity")
    message = serializers.CharField(help_text="说明 / message")
    location = CheckerLocationSerializer(help_text="位置 / location")
    excerpt = serializers.CharField(allow_blank=True, help_text="原文摘录 / excerpt")
    values = serializers.ListField(child=serializers.CharField(), help_text="涉及数值 / values")


class CheckerFindingsSerializer(serializers.Serializer):
    report = serializers.IntegerField(help_text="年报编号 / report id")
    checked_at = serializers.DateTimeField(allow_null=True, help_text="体检时间 / checked at")
    findings = CheckerFindingSerializer(many=True, help_text="年报体检结果 / checker findings")


class ReviewResultSerializer(serializers.Serializer):
    report = serializers.IntegerField(help_text="年报编号 / report id")
    status = serializers.ChoiceField(ReportStatus.choices, help_text="状态 / status")
    return_reason = serializers.CharField(
        allow_blank=True, help_text="退回原因 / reason of the last return"
    )
    grade = serializers.CharField(allow_null=True, help_text="等级 A/B/C 或 null / grade")
    reviews = serializers.ListField(
        child=serializers.DictField(),
        help_text="合规性审核记录 / closed compliance reviews",
    )
