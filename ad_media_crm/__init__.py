from . import models
from . import report
from . import wizard


def post_init_hook(env):
    """Customers that exist before installation come under the ownership rules."""
    env["res.partner"]._ad_manage_existing_customers()


def uninstall_hook(env):
    """The occupancy trigger goes with ad_booking's table, not its function."""
    env.cr.execute("DROP FUNCTION IF EXISTS ad_slot_occupancy_sync() CASCADE")
