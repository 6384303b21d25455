from . import models
from . import wizard


def post_init_hook(env):
    """Customers that exist before installation come under the ownership rules."""
    env["res.partner"]._ad_manage_existing_customers()
