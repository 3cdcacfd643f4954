from django import forms

from nianbao.organisations.choices import OrganisationKind
from nianbao.organisations.models import Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "code",
            "name",
            "short_name",
            "level",
            "ownership",
            "affiliation",
            "website",
            "must_file_report",
            "exemption_reason",
            "exemption_note",
            "opened_on",
        ]
        widgets = {"opened_on": forms.DateInput(attrs={"type": "date"})}


class OrganisationCreateForm(OrganisationForm):
    kind = forms.ChoiceField(label="类型", choices=OrganisationKind.choices)
    parent = forms.ModelChoiceField(
        label="上级机构",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="- 无（省级机构）-",
        widget=forms.Select(attrs={"data-search": "输入上级机构名称筛选"}),
    )

    class Meta(OrganisationForm.Meta):
        fields = ["kind", "parent", *OrganisationForm.Meta.fields]

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            parents if parents is not None else Organisation.objects.none()
        )


class OrganisationMoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(
        label="新的上级机构",
        queryset=Organisation.objects.none(),
        empty_label="- 请选择新的上级机构 -",
        widget=forms.Select(attrs={"data-search": "输入机构名称筛选"}),
    )

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = (
            parents if parents is not None else Organisation.objects.none()
        )


class OrganisationCloseForm(forms.Form):
    closed_on = forms.DateField(
        label="撤销/停办日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="说明", max_length=200, required=False)


class OrganisationImportForm(forms.Form):
    file = forms.FileField(label="机构名单文件（.xlsx 或 .csv）")
