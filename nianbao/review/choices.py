from django.db import models


class AssignmentRole(models.TextChoices):
    PRIMARY = "primary", "主审"
    SECOND = "second", "复核"


class ReviewOutcome(models.TextChoices):
    OPEN = "open", "审核中"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"


class AnchorKind(models.TextChoices):
    GENERAL = "general", "总体意见"
    SECTION = "section", "正文"
    CASE = "case", "案例"
    TABLE = "table", "表"
    FINDING = "finding", "校验/体检问题"


class UrlCheckStatus(models.TextChoices):
    PENDING = "pending", "检测中"
    REACHABLE = "reachable", "可访问"
    UNREACHABLE = "unreachable", "无法访问"
    DIFFERS = "differs", "内容与提交文件不一致"
