"""Rule kinds that can be declared by parameters instead of an expression: year-on-year change
(同比变化), unit or decimal-point slips (数量级错误) and peer outliers (同类异常值). Each expands to
an ordinary expression over `$` (the indicator it is applied to), so both back-ends and the
truth tables treat them like any other rule."""

from __future__ import annotations

PARAM_KINDS: dict[str, dict] = {
    "yoy_change": {
        "params": {"threshold": 50.0, "min_base": 0.0},
        "expr": "prev($) < {min_base} or abs($ - prev($)) <= {threshold} / 100 * prev($)",
        "message": "「{name($)}」本年为 {$}，上年为 {prev($)}，变化幅度 "
        "{($ - prev($)) / prev($) * 100|%|1}，超过 ±{threshold}% 的提醒阈值，请核实或说明原因。",
    },
    "magnitude_slip": {
        "params": {"against": "prev"},
        "expr": "decade_shift($, {against}($)) == 0",
        "message": "「{name($)}」填报值 {$} 约为{against_label} {{against}($)} 的"
        "{decade_shift($, {against}($))|倍数}，疑似单位或小数点错误（如元与万元混用），"
        "请核实后改正。",
    },
    "peer_outlier": {
        "params": {"threshold": 3.5, "min_peers": 10},
        "expr": "peer_n($) < {min_peers} or "
        "abs(0.6745 * ($ - peer_median($)) / peer_mad($)) <= {threshold}",
        # Plain words for a clerk: how many times the peer median, not the modified z-score.
        "message": "「{name($)}」为 {$}，约为同类学校中位数 {peer_median($)} 的 "
        "{$ / peer_median($)||} 倍，与同类学校差别很大，请核实是否填错单位、多填或漏填。",
    },
}
AGAINST_LABELS = {"prev": "上年值", "peer_median": "同类学校中位数"}


def expand_params(kind: str, given: dict) -> tuple[str, str, dict]:
    """(expr, default message, params) for a parameterised kind; `$` is still unbound."""
    spec = PARAM_KINDS[kind]
    params = dict(spec["params"])
    unknown = set(given) - set(params)
    if unknown:
        raise KeyError(sorted(unknown)[0])
    params.update(given)
    if kind == "magnitude_slip":
        if params["against"] not in AGAINST_LABELS:
            raise ValueError("against 只能是 prev 或 peer_median")
        params["against_label"] = AGAINST_LABELS[params["against"]]
    else:
        for k in spec["params"]:
            params[k] = float(params[k])
    shown = {k: _show(v) for k, v in params.items()}
    expr = spec["expr"].format(**shown)
    message = _format_braced(spec["message"], shown)
    return expr, message, params


def fill_params(message: str, params: dict) -> str:
    """Substitute `{{param}}`-free parameter names written as `{threshold}` in a custom message."""
    return _format_braced(message, {k: _show(v) for k, v in params.items()})


def _format_braced(text: str, params: dict) -> str:
    for k, v in params.items():
        text = text.replace("{" + k + "}", v)
    return text


def _show(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)
