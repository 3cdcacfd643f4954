"""Request and response shapes of the data-table API (they also drive the OpenAPI schema)."""

from rest_framework import serializers


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    seq = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    value_type = serializers.CharField(
        help_text="count, amount, percent, ratio, decimal, text, choice"
    )
    parent = serializers.CharField(allow_null=True)
    depth = serializers.IntegerField()
    choices = serializers.ListField(child=serializers.CharField())
    definition = serializers.CharField(allow_blank=True)


class TableSerializer(serializers.Serializer):
    code = serializers.CharField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField(
        help_text="Send it back when writing (optimistic concurrency)."
    )
    filled = serializers.IntegerField()
    total = serializers.IntegerField()
    indicators = IndicatorSerializer(many=True)


class ReportTablesSerializer(serializers.Serializer):
    report = serializers.IntegerField()
    year = serializers.IntegerField()
    edition = serializers.CharField()
    level = serializers.CharField()
    editable = serializers.BooleanField()
    tables = TableSerializer(many=True)


class ValuesField(serializers.DictField):
    """code -> value: numbers as decimal strings (exact), text as text, blank as null."""

    child = serializers.CharField(allow_null=True, allow_blank=True)


class ReportValuesSerializer(serializers.Serializer):
    report = serializers.IntegerField()
    year = serializers.IntegerField()
    versions = serializers.DictField(child=serializers.IntegerField())
    values = ValuesField()
    notes = serializers.DictField(child=serializers.CharField())


class TableValuesSerializer(serializers.Serializer):
    report = serializers.IntegerField()
    table = serializers.CharField()
    version = serializers.IntegerField()
    values = ValuesField()
    notes = serializers.DictField(child=serializers.CharField())


class TableValuesWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, help_text="The table version the values are based on."
    )
    values = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text='code -> value (number or string; null or "" clears). Codes not sent stay.',
    )
    notes = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


class SaveResultSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    changed = serializers.ListField(child=serializers.CharField())


class ValueErrorsSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.CharField(), help_text="code -> message")


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()
    yours = serializers.DictField(child=serializers.CharField(allow_blank=True))
    current = serializers.DictField(child=serializers.CharField(allow_blank=True))


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField(), required=False)


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="佐证材料：PDF、PNG、JPG、DOCX 或 XLSX，≤ 20 MB")
