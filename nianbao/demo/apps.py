from django.apps import AppConfig


class DemoConfig(AppConfig):
    """示范省演示数据: the fictional demo province. Sits above every other app; nothing imports it."""

    name = "nianbao.demo"
    label = "demo"
    default_auto_field = "django.db.models.BigAutoField"
