from nianbao.core.tests.permission_matrix import PROVINCE, no_kwargs

MATRIX = {
    "cycles:cycle-list": (no_kwargs, PROVINCE),
    "cycles:cycle-open": (no_kwargs, PROVINCE),
    "cycles:cycle-detail": (lambda w: {"pk": w.cycle.pk}, PROVINCE),
}
