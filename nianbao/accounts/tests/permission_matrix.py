from nianbao.core.tests.permission_matrix import ALL_USERS, ANONYMOUS, no_kwargs

MATRIX = {"accounts:login": (no_kwargs, ALL_USERS | {ANONYMOUS})}
