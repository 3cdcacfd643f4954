from django.db import models


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", "省级管理员"
    CITY_ADMIN = "city_admin", "市级管理员"
    SCHOOL_EDITOR = "school_editor", "学校填报员"
    SCHOOL_HEAD = "school_head", "学校负责人"
    ENTERPRISE_EDITOR = "enterprise_editor", "企业联系人"
    REVIEWER = "reviewer", "评审专家"


# Which organisation kind a role may be granted on.
ROLE_ORGANISATION_KIND = {
    Role.PROVINCE_ADMIN: "province",
    Role.CITY_ADMIN: "city",
    Role.SCHOOL_EDITOR: "school",
    Role.SCHOOL_HEAD: "school",
    Role.ENTERPRISE_EDITOR: "enterprise",
    Role.REVIEWER: ("province", "city"),
}
