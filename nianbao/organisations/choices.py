from django.db import models


class OrganisationKind(models.TextChoices):
    PROVINCE = "province", "省级教育行政部门"
    CITY = "city", "市级教育局"
    SCHOOL = "school", "学校"
    ENTERPRISE = "enterprise", "企业"


class SchoolLevel(models.TextChoices):
    HIGHER = "higher", "高职"
    BACHELOR = "bachelor", "职业本科"
    SECONDARY = "secondary", "中职"


class Ownership(models.TextChoices):
    PUBLIC = "public", "公办"
    PRIVATE = "private", "民办"
    ENTERPRISE = "enterprise", "企业(集团)举办"


class Affiliation(models.TextChoices):
    PROVINCIAL = "provincial", "省属"
    MUNICIPAL = "municipal", "市属"


class ExemptionReason(models.TextChoices):
    NO_GRADUATES = "no_graduates", "无毕业生"
    ATTACHED_CLASS = "attached_class", "附设中职班"
    NO_ENROLMENT_QUALIFICATION = "no_enrolment", "不具备中职学历教育招生资质"
    CLOSED = "closed", "停办"
    OTHER = "other", "其他"


# The order a parent may have a child of each kind.
ALLOWED_PARENT_KIND = {
    OrganisationKind.PROVINCE: None,
    OrganisationKind.CITY: OrganisationKind.PROVINCE,
    OrganisationKind.SCHOOL: OrganisationKind.CITY,
    OrganisationKind.ENTERPRISE: OrganisationKind.SCHOOL,
}
