from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.indicators.models import ChangeSource, DataValue, DataValueChange, Evidence
from nianbao.indicators.selectors import (
    previous_report_values,
    report_catalog,
    report_values,
    table_versions,
)
from nianbao.indicators.services import (
    DataEntryError,
    VersionConflict,
    data_values_save,
    evidence_add,
)
from nianbao.reports.choices import ReportStatus

pytestmark = pytest.mark.django_db


def save(world, values, *, actor=None, version=0, table="scorecard", **kw):
    return data_values_save(
        actor=actor or world.users["school_editor"],
        report=world.report,
        table_code=table,
        values=values,
        base_version=version,
        **kw,
    )


def test_save_stores_parsed_values_and_bumps_the_version(world):
    result = save(world, {"graduates": "1,200", "graduates_placed": "１０５０"})
    assert result.version == 1
    assert result.changed == ["graduates", "graduates_placed"]
    assert report_values(world.report) == {
        "graduates": Decimal("1200"),
        "graduates_placed": Decimal("1050"),
    }
    assert table_versions(world.report) == {"scorecard": 1}


def test_every_bad_cell_is_reported_at_once_and_nothing_is_saved(world):
    with pytest.raises(DataEntryError) as exc:
        save(
            world,
            {
                "graduates": "120人",
                "graduates_placed": "无",
                "in_province_placement_rate": "120",
                "monthly_income": "3500",
            },
        )
    assert set(exc.value.errors) == {"graduates", "graduates_placed", "in_province_placement_rate"}
    assert len(exc.value.reasons) == 3
    assert not DataValue.objects.exists()
    assert table_versions(world.report).get("scorecard", 0) == 0


def test_negative_count_is_refused(world):
    with pytest.raises(DataEntryError) as exc:
        save(world, {"graduates": "-5"})
    assert "graduates" in exc.value.errors


def test_code_from_another_table_is_refused(world, catalog):
    other = catalog.tables[2].indicators[0].code
    with pytest.raises(DataEntryError) as exc:
        save(world, {other: "1"})
    assert exc.value.errors[other] == "不是本表的指标"


def test_second_save_on_the_same_version_is_refused_with_both_versions(world):
    save(world, {"graduates": "1000"})  # first editor, based on version 0
    with pytest.raises(VersionConflict) as exc:
        save(world, {"graduates": "999"}, actor=world.users["school_head"], version=0)
    conflict = exc.value
    assert conflict.status == 409
    assert conflict.current_version == 1 and conflict.base_version == 0
    assert conflict.mine["graduates"] == "999"
    assert conflict.theirs["graduates"] == "1000"
    assert "未保存" in conflict.message
    assert report_values(world.report)["graduates"] == Decimal("1000")


def test_unchanged_input_changes_nothing_not_even_the_version(world):
    save(world, {"graduates": "1000", "monthly_income": "3429.07"})
    events = AuditEvent.objects.count()
    result = save(world, {"graduates": "1,000", "monthly_income": "3429.070"}, version=1)
    assert result.changed == [] and result.version == 1
    assert DataValueChange.objects.count() == 2
    assert AuditEvent.objects.count() == events


def test_every_change_is_kept_with_who_old_new_and_source(world):
    save(world, {"graduates": "1000"})
    save(world, {"graduates": "1010"}, version=1, actor=world.users["school_head"], source="excel")
    save(world, {"graduates": ""}, version=2)
    history = list(
        DataValueChange.objects.filter(code="graduates")
        .order_by("id")
        .values_list("old", "new", "source", "actor__username")
    )
    assert history == [
        (None, "1000", ChangeSource.WEB, "school_editor"),
        ("1000", "1010", ChangeSource.EXCEL, "school_head"),
        ("1010", None, ChangeSource.WEB, "school_editor"),
    ]
    assert report_values(world.report)["graduates"] is None


def test_notes_are_saved_and_their_changes_recorded(world):
    save(world, {"graduates": "1000"}, notes={"graduates": "含结业生"})
    assert DataValue.objects.get(code="graduates").note == "含结业生"
    assert DataValueChange.objects.filter(field="note", new="含结业生").exists()


def test_save_is_audited(world):
    save(world, {"graduates": "1000"})
    event = AuditEvent.objects.get(action="data.save.web")
    assert event.after == {"graduates": "1000"}
    assert event.organisation_id == world.school.pk


@pytest.mark.parametrize(
    "actor", ["city_admin", "province_admin", "reviewer", "other_school_editor"]
)
def test_only_the_schools_own_editors_may_write(world, actor):
    with pytest.raises(PermissionDenied):
        save(world, {"graduates": "1"}, actor=world.users[actor])


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
def test_a_report_outside_drafting_is_locked(world, status):
    world.report.status = status
    world.report.save()
    with pytest.raises(ApplicationError) as exc:
        save(world, {"graduates": "1"})
    assert "不可修改" in exc.value.message


def test_an_overdue_report_is_locked(world):
    world.report.extended_until = None
    world.report.save()
    world.cycle.deadlines.update(due_on="2000-01-05")
    with pytest.raises(ApplicationError) as exc:
        save(world, {"graduates": "1"})
    assert "截止" in exc.value.message


def test_choice_and_text_values_are_stored_as_text(world, catalog):
    spec = next(s for s in catalog.indicators.values() if s.value_type == "choice")
    data_values_save(
        actor=world.users["school_editor"],
        report=world.report,
        table_code=spec.table,
        values={spec.code: spec.choices[1]},
        base_version=0,
    )
    assert report_values(world.report)[spec.code] == spec.choices[1]
    with pytest.raises(DataEntryError):
        data_values_save(
            actor=world.users["school_editor"],
            report=world.report,
            table_code=spec.table,
            values={spec.code: "随便写的"},
            base_version=1,
        )


def test_previous_values_come_from_the_same_school_one_year_earlier(world):
    import datetime as dt

    from nianbao.cycles.services import cycle_open

    old_cycle = cycle_open(
        actor=None,
        year=2024,
        framework_edition="2025",
        indicator_edition="2023",
        deadlines={
            "school": dt.date(2025, 1, 5),
            "city": dt.date(2025, 1, 12),
            "enterprise": dt.date(2025, 1, 5),
        },
    )
    old_report = old_cycle.reports.get(organisation=world.school)
    DataValue.objects.create(report=old_report, code="graduates", number=Decimal("900"))
    assert previous_report_values(world.report) == {"graduates": Decimal("900")}
    assert previous_report_values(old_report) == {}


def test_report_catalog_follows_the_school_level(world):
    secondary = world.cycle.reports.get(organisation=world.secondary)
    assert report_catalog(world.report).level == "higher"
    assert report_catalog(secondary).level == "secondary"


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("证明.pdf", b"%PDF-1.7 ...", True),
        ("照片.png", b"\x89PNG\r\n\x1a\n....", True),
        ("伪装.pdf", b"MZ\x90\x00 executable", False),
        ("脚本.html", b"<script>", False),
        ("空.pdf", b"", False),
    ],
)
def test_evidence_is_accepted_by_content_not_name(world, name, content, accepted):
    kwargs = dict(actor=world.users["school_editor"], report=world.report, code="graduates")
    if accepted:
        evidence = evidence_add(name=name, content=content, **kwargs)
        assert evidence.size == len(content) and evidence.original_name == name
    else:
        with pytest.raises(ApplicationError):
            evidence_add(name=name, content=content, **kwargs)
        assert not Evidence.objects.exists()


def test_evidence_over_the_size_limit_is_refused(world, settings):
    from nianbao.indicators import services

    with pytest.raises(ApplicationError) as exc:
        evidence_add(
            actor=world.users["school_editor"],
            report=world.report,
            code="graduates",
            name="big.pdf",
            content=b"%PDF-" + b"0" * services.EVIDENCE_MAX_BYTES,
        )
    assert "过大" in exc.value.message
