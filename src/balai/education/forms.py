from django import forms
from django.utils.translation import gettext_lazy as _


class RollUploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas daftar murid (.xlsx atau .csv)"))
