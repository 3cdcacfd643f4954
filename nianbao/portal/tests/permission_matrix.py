from nianbao.core.tests.permission_matrix import ALL_USERS, no_kwargs

MATRIX = {"portal:home": (no_kwargs, ALL_USERS)}
