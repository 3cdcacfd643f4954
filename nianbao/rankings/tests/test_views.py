import datetime as dt
import io

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from nianbao.core.roles import Role
from nianbao.core.tests.exports import download_export
from nianbao.cycles.services import cycle_open
from nianbao.rankings.computing import rankings_compute
from nianbao.rankings.exports import escape_text
from nianbao.rankings.models import Objection, Ranking
from nianbao.rankings.services import ranking_notice_start
from nianbao.rankings.tests.conftest import EDITION
from nianbao.testing import make_user


def computed(world) -> Ranking:
    rankings_compute(actor=world.users["province_admin"], cycle=world.cycle, edition=EDITION)
    return Ranking.objects.get(cycle=world.cycle, code="outcomes")


def in_notice(world) -> Ranking:
    ranking = computed(world)
    for a in ranking.anomalies:  # nothing planted, but keep the guard satisfied if any
        raise AssertionError(f"unexpected anomaly {a}")
    return ranking_notice_start(
        actor=world.users["province_admin"],
        ranking=ranking,
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 7),
    )


def test_objection_decision_is_for_province_admins_only(ranked, login):
    ranking = in_notice(ranked)
    objection = Objection.objects.create(
        ranking=ranking, report=ranked.report, received_on=dt.date(2026, 3, 2), text="数据存疑"
    )
    url = reverse("rankings:objection-decide", args=[objection.pk])
    data = {"decision": "dismissed", "note": "经核实无误"}
    for actor in ("reviewer", "school_editor", "city_admin"):
        assert login(ranked.users[actor]).post(url, data).status_code == 403
    assert login(ranked.users["province_admin"]).post(url, data).status_code == 302
    objection.refresh_from_db()
    assert objection.decision == "dismissed"


def test_candidate_list_shows_score_interval_and_probability(ranked, login):
    ranking = computed(ranked)
    page = login(ranked.users["reviewer"]).get(reverse("rankings:detail", args=[ranking.pk]))
    html = page.content.decode()
    top = ranking.result["schools"][0]
    assert page.status_code == 200
    assert top["name"] == "示范职业技术学院6"  # the strongest school of the fixture
    assert f"{top['rank_p5']}–{top['rank_p95']}" in html
    assert "进入前10名的概率" in html
    # the school without 佐证材料 shows why its value was removed on its own page
    weak = ranked.ranked_reports[2]
    own = login(ranked.users["province_admin"]).get(
        reverse("rankings:school", args=[ranking.pk, weak.pk])
    )
    assert "已剔除：要求提供佐证材料，未提供" in own.content.decode()


def test_a_school_sees_its_own_page_and_not_another_schools(ranked, login):
    ranking = computed(ranked)
    client = login(ranked.users["school_editor"])
    own = client.get(reverse("rankings:school", args=[ranking.pk, ranked.report.pk]))
    other = client.get(reverse("rankings:school", args=[ranking.pk, ranked.other_report.pk]))
    assert own.status_code == 200 and "综合得分" in own.content.decode()
    assert other.status_code == 403
    index = client.get(reverse("rankings:index")).content.decode()  # the cycle with lists
    assert reverse("rankings:school", args=[ranking.pk, ranked.report.pk]) in index
    assert f'href="{reverse("rankings:detail", args=[ranking.pk])}"' not in index


def test_verification_through_the_worklist_is_recorded_and_recomputes(
    ranked, login, django_capture_on_commit_callbacks
):
    ranking = computed(ranked)
    client = login(ranked.users["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("rankings:verify", args=[ranking.pk]),
            {
                "report": ranked.report.pk,
                "code": "monthly_income",
                "outcome": "untrue",
                "note": "与状态数据平台不符",
            },
        )
    assert response.status_code == 302
    ranking.refresh_from_db()
    row = next(s for s in ranking.result["schools"] if s["key"] == ranked.report.pk)
    cell = next(c for c in row["cells"] if c["code"] == "monthly_income")
    assert cell["removed"] == "经核实不实：与状态数据平台不符"
    record = client.get(reverse("rankings:verifications", args=[ranking.pk])).content.decode()
    assert "与状态数据平台不符" in record and "不实" in record


def test_verification_without_a_note_is_refused_with_a_message(ranked, login):
    ranking = computed(ranked)
    client = login(ranked.users["reviewer"])
    response = client.post(
        reverse("rankings:verify", args=[ranking.pk]),
        {"report": ranked.report.pk, "code": "monthly_income", "outcome": "untrue", "note": " "},
        follow=True,
    )
    assert "核实说明" in response.content.decode()


def test_excel_export_writes_text_cells_as_text(ranked, login):
    ranked.report.organisation.name = '=HYPERLINK("http://x")职业学院'
    ranked.report.organisation.save()
    ranking = in_notice(ranked)
    response = download_export(
        login(ranked.users["province_admin"]), reverse("rankings:export-xlsx", args=[ranking.pk])
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    names = [ws.cell(r, 2) for r in range(3, ws.max_row + 1)]
    assert len(names) == len(ranking.candidates)
    evil = next(c for c in names if "HYPERLINK" in c.value)
    assert evil.data_type == "s" and evil.value.startswith("'=")
    assert ws["A1"].value.endswith("候选名单（公示）")


def test_escape_text_covers_every_formula_start():
    for start in "=+-@":
        assert escape_text(f"{start}1") == f"'{start}1"
    assert escape_text("青川职业技术学院") == "青川职业技术学院"


def test_word_export_has_the_list_and_an_east_asian_font(ranked, login):
    ranking = in_notice(ranked)
    response = download_export(
        login(ranked.users["reviewer"]), reverse("rankings:export-docx", args=[ranking.pk])
    )
    doc = Document(io.BytesIO(response.content))
    table = doc.tables[0]
    assert len(table.rows) == 1 + len(ranking.candidates)
    assert table.rows[1].cells[1].text == ranking.candidates[0]["name"]
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert "公示期：2026年3月1日至2026年3月7日" in "\n".join(p.text for p in doc.paragraphs)


def test_a_city_reviewer_is_not_on_the_committee(ranked, login, django_assert_max_num_queries):
    ranking = computed(ranked)
    city_reviewer = make_user("city_reviewer", Role.REVIEWER, ranked.city)
    assert (
        login(city_reviewer).get(reverse("rankings:detail", args=[ranking.pk])).status_code == 403
    )
    client = login(ranked.users["reviewer"])
    with django_assert_max_num_queries(12):  # constant in the number of schools
        assert client.get(reverse("rankings:detail", args=[ranking.pk])).status_code == 200


def test_the_index_opens_on_the_latest_cycle_with_lists(ranked, login):
    computed(ranked)
    later = cycle_open(
        actor=None,
        year=2026,
        framework_edition="2025",
        indicator_edition="2023",
        deadlines={
            "school": dt.date(2027, 1, 5),
            "city": dt.date(2027, 1, 12),
            "enterprise": dt.date(2027, 1, 5),
        },
    )
    client = login(ranked.users["province_admin"])
    assert client.get(reverse("rankings:index")).context["cycle"] == ranked.cycle
    chosen = client.get(reverse("rankings:index"), {"cycle": later.pk})
    assert chosen.context["cycle"] == later
    assert "本年度尚未计算榜单" in chosen.content.decode()
