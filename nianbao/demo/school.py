"""One demo school's data (演示数据): a `Profile` drawn once per school (its shares, rates and
rare items), then `build_values` turns it into internally consistent values for one cycle.

Consistency is by construction: 其中 rows are shares of their parent, exhaustive children are
completed by remainder, respondents are capped by the population surveyed, and 生师比 is
computed from the two counts. Rare items (资源库, 国际合作, 专利 …) are drawn once and kept in
both cycles, so year-on-year changes of small counts stay at zero.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from nianbao.demo.targets import (
    ACTIVE,
    ON_PLATFORM,
    PER_SCHOOL,
    RARE,
    RATES,
    SATISFACTION,
    SHARES,
    TEXTBOOK_SHARES,
)

__all__ = ["Profile", "build_values", "draw_profile"]

_LEVELS = ("national", "provincial", "school")
_BANDWIDTH = {
    "higher": ((300, 500, 1000, 1500), (1000, 10000, 20000, 40000, 80000)),
    "secondary": ((100, 200, 300, 500, 1000, 1500), (1000, 2000, 3000)),
}
# Percent rates that improve a little from one cycle to the next.
_PERCENT_RATES = (
    "in_province_placement_rate",
    "self_employment_rate",
    "three_year_promotion_rate",
    "dual_qualified_teacher_rate",
    "senior_title_teacher_rate",
    "physical_test_pass_rate",
)
_AMOUNT_RATES = ("monthly_income", "funding_per_student", "equipment_value_per_student")


@dataclass
class Profile:
    """What stays the same for a school across cycles (its character, not its size)."""

    level: str
    size: float
    jitter: dict[str, float] = field(default_factory=dict)
    share: dict[str, float] = field(default_factory=dict)
    rate: dict[str, float] = field(default_factory=dict)
    previous_rate: dict[str, float] = field(default_factory=dict)
    rare: dict[str, int] = field(default_factory=dict)
    method: dict[str, str] = field(default_factory=dict)


def _count(x: float) -> int:
    return max(0, math.floor(x + 0.5))


def _clip(x: float, low: float, high: float) -> float:
    return min(high, max(low, x))


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return _count(rng.gauss(lam, math.sqrt(lam)))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(1 for _ in range(n) if rng.random() < p)


def _lognormal(rng: random.Random, sigma: float) -> float:
    """Multiplicative noise with mean 1."""
    return math.exp(rng.gauss(-sigma * sigma / 2, sigma))


def draw_profile(level: str, size: float, rng: random.Random) -> Profile:
    per, rare_rates = PER_SCHOOL[level], RARE[level]
    p = Profile(level=level, size=size)
    for name in per:
        p.jitter[name] = _lognormal(
            rng, 0.25 if name.endswith(("income", "funding", "value")) else 0.12
        )
    for name, (mean, spread) in SHARES[level].items():
        p.share[name] = _clip(rng.uniform(mean - spread, mean + spread), 0.0, 0.98)
    p.share["avg_students_of_students"] = rng.uniform(0.05, 0.35)
    p.share["graduate_respondents_overlap"] = rng.uniform(0.7, 0.9)
    for name, (mean, spread) in RATES[level].items():
        p.rate[name] = max(0.01, rng.gauss(mean, spread / 2))
    for name in _PERCENT_RATES:
        p.rate[name] = _clip(p.rate[name], 0.1, 99.5)
        p.previous_rate[name] = _clip(p.rate[name] - rng.gauss(0.3, 0.8), 0.1, 99.5)
    for name in _AMOUNT_RATES:
        p.previous_rate[name] = p.rate[name] * rng.uniform(0.94, 1.0)
    offset = rng.gauss(0, 2.0)
    for name, mean in SATISFACTION[level].items():
        p.rate[name] = _clip(mean + offset + rng.gauss(0, 1.0), 60.0, 99.8)
        p.previous_rate[name] = _clip(p.rate[name] - rng.uniform(0, 1.0), 60.0, 99.8)
    _draw_rare(p, rng, per, rare_rates)
    _draw_methods(p, rng)
    return p


def _draw_rare(p: Profile, rng: random.Random, per: dict, rare_rates: dict) -> None:
    level, size, rare = p.level, p.size, p.rare
    for family in ("resource_libraries", "online_quality_courses", "virtual_simulation_bases"):
        for lv in _LEVELS:
            code = f"{family}_{lv}"
            rare[code] = _poisson(rng, rare_rates[code] * size)
            share = ON_PLATFORM[level].get(code)
            if share is not None:
                rare[f"{code}_on_platform"] = _binomial(rng, rare[code], share)
    rare["specialty_groups"] = _poisson(rng, per["specialty_groups"] * size)
    rare["specialties"] = max(
        1, 2 * rare["specialty_groups"], _count(per["specialties"] * size * p.jitter["specialties"])
    )
    textbooks = _poisson(rng, per["textbooks"] * size)
    rare["textbooks"] = textbooks
    for code, share in zip(
        ("national_planned_textbooks", "school_enterprise_textbooks", "new_form_textbooks"),
        TEXTBOOK_SHARES[level],
        strict=True,
    ):
        rare[code] = _binomial(rng, textbooks, share)
    rare["textbooks_on_platform"] = _binomial(rng, textbooks, ON_PLATFORM[level]["textbooks"])
    rare["ip_projects"] = _poisson(rng, per["ip_projects"] * size)
    rare["industry_education_centres"] = _poisson(rng, per["industry_education_centres"] * size)
    # 国际影响
    active = rng.random() < rare_rates["international_students_active"] * size
    rare["international_student_specialties"] = rng.randint(1, 2) if active else 0
    rare["international_students"] = rng.randint(5, 40) if active else 0
    for code in (
        "visiting_foreign_teachers",
        "specialty_standards_adopted_abroad",
        "course_standards_adopted_abroad",
        "other_standards_adopted_abroad",
        "resources_adopted_abroad",
        "equipment_adopted_abroad",
        "teacher_days_abroad",
        "teachers_in_international_organisations",
        "international_skills_awards",
    ):
        rare[code] = _poisson(rng, rare_rates[code] * size)
    joint = min(rare["specialties"], _poisson(rng, rare_rates["joint_programmes"] * size))
    rare["joint_programmes"] = joint
    per_programme = p.rate["students_per_joint_programme"]
    rare["joint_programme_students"] = sum(
        max(1, _count(rng.uniform(0.5, 1.5) * per_programme)) for _ in range(joint)
    )
    bandwidth, backbone = _BANDWIDTH[level]
    pick = min(len(bandwidth) - 1, int(rng.random() * len(bandwidth) * min(1.0, 0.5 + size / 2)))
    rare["internet_bandwidth"] = bandwidth[pick]
    fitting = [b for b in backbone if b >= bandwidth[pick]]
    rare["campus_backbone_bandwidth"] = fitting[
        min(len(fitting) - 1, int(rng.random() * len(fitting)))
    ]
    for name, chance in ACTIVE[level].items():
        rare[f"{name}_active"] = int(rng.random() < min(1.0, chance * max(size, 0.3)))


def _draw_methods(p: Profile, rng: random.Random) -> None:
    def pick(usual: str) -> str:
        roll = rng.random()
        if roll < 0.8:
            return usual
        return "现场问卷调查" if roll < 0.93 else "网络问卷调查"

    student = pick("网络问卷调查")
    for code in SATISFACTION[p.level]:
        p.method[code] = pick("问卷调查")
    for code in (
        "student_satisfaction",
        "classroom_satisfaction",
        "extracurricular_satisfaction",
        "ideological_course_satisfaction",
        "general_course_satisfaction",
        "specialty_course_satisfaction",
    ):
        p.method[code] = student
    p.method["graduate_satisfaction"] = p.method["recent_graduate_satisfaction"]


def build_values(p: Profile, scale: float, *, previous: bool) -> dict[str, int | float | str]:
    """Raw values of one cycle: ints for counts, floats for the rest, str for 调查方式."""
    v: dict[str, int | float | str] = dict(p.rare)
    for name in list(v):
        if name.endswith("_active") or name == "other_standards_adopted_abroad":
            del v[name]
    rate = {**p.rate, **(p.previous_rate if previous else {})}
    _scorecard(p, v, rate, scale)
    _resources(p, v, rate, scale)
    _international(p, v)
    _service(p, v, scale)
    _policy(p, v, rate, scale)
    _satisfaction(p, v, rate)
    return v


def _scaled(p: Profile, name: str, scale: float) -> float:
    return PER_SCHOOL[p.level][name] * scale * p.jitter[name]


def _scorecard(p: Profile, v: dict, rate: dict, scale: float) -> None:
    sh = p.share
    graduates = max(10, _count(_scaled(p, "graduates", scale)))
    placed = _count(graduates * sh["placed_of_graduates"])
    further = _count(placed * sh["further_of_placed"])
    employed = placed - further
    sector = _count(employed * sh["sector_of_employed"])
    primary = _count(sector * sh["primary_of_sector"])
    secondary = min(sector - primary, _count(sector * sh["secondary_of_sector"]))
    v.update(
        graduates=graduates,
        graduates_placed=placed,
        graduates_further_study=further,
        graduates_to_bachelor=_count(further * sh["bachelor_of_further"]),
        graduates_employed=employed,
        employed_by_sector=sector,
        employed_primary_sector=primary,
        employed_secondary_sector=secondary,
        employed_tertiary_sector=sector - primary - secondary,
        in_province_placement_rate=rate["in_province_placement_rate"],
        monthly_income=rate["monthly_income"],
        self_employment_rate=rate["self_employment_rate"],
        three_year_promotion_rate=rate["three_year_promotion_rate"],
    )
    for key, code in (
        ("local_of_employed", "employed_locally"),
        ("west_northeast_of_employed", "employed_west_northeast"),
        ("grassroots_of_employed", "employed_grassroots"),
        ("large_enterprises_of_employed", "employed_large_enterprises"),
    ):
        v[code] = _count(employed * sh[key])


def _resources(p: Profile, v: dict, rate: dict, scale: float) -> None:
    sh = p.share
    students = max(50, _count(_scaled(p, "full_time_students", scale)))
    teachers = max(5, _count(_scaled(p, "full_time_teachers", scale)))
    planned = max(10, _count(_scaled(p, "planned_courses", scale)))
    hours = _count(planned * p.rate["hours_per_planned_course"])
    # Hours follow the unrounded course counts so that small counts do not jump year to year.
    cert_exact = planned * sh["cert_courses_of_planned"]
    online_exact = planned * sh["online_courses_of_planned"]
    cert, online = _count(cert_exact), _count(online_exact)
    quality = sum(v[f"online_quality_courses_{lv}"] for lv in _LEVELS)
    v.update(
        full_time_students=students,
        full_time_teachers=teachers,
        student_teacher_ratio=students / teachers,
        dual_qualified_teacher_rate=rate["dual_qualified_teacher_rate"],
        senior_title_teacher_rate=rate["senior_title_teacher_rate"],
        planned_courses=planned,
        planned_course_hours=hours,
        certificate_integrated_courses=cert,
        certificate_integrated_course_hours=(
            min(hours, _count(cert_exact * p.rate["hours_per_cert_course"])) if cert else 0
        ),
        online_teaching_courses=online,
        online_teaching_course_hours=(
            min(hours, _count(online_exact * p.rate["hours_per_online_course"])) if online else 0
        ),
        online_quality_courses=quality,
        online_quality_course_hours=_count(quality * p.rate["hours_per_quality_course"]),
        online_quality_course_avg_students=(
            _count(students * sh["avg_students_of_students"]) if quality else 0
        ),
        teaching_resource_libraries=sum(v[f"resource_libraries_{lv}"] for lv in _LEVELS),
        virtual_simulation_bases=sum(v[f"virtual_simulation_bases_{lv}"] for lv in _LEVELS),
        practice_stations_per_student=rate["practice_stations_per_student"],
        equipment_value_per_student=rate["equipment_value_per_student"],
    )


def _international(p: Profile, v: dict) -> None:
    r = p.rare
    v.update(
        standards_adopted_abroad=r["specialty_standards_adopted_abroad"]
        + r["course_standards_adopted_abroad"]
        + r["other_standards_adopted_abroad"],
        schools_abroad=0,
        schools_abroad_specialties=0,
        schools_abroad_students=0,
    )


def _amount(p: Profile, name: str, scale: float) -> float:
    """An amount only some schools have; scaled up by 1/chance so province totals stay calibrated."""
    if not p.rare[f"{name}_active"]:
        return 0.0
    chance = min(1.0, ACTIVE[p.level][name] * max(p.size, 0.3))
    return PER_SCHOOL[p.level][name] * scale / chance * p.jitter[name]


def _service(p: Profile, v: dict, scale: float) -> None:
    sh = p.share
    horizontal = _amount(p, "horizontal_service_income", scale)
    ip = v["ip_projects"]
    granted = _count(ip * sh["granted_of_ip"])
    transferred = _count(ip * sh["transferred_of_ip"])
    projects_exact = _scaled(p, "non_degree_training_projects", scale)
    projects = _count(projects_exact)
    training_hours = projects_exact * p.rate["hours_per_training_project"] if projects else 0.0
    per_project = (
        PER_SCHOOL[p.level]["non_degree_training_income"]
        / PER_SCHOOL[p.level]["non_degree_training_projects"]
    )
    v.update(
        horizontal_service_income=horizontal,
        horizontal_service_benefit=horizontal * p.rate["benefit_per_service_income"],
        vertical_research_funding=_amount(p, "vertical_research_funding", scale),
        technology_transaction_income=_amount(p, "technology_transaction_income", scale),
        patents_granted=granted,
        invention_patents_granted=_count(granted * sh["invention_of_granted"]),
        patents_transferred=transferred,
        patent_commercialisation_income=(
            _amount(p, "patent_commercialisation_income", scale) if transferred else 0.0
        ),
        non_degree_training_projects=projects,
        non_degree_training_hours=training_hours,
        public_welfare_training_hours=training_hours * sh["public_of_training_hours"],
        non_degree_training_income=(
            projects_exact * per_project * p.jitter["non_degree_training_income"]
            if projects
            else 0.0
        ),
    )


def _policy(p: Profile, v: dict, rate: dict, scale: float) -> None:
    sh = p.share
    students, teachers = v["full_time_students"], v["full_time_teachers"]
    staff = max(teachers, _count(teachers / sh["teachers_of_staff"]))
    mentors_exact = _scaled(p, "industry_mentors", scale)
    mentors = _count(mentors_exact)
    if not mentors:
        mentors_exact = 0.0
    internship = _amount(p, "internship_funding", scale)
    v.update(
        funding_per_student=rate["funding_per_student"],
        special_funding=_scaled(p, "special_funding", scale),
        authorised_staff=_count(_scaled(p, "authorised_staff", scale)),
        staff_total=staff,
        ideological_teachers=_count(teachers * sh["ideological_of_teachers"]),
        pe_teachers=_count(teachers * sh["pe_of_teachers"]),
        arts_teachers=_count(teachers * sh["arts_of_teachers"]),
        counsellors=_count(staff * sh["counsellors_of_staff"]),
        class_advisers=_count(staff * sh["class_advisers_of_staff"]),
        physical_test_participants=_count(students * sh["tested_of_students"]),
        physical_test_pass_rate=rate["physical_test_pass_rate"],
        skill_certificate_holders=_count(students * sh["certified_of_students"]),
        enterprise_equipment_value=_amount(p, "enterprise_equipment_value", scale),
        industry_mentors=mentors,
        master_craftsmen_mentors=_count(mentors * sh["craftsmen_of_mentors"]),
        mentor_teaching_hours=mentors_exact * p.rate["hours_per_mentor"],
        mentor_fees=mentors_exact * p.rate["fee_per_mentor"],
        internship_funding=internship,
        internship_insurance_funding=internship * sh["insurance_of_internship"],
    )


def _respondents(population: int, share: float) -> int:
    return min(population, max(1, _count(population * share)))


def _satisfaction(p: Profile, v: dict, rate: dict) -> None:
    sh = p.share
    students, graduates = v["full_time_students"], v["graduates"]
    student_children = (
        "classroom_satisfaction",
        "extracurricular_satisfaction",
        "ideological_course_satisfaction",
        "general_course_satisfaction",
        "specialty_course_satisfaction",
    )
    student_respondents = _respondents(students, sh["student_respondents"])
    recent = _respondents(graduates, sh["recent_respondents"])
    alumni = _respondents(graduates, sh["alumni_respondents"])
    respondents = {
        code: student_respondents for code in (*student_children, "student_satisfaction")
    }
    respondents.update(
        recent_graduate_satisfaction=recent,
        alumni_satisfaction=alumni,
        graduate_satisfaction=_respondents(
            graduates, (recent + alumni) / graduates * sh["graduate_respondents_overlap"]
        ),
        staff_satisfaction=_respondents(v["staff_total"], sh["staff_respondents"]),
        employer_satisfaction=_respondents(v["graduates_employed"], sh["employer_respondents"]),
        parent_satisfaction=_respondents(students, sh["parent_respondents"]),
    )
    # Parents are stated to two decimals as the mean of their (rounded) children, so they
    # always lie between the smallest and the largest child.
    for code in SATISFACTION[p.level]:
        v[code] = round(rate[code], 2)
    v["student_satisfaction"] = sum(v[c] for c in student_children) / len(student_children)
    v["graduate_satisfaction"] = (
        v["recent_graduate_satisfaction"] * recent + v["alumni_satisfaction"] * alumni
    ) / (recent + alumni)
    for code, count in respondents.items():
        v[f"{code}_respondents"] = count
        v[f"{code}_method"] = p.method[code]
