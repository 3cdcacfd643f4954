"""Messages a clerk understands: statistics in plain words, no rule ids in what they read."""

from decimal import Decimal

from nianbao.validation.engine.peers import PeerStats
from nianbao.validation.engine.runner import validate

from .test_engine_fixtures import mini_ruleset


def test_peer_outlier_is_told_as_a_multiple_of_the_peer_median():
    catalog, ruleset = mini_ruleset()
    peers = PeerStats.from_mapping({"monthly_income": {"median": 3400, "mad": 300, "n": 40}})
    findings = validate(catalog, ruleset, {"monthly_income": Decimal(34000)}, peers=peers)
    outlier = next(f for f in findings if f.rule_id.startswith("T-OUT-001"))
    assert "约为同类学校中位数 3400" in outlier.message
    assert "的 10 倍" in outlier.message
    assert "Z 分数" not in outlier.message and "MAD" not in outlier.message
