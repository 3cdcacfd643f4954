import datetime as dt

from django import forms

from nianbao.cycles.frameworks import available_editions
from nianbao.paths import CATALOG_DIR


def _indicator_editions() -> list[tuple[str, str]]:

    editions = sorted({p.name for p in (CATALOG_DIR / "indicators").iterdir() if p.is_dir()}) or [
        "2023"
    ]
    return [(e, f"{e}版指标体系") for e in editions]


class CycleOpenForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    framework_edition = forms.ChoiceField(label="报告框架")
    indicator_edition = forms.ChoiceField(label="数据表指标体系")
    data_period_start = forms.DateField(
        label="数据统计起",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="默认为上一年9月1日",
    )
    data_period_end = forms.DateField(
        label="数据统计止",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="默认为当年8月31日",
    )
    school_deadline = forms.DateField(
        label="学校年报截止", widget=forms.DateInput(attrs={"type": "date"})
    )
    city_deadline = forms.DateField(
        label="中职地市级年报截止", widget=forms.DateInput(attrs={"type": "date"})
    )
    enterprise_deadline = forms.DateField(
        label="企业年报截止", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework_edition"].choices = [
            (e, f"{e}版") for e in reversed(available_editions())
        ]
        self.fields["indicator_edition"].choices = list(reversed(_indicator_editions()))
        year = dt.date.today().year
        self.initial.setdefault("year", year)
        self.initial.setdefault("school_deadline", dt.date(year + 1, 1, 5))
        self.initial.setdefault("city_deadline", dt.date(year + 1, 1, 12))
        self.initial.setdefault("enterprise_deadline", dt.date(year + 1, 1, 5))

    def clean(self):
        data = super().clean()
        start, end = data.get("data_period_start"), data.get("data_period_end")
        if bool(start) != bool(end):
            raise forms.ValidationError("数据统计起止日期须同时填写，或都留空使用默认值。")
        return data
