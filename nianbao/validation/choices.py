from django.db import models


class ExplanationDecision(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "未采纳"


SEVERITY_LABELS = {"error": "错误", "warning": "预警", "info": "提示"}
# What kind of check found the problem, in the clerk's words (rule ids stay internal).
KIND_LABELS = {
    "type_range": "取值范围",
    "hierarchy": "其中项不超过总数",
    "exhaustive_sum": "分项之和等于总数",
    "ratio_recompute": "比值核算",
    "cross_table": "跨表一致",
    "plausibility": "合理性",
    "yoy_change": "与上年相比",
    "magnitude_slip": "疑似单位或小数点错误",
    "peer_outlier": "与同类学校相比",
    "custom": "其他核对",
}
