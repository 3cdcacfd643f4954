from django import forms

from nianbao.rankings.choices import ObjectionDecision, VerificationOutcome


class VerificationForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    code = forms.CharField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="核实结论", choices=VerificationOutcome.choices)
    note = forms.CharField(label="核实说明", max_length=500)


class NoticeForm(forms.Form):
    starts_on = forms.DateField(label="公示开始", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="公示结束", widget=forms.DateInput(attrs={"type": "date"}))


class ObjectionForm(forms.Form):
    report = forms.TypedChoiceField(label="被异议学校", coerce=int)
    received_on = forms.DateField(label="收到日期", widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [(c["key"], c["name"]) for c in candidates]


class ObjectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="处理结论",
        choices=[(v, label) for v, label in ObjectionDecision.choices if v != "pending"],
    )
    note = forms.CharField(label="处理说明", max_length=500)


def first_error(form: forms.Form) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}：{errors[0]}" if label else errors[0]
    return "输入有误。"
