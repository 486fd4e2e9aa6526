"""Glossary: the planners' terms the pages use, in a sentence each (linked from every page's
navigation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from icsplan.app.layout import page, section

if TYPE_CHECKING:
    from icsplan.app.context import AppContext

PATH, NAME, TITLE = "/glossary", "glossary", "Glossary"

TERMS = [
    ("Momentum", "Activity if nothing is done: the base year grown by demographic and "
     "non-demographic growth to each year of the plan."),
    ("Planned activity", "Momentum less what the initiatives remove or shift elsewhere."),
    ("Change factor", "One named step between the base year and the plan (growth, then each "
     "initiative), so a change in activity can be traced to its cause."),
    ("Financial bridge", "The steps from the system's position in the base year to its gap at "
     "the horizon: income, demand pressure, savings plans and the initiatives' net saving."),
    ("Financial gap", "What is left after every step of the bridge: a deficit when negative, "
     "a surplus when positive."),
    ("Value of the activity avoided", "The activity the initiatives remove against momentum "
     "at the horizon, priced at each point of delivery's unit cost."),
    ("Gross saving", "The value of the activity avoided less the cost of re-providing care "
     "elsewhere, plus savings not tied to activity."),
    ("Stranded cost", "Cost that stays when activity leaves a service (fixed overheads, "
     "buildings), so not every pound of activity avoided is saved."),
    ("Net saving", "Gross saving less investment and stranded cost, in one year."),
    ("Payback year", "The first year from which the cumulative net saving stays at or above "
     "zero."),
    ("Investment level", "The share of the planned investment that is found; savings follow "
     "it less than in proportion."),
    ("QIPP", "Quality, Innovation, Productivity and Prevention: commissioners' savings "
     "schemes."),
    ("CIP", "Cost Improvement Programme: providers' savings schemes."),
    ("SPC chart", "Statistical process control: a measure by month with its mean and process "
     "limits, showing whether a change is more than common-cause variation."),
    ("Special cause variation", "A point or run outside what the process usually does "
     "(Making Data Count): improvement, concern or neutral."),
    ("Assurance", "Whether the process limits say a target will be met consistently, "
     "missed consistently, or hit and missed at random."),
    ("Locality maturity", "How far a locality's integrated care has developed, level 1 to 4."),
    ("Scenario version", "A saved set of inputs and lever settings; a new scenario branches "
     "from any version."),
]


def layout(ctx: AppContext) -> html.Div:
    """Every term with its meaning, as a description list."""
    items = []
    for term, meaning in TERMS:
        items += [html.Dt(term), html.Dd(meaning)]
    return page("Glossary", section("Terms", html.Dl(items, id="glossary")))


def register(app, ctx: AppContext) -> None:
    """The glossary has no callbacks."""
