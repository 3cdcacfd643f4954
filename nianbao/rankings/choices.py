from django.db import models


class RankingStatus(models.TextChoices):
    VERIFYING = "verifying", "核实中"
    NOTICE = "notice", "公示中"
    CONFIRMED = "confirmed", "已确定"


# from-status -> {to-status: service}. Each transition is one service in services.py.
RANKING_TRANSITIONS: dict[str, dict[str, str]] = {
    RankingStatus.VERIFYING: {RankingStatus.NOTICE: "ranking_notice_start"},
    RankingStatus.NOTICE: {
        RankingStatus.CONFIRMED: "ranking_confirm",
        RankingStatus.VERIFYING: "ranking_notice_withdraw",
    },
    RankingStatus.CONFIRMED: {},
}


class VerificationOutcome(models.TextChoices):
    CONFIRMED = "confirmed", "核实无误"
    UNTRUE = "untrue", "不实"


class ObjectionDecision(models.TextChoices):
    PENDING = "pending", "待处理"
    UPHELD = "upheld", "异议成立（取消候选资格）"
    DISMISSED = "dismissed", "异议不成立"
