from . import models
from . import wizard


def uninstall_hook(env):
    """The occupancy trigger goes with ad_booking's table, not its function."""
    env.cr.execute("DROP FUNCTION IF EXISTS ad_slot_occupancy_sync() CASCADE")
