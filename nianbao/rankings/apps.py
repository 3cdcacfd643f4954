from django.apps import AppConfig


class RankingsConfig(AppConfig):
    name = "nianbao.rankings"
    label = "rankings"
    default_auto_field = "django.db.models.BigAutoField"
