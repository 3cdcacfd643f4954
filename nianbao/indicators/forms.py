from django import forms


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(label="填好的数据表工作簿（.xlsx）")


class EvidenceForm(forms.Form):
    file = forms.FileField(label="佐证材料（PDF、PNG、JPG、DOCX、XLSX，不超过 20 MB）")


class BulkImportForm(forms.Form):
    file = forms.FileField(
        label="压缩包（.zip，内含各校工作簿）或长表 CSV（学校代码,指标代码,填报值[,备注]）"
    )
