"""Demand and capacity: momentum growth, initiatives, change factors."""

from icsplan.model.demand import ModelError, Projection, project

__all__ = ["ModelError", "Projection", "project"]
