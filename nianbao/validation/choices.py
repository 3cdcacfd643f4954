from django.db import models


class ExplanationDecision(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "未采纳"


SEVERITY_LABELS = {"error": "错误", "warning": "预警", "info": "提示"}
