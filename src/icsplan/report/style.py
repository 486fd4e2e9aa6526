"""The house look, defined once: NHS identity colours, Making Data Count colours, fonts,
planner labels for codes, and the chart defaults every chart and page uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import plotly.graph_objects as go

# NHS identity colours
NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_GREY = "#425563"
NHS_PALE_GREY = "#E8EDEE"
NHS_GREEN = "#009639"
NHS_WARM_YELLOW = "#FFB81C"
NHS_RED = "#DA291C"
TEXT = "#212b32"
BACKGROUND = "#f0f4f5"
BORDER = "#d8dde0"
STATUS_DIFFERS = "#8a1538"
STATUS_INCONSISTENT = "#7a4b00"

FONT = "Arial, Helvetica, sans-serif"

# Making Data Count (NHS England) SPC colours, as NHSRplotthedots uses them.
MDC_COMMON_CAUSE = "#a6a6a6"
MDC_IMPROVEMENT = "#00b0f0"
MDC_CONCERN = "#e46c0a"
MDC_NEUTRAL = "#490092"
MDC_TARGET = "#de1b1b"
MDC_MEAN = "#000000"
MDC_COLOURS = {
    "common_cause": MDC_COMMON_CAUSE, "special_cause_improvement": MDC_IMPROVEMENT,
    "special_cause_concern": MDC_CONCERN, "special_cause_neutral_high": MDC_NEUTRAL,
    "special_cause_neutral_low": MDC_NEUTRAL,
    "consistent_pass": MDC_IMPROVEMENT, "consistent_fail": MDC_CONCERN,
    "inconsistent": MDC_COMMON_CAUSE,
}
# Marker shapes: colour is never the only signal of a point's variation.
MDC_MARKERS = {
    "common_cause": "circle", "special_cause_improvement": "diamond",
    "special_cause_concern": "square", "special_cause_neutral_high": "triangle-up",
    "special_cause_neutral_low": "triangle-down",
}

POD_LABELS = {"ae": "A&E attendances", "elective": "Elective admissions",
              "daycase": "Daycases", "non_elective": "Non-elective admissions",
              "outpatient": "Outpatient appointments", "gp": "GP appointments",
              "ambulance": "Ambulance dispatches", "bed_days": "Bed days"}
ROLE_LABELS = {
    "nurses_hcas": "Nurses and HCAs", "mh_therapists": "Mental health therapists",
    "gpwsi": "GPs with a special interest (GPwSI)", "gp_mdt_leads": "GP MDT leads",
    "care_coordinators": "Care co-ordinators", "support_admin": "Support and admin staff",
    "non_medical_prescribers": "Non-medical prescribers",
}
NHS_ORANGE = "#ED8B00"
NHS_LIGHT_BLUE = "#41B6E6"
NHS_MID_GREY = "#768692"
SERIES = {"baseline": NHS_GREY, "momentum": NHS_RED, "planned": NHS_BLUE}
VARIATION_LABELS = {
    "common_cause": "Common cause", "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral_high": "Special cause: high (neutral)",
    "special_cause_neutral_low": "Special cause: low (neutral)",
}
ASSURANCE_LABELS = {
    "consistent_pass": "Consistently passing the target",
    "consistent_fail": "Consistently failing the target",
    "inconsistent": "Passing and failing the target at random",
}
KPI_LABELS = {
    "ae_4hr_all": "A&E 4-hour performance (all types)",
    "ae_4hr_type1": "A&E 4-hour performance (type 1)",
    "ae_attendances": "A&E attendances",
    "emergency_admissions_ae": "Emergency admissions via A&E",
}
# The programme register (report/charts/register.py): RAG ratings, scheme status, maturity.
RAG_COLOURS = {"R": NHS_RED, "AR": NHS_ORANGE, "A": NHS_WARM_YELLOW, "AG": "#78BE20",
               "G": NHS_GREEN}
RAG_TEXT = {"R": "white", "AR": TEXT, "A": TEXT, "AG": TEXT, "G": "white"}
STATUS_COLOURS = {"delivered": NHS_GREEN, "in_progress": NHS_BLUE, "scoping": NHS_MID_GREY,
                  "stopped": NHS_GREY}
STATUS_LABELS = {"delivered": "Delivered", "in_progress": "In progress", "scoping": "Scoping",
                 "stopped": "Stopped"}
LEVEL_COLOURS = {1: "#AEB7BD", 2: NHS_LIGHT_BLUE, 3: NHS_BLUE, 4: NHS_DARK_BLUE}
# Fan charts: the 5th-95th and 10th-90th percentile bands (NHS Blue, translucent), the median
# and the principal run.
FAN_OUTER = "rgba(0, 94, 184, 0.15)"
FAN_INNER = "rgba(0, 94, 184, 0.35)"
FAN_MEDIAN = NHS_DARK_BLUE
FAN_PRINCIPAL = NHS_GREY
PUBLISHED = NHS_WARM_YELLOW


def pod_label(pod: str) -> str:
    """A pod code as planners say it: 'non_elective' -> 'Non-elective admissions'."""
    return POD_LABELS.get(pod, pod.replace("_", " ").capitalize())


def role_label(role: str) -> str:
    """A role id as people write it: 'gp_mdt_leads' -> 'GP MDT leads'."""
    return ROLE_LABELS.get(role, role.replace("_", " ").capitalize())


def styled(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    """Apply the house look: Arial, sentence-case title, white background, pale grid."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": "Arial, sans-serif", "size": 13, "color": TEXT},
        paper_bgcolor="white", plot_bgcolor="white", height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(gridcolor=NHS_PALE_GREY, linecolor=NHS_GREY)
    fig.update_yaxes(gridcolor=NHS_PALE_GREY, linecolor=NHS_GREY, separatethousands=True)
    return fig


def styled_finance(fig: go.Figure, title: str, height: int = 500) -> go.Figure:
    """The house look for finance charts: a larger dark-blue title, no vertical grid."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 18,
                                                               "color": NHS_DARK_BLUE}},
        font={"family": FONT, "size": 13, "color": NHS_GREY}, height=height,
        plot_bgcolor="white", paper_bgcolor="white", margin={"l": 60, "r": 30, "t": 70, "b": 60},
        legend={"orientation": "h", "y": -0.2})
    fig.update_xaxes(showgrid=False, linecolor=NHS_GREY)
    fig.update_yaxes(gridcolor=NHS_PALE_GREY, zerolinecolor=NHS_GREY)
    return fig
