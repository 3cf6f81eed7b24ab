"""The SPM Desa table (Permendagri 2/2017): the five minimum services as one indicator set.

Each service is declared by the module that owns its data:

1. ``spm.informasi`` (letters): catalogue standards the village has published
   / standards in its kabupaten's catalogue (cannot pass 100%).
2. ``spm.kependudukan`` (registry): KTP-el holders / residents required to
   hold one (17 or older, or married before).
3. ``spm.surat`` (letters): letters finished within the village's standard
   time / letters due in the period, finished or not (rejected and withdrawn
   requests do not count).
4. ``spm.penyederhanaan`` (letters): a proxy — online requests / all requests.
5. ``spm.pengaduan`` (complaints): complaints resolved by their deadline /
   complaints due in the period, resolved or not.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from balai.indicators.registry import IndicatorSet, register_set

SPM_DESA = register_set(
    IndicatorSet(
        code="spm_desa",
        name=_("SPM Desa (Permendagri 2/2017)"),
        codes=(
            "spm.informasi",
            "spm.kependudukan",
            "spm.surat",
            "spm.penyederhanaan",
            "spm.pengaduan",
        ),
    )
)
