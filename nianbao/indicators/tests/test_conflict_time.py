import datetime as dt

from nianbao.indicators.services import VersionConflict


def test_edit_conflict_message_shows_beijing_time():
    changed_at = dt.datetime(2025, 12, 20, 2, 5, tzinfo=dt.UTC)
    conflict = VersionConflict(
        table_name="人才培养质量计分卡",
        base_version=1,
        current=2,
        mine={},
        theirs={},
        changed_by="王晓燕",
        changed_at=changed_at,
    )
    assert "于 2025-12-20 10:05 修改" in conflict.message
