"""Which pages apply to the plan the app is showing.

A plan without an activity model (a programme, finance and KPI plan such as mse-2019) has
no activity, what-if, finance, population, forecast, waiting-list or explain results: those pages
leave the menu, and a link to one explains why instead of showing empty figures.  Its home
page is then the programme portfolio.  A page module may say so itself with a module-level
`NEEDS_ACTIVITY = True` (or `False`); otherwise the names below decide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import dcc, html

from icsplan.app.layout import page, section

if TYPE_CHECKING:
    from types import ModuleType

    from icsplan.app.context import AppContext

NEED_ACTIVITY = frozenset({"overview", "activity", "whatif", "finance", "population",
                           "forecast", "waiting_list", "explain"})
NEED_PROGRAMMES = frozenset({"programmes"})


def applies(module: ModuleType, ctx: AppContext) -> bool:
    """True when `module`'s page has something to show for the app's plan."""
    needs_activity = getattr(module, "NEEDS_ACTIVITY", module.NAME in NEED_ACTIVITY)
    if needs_activity and not ctx.scenario.has_demand_model:
        return False
    return not (module.NAME in NEED_PROGRAMMES and "programmes" not in ctx.scenario.tables)


def usable_pages(modules: list[ModuleType], ctx: AppContext) -> list[ModuleType]:
    """The pages of the menu, in order, that apply to the plan."""
    return [m for m in modules if applies(m, ctx)]


def home(modules: list[ModuleType], ctx: AppContext) -> ModuleType:
    """The page at "/": the overview, or the first page that applies (the programme
    portfolio for a plan without an activity model)."""
    usable = usable_pages(modules, ctx)
    overview = [m for m in usable if m.PATH == "/"]
    if overview:
        return overview[0]
    portfolio = [m for m in usable if m.NAME == "programmes"]
    return (portfolio or usable)[0]


def not_applicable(module: ModuleType, ctx: AppContext) -> html.Div:
    """What a page that does not apply says instead (one sentence and a way on)."""
    if module.NAME in NEED_PROGRAMMES:
        why = (f"{ctx.scenario.meta.title} has no programmes (programmes.csv), so there is no "
               "portfolio to show.")
    else:
        why = (f"{ctx.scenario.meta.title} is a programme, finance and KPI plan without an "
               "activity model (localities, baseline, growth and unit costs), so this page "
               "has nothing to show.")
    return page(module.TITLE, section("Not part of this plan", html.P(why),
                                      dcc.Link("Go to the plan's first page", href="/")))
