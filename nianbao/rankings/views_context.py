"""Rows for the rankings templates, built from a stored result (no queries)."""

from __future__ import annotations

from nianbao.rankings.models import Ranking

TREATMENT_LABELS = {"none": "未处理", "winsorise": "缩尾处理", "log": "对数变换"}


def ranked_rows(ranking: Ranking) -> list[dict]:
    count = ranking.result.get("candidates", 0)
    ranked = [s for s in ranking.result.get("schools", ()) if not s["excluded"]]
    boundary = ranked[count - 1]["rank"] if 0 < count <= len(ranked) else None
    return [
        {
            **s,
            "candidate": boundary is None or s["rank"] <= boundary,
            "p_percent": s["p_places"] * 100,
        }
        for s in ranked
    ]


def indicator_rows(ranking: Ranking, row: dict | None = None) -> list[dict]:
    """Per indicator: name, dimension, scaling, evidence rule, weight, treatment; with `row`,
    also that school's cell (raw, removed, treated, normalised, share, contribution)."""
    r = ranking.result
    cells = {c["code"]: c for c in (row or {}).get("cells", ())}
    out = []
    for ind in r.get("indicators", ()):
        code = ind["code"]
        treatment = ind["treatment"]
        item = {
            "code": code,
            "name": r["names"].get(code, code),
            "dimension": r["dimensions"].get(code, ""),
            "scaling": r["scalings"].get(code, ""),
            "evidence": code in r.get("evidence", ()),
            "weight_percent": ind["weight"] * 100,
            "treatment": TREATMENT_LABELS[treatment["method"]],
            "winsorised": treatment["winsorised"],
            "skew": treatment["skew"],
            "kurt": treatment["kurt"],
        }
        if code in cells:
            cell = cells[code]
            item.update(cell)
            item["share_percent"] = cell["weight"] * 100
        out.append(item)
    return out


def anomaly_rows(ranking: Ranking, verifications) -> list[dict]:
    done = {(v.report_id, v.code): v for v in verifications}
    names = ranking.result.get("names", {})
    return [
        {
            **a,
            "indicator": names.get(a["code"], a["code"]),
            "verification": done.get((a["key"], a["code"])),
        }
        for a in ranking.anomalies
    ]
