"""Hypothesis strategies shared by the fuzz tests: values a careless or hostile user might
type into a scenario cell."""

from __future__ import annotations

from hypothesis import strategies as st

bad_values = st.one_of(
    st.sampled_from(["", "-1", "nan", "inf", "-inf", "1e308", "abc", "2020/22", "3.3%",
                     "£100", "1,000", "null", "TRUE", "atlantis", "🙂", " ", "0", "101",
                     "-50.5", "1e-12"]),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-10**12, max_value=10**12).map(str))
