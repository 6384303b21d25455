from . import ad_customer_allocate
from . import ad_rep_handover
from . import ad_order_reject
from . import ad_booking_pattern
from . import base_partner_merge_automatic_wizard
from . import ad_customer_statement
from . import crm_lead_lost
from . import ad_order_lost
