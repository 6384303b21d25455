from . import ad_customer_statement
from . import ad_customer_card
