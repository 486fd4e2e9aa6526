"""The report's Jinja2 templates (report/templates/): every text a template is given is
escaped, unless it is already HTML and marked so with `trusted` (a component's output, a
chart, the stylesheet, plotly.js).  Components and sections render through `render`."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup


@cache
def environment() -> Environment:
    """The templates' environment: autoescaping on for every template, an unknown name in a
    template an error (never an empty string)."""
    return Environment(loader=PackageLoader("icsplan.report", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(name: str, **context: object) -> str:
    """The template `name` (e.g. "components/table.html") rendered with `context`."""
    return environment().get_template(name).render(**context)


def render_macro(name: str, macro: str, **arguments: object) -> str:
    """The macro `macro` of the template `name` called with `arguments` (a section with several
    parts keeps them as macros of its one template)."""
    return str(getattr(environment().get_template(name).module, macro)(**arguments))


def trusted(fragment: str) -> Markup:
    """HTML made by a component, a template or plotly, passed on into a template unescaped.
    Never for text that came from a user's input."""
    return Markup(fragment)  # noqa: S704  (only HTML produced by our own templates/plotly)
