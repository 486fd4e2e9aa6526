"""Locality targets: the system plan broken down to CCGs and localities."""

from icsplan.targets.locality import locality_table, locality_targets

__all__ = ["locality_table", "locality_targets"]
