from . import ad_customer_statement
