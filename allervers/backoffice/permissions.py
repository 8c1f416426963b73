"""Moved to allervers/accounts/permissions.py: the modules use the scoped querysets, a face can't hold them."""

from allervers.accounts.permissions import (
    ProRequest,
    coordinated_structures,
    import_actor,
    services_for,
    structures_for,
)

__all__ = ["ProRequest", "coordinated_structures", "import_actor", "services_for", "structures_for"]
