"""Our own SPC icons: MDC colours, and a letter and a label so they read without colour."""

from __future__ import annotations

import numpy as np
import pytest

from icsplan.report.icons import assurance_icon, variation_icon


@pytest.mark.unit
def test_icons_carry_their_meaning_in_text():
    up = variation_icon("special_cause_improvement", "increase")
    assert "#00b0f0" in up and ">H<" in up and 'aria-label="Special cause: improvement' in up
    down_good = variation_icon("special_cause_improvement", "decrease")
    assert ">L<" in down_good
    concern = variation_icon("special_cause_concern", "increase")
    assert "#e46c0a" in concern and ">L<" in concern
    assert "Common cause" in variation_icon("common_cause")
    assert ">F<" in assurance_icon("consistent_fail") and "#e46c0a" in assurance_icon(
        "consistent_fail")
    assert ">P<" in assurance_icon("consistent_pass")
    assert ">?<" in assurance_icon("inconsistent")
    assert "No target" in assurance_icon(None) and "No target" in assurance_icon(np.nan)
