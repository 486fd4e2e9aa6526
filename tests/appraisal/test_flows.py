"""Activity flows conserve activity and follow the services each option offers."""

from __future__ import annotations

import pandas as pd
import pytest

from icsplan.appraisal.appraise import scenario_activity
from icsplan.appraisal.errors import AppraisalError
from icsplan.appraisal.flows import flows_table, option_flows
from icsplan.appraisal.options import Option, option_set
from icsplan.appraisal.reference import road_minutes_for
from icsplan.appraisal.travel import travel_times

pytestmark = pytest.mark.functional


@pytest.fixture(scope="module")
def setup(mse):
    opts = option_set(mse)
    return opts, travel_times(opts.areas, opts.sites, opts.parameters,
                              road_minutes_for(mse)).minutes


@pytest.mark.parametrize("share", [0.0, 0.2, 1.0])
def test_flows_conserve_activity(mse, setup, share):
    opts, minutes = setup
    activity = scenario_activity(mse)
    flows = flows_table(activity, minutes, opts.areas, opts.options, share)
    moved = activity[activity["pod"] != "outpatient"].set_index(["locality", "pod"])["activity"]
    for option in flows["option"].unique():
        got = flows[flows["option"] == option].groupby(["locality", "pod"])["activity"].sum()
        pd.testing.assert_series_equal(got.sort_index(), moved.sort_index(), check_names=False)


def test_a_local_emergency_centre_takes_no_emergency_admissions(mse, setup):
    opts, minutes = setup
    flows = option_flows(scenario_activity(mse), minutes, opts.areas, opts.get("2A"), 0.2)
    southend = flows[(flows["site"] == "southend")]
    assert southend[southend["pod"] == "non_elective"]["activity"].sum() == 0
    assert southend[southend["pod"] == "ae"]["activity"].sum() > 0


def test_an_option_with_no_site_for_a_pod_is_a_clear_error(mse, setup):
    opts, minutes = setup
    bare = Option("X", "no elective centre", False,
                  {"specialist_emergency": ("basildon",)})
    with pytest.raises(AppraisalError) as err:
        option_flows(scenario_activity(mse), minutes, opts.areas, bare)
    assert "option 'X' has no site for pod 'elective'" in str(err.value)


def test_transfers_count_emergency_admissions_at_sites_without_the_specialist_hospital(mse):
    from icsplan.appraisal.beds import beds_by_site
    from icsplan.appraisal.flows import site_activity

    opts = option_set(mse)
    minutes = travel_times(opts.areas, opts.sites, opts.parameters, road_minutes_for(mse)).minutes
    flows = flows_table(scenario_activity(mse), minutes, opts.areas, opts.options)
    beds = beds_by_site(site_activity(flows, opts.current), mse.table("length_of_stay"),
                        opts.current, 0.1, opts.options).set_index(["option", "site"])
    assert beds.loc[("1A", "basildon"), "transfers_out"] == 0  # the specialist site
    assert beds.loc[("1A", "southend"), "transfers_out"] == pytest.approx(
        0.1 * beds.loc[("1A", "southend"), "non_elective"])
    assert (beds.loc["today", "transfers_out"] == 0).all()
