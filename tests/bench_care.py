"""Customer care benchmark: the care cron over 200,000 customers.

Generates (once, in database ``--db``) the customers, contacts, reps and orders of
bench_visibility.py (200,000 customers with one contact each, 2,000 reps, 500,000 orders, the
last order of a customer 0 to 999 days old), then by SQL: a birthday on every contact and a
founding date on every customer (spread over the days of the year, 29 February included), 1%
of the customers key accounts, the customers 40 days old with an e-mail address. Then it creates one care rule per
kind (birthday: activity; anniversary: mail from a template; lapsed 90 days: SMS through the
fake gateway; key customer without contact for 30 days: activity; after a campaign and payment
thanks: activity and SMS, which find little in this data: its orders have no run dates and
there are no invoices) and times:

- the care cron as the cron runs it (each rule's batches committed), per rule: occurrences
  fired, seconds, queries, queries per fired action;
- the same cron again, which must fire nothing.

The logs, activities, messages, SMS and followers it made are deleted at the end, so it can be
run again.

    nice .venv/bin/python tests/bench_care.py [--db care_bench] [--customers 200000]
"""

import time

import bench_visibility
from bench_common import open_registry, parse_args

from odoo import SUPERUSER_ID, api

RULES = [
    ("contact_birthday", 0, "activity"),
    ("company_anniversary", 0, "mail"),
    ("lapsed", 90, "sms"),
    ("no_contact", 30, "activity"),
    ("after_campaign", 14, "activity"),
    ("payment_thanks", 1, "sms"),
]


def generate(env, customers):
    bench_visibility.CUSTOMERS = bench_visibility.CONTACTS = customers
    bench_visibility.REPS = max(10, customers // 100)
    bench_visibility.TEAMS = max(1, bench_visibility.REPS // 20)
    bench_visibility.ORDERS = customers * 5 // 2
    env.company.partner_id.tz = "Asia/Shanghai"
    bench_visibility.generate(env)
    cr = env.cr
    cr.execute("SELECT count(*) FROM res_partner WHERE email LIKE '%%@bench.example'")
    if cr.fetchone()[0] >= customers:
        return
    print("dating contacts and customers ...", flush=True)
    t0 = time.time()
    # 1,461 days: four years, so 29 February comes up
    cr.execute(
        """
        UPDATE res_partner SET ad_birthday = date '1976-01-01' + (id::bigint * 7919 % 1461)::int
         WHERE parent_id IS NOT NULL AND ad_managed;
        UPDATE res_partner SET ad_founding_date = date '1996-01-01' + (id::bigint * 104729 % 1461)::int,
               ad_customer_type = CASE WHEN id % 100 = 0 THEN 'key' ELSE ad_customer_type END,
               create_date = now() - interval '40 days', email = 'info' || id || '@bench.example'
         WHERE ad_is_customer AND ad_customer_code LIKE 'B%';
        ANALYZE res_partner;
        """
    )
    env.invalidate_all()
    cr.commit()  # pylint: disable=invalid-commit
    print(f"  in {time.time() - t0:.0f} s", flush=True)


def make_rules(env):
    Rule = env["ad.care.rule"].with_context(active_test=False)
    Rule.search([]).active = False
    mail = env.ref("ad_media_crm.mail_template_ad_care_birthday")
    sms = env.ref("ad_media_crm.sms_template_ad_care_payment_thanks")
    rules = Rule.create(
        [
            {"name": f"Bench {kind}", "kind": kind, "days": days, "action": action,
             "mail_template_id": mail.id, "sms_template_id": sms.id}
            for kind, days, action in RULES
        ]
    )  # fmt: skip
    env.company.ad_sms_provider = "fake"
    env.cr.commit()  # pylint: disable=invalid-commit
    return rules


def run_cron(env, rules, label):
    """Each rule as the cron runs it; prints and returns the total fired."""
    print(f"\n{label}")
    print(f"{'rule':<22}{'fired':>8}{'s':>9}{'queries':>10}{'q/action':>10}")
    total_fired, total_time, total_queries = 0, 0.0, 0
    today = env.company._ad_today()
    for rule in rules:
        env.invalidate_all()
        queries = env.cr.sql_log_count
        t0 = time.time()
        fired = rule._ad_run(today, commit=True)
        seconds = time.time() - t0
        queries = env.cr.sql_log_count - queries
        per = f"{queries / fired:.1f}" if fired else "-"
        print(f"{rule.kind:<22}{fired:>8}{seconds:>9.1f}{queries:>10}{per:>10}", flush=True)
        total_fired, total_time, total_queries = total_fired + fired, total_time + seconds, total_queries + queries
    per = f"{total_queries / total_fired:.1f}" if total_fired else "-"
    print(f"{'total':<22}{total_fired:>8}{total_time:>9.1f}{total_queries:>10}{per:>10}", flush=True)
    return total_fired


def clean(env, rules):
    cr = env.cr
    cr.execute("SELECT activity_id, message_id FROM ad_care_log WHERE rule_id IN %s", [tuple(rules.ids)])
    rows = cr.fetchall()
    activities = [row[0] for row in rows if row[0]]
    messages = [row[1] for row in rows if row[1]]
    if activities:
        cr.execute("DELETE FROM mail_activity WHERE id IN %s", [tuple(activities)])
    if messages:
        cr.execute("DELETE FROM mail_mail WHERE mail_message_id IN %s", [tuple(messages)])
        cr.execute("DELETE FROM sms_sms WHERE mail_message_id IN %s", [tuple(messages)])
        cr.execute("DELETE FROM mail_message WHERE id IN %s", [tuple(messages)])
    cr.execute("DELETE FROM ad_sms_log")
    # the owners now follow their customers: the generated customers had no followers
    cr.execute(
        "DELETE FROM mail_followers f USING res_partner p WHERE f.res_model = 'res.partner' AND f.res_id = p.id "
        "AND p.ad_customer_code LIKE 'B%%'"
    )
    cr.execute("DELETE FROM ad_care_rule WHERE id IN %s", [tuple(rules.ids)])
    cr.commit()  # pylint: disable=invalid-commit


def main():
    args = parse_args(__doc__, "care_bench", customers=200_000)
    registry = open_registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        generate(env, args.customers)
        cr.execute("SELECT count(*) FILTER (WHERE ad_is_customer), count(*) FILTER (WHERE parent_id IS NOT NULL "
                   "AND ad_managed) FROM res_partner")  # fmt: skip
        customers, contacts = cr.fetchone()
        print(f"{customers} customers, {contacts} contacts; today {env.company._ad_today()} (Shanghai)")
        rules = make_rules(env)
        try:
            t0 = time.time()
            fired = run_cron(env, rules, "first run (fires what is due today)")
            print(f"cron wall time {time.time() - t0:.1f} s for {fired} actions")
            t0 = time.time()
            again = run_cron(env, rules, "second run (must fire nothing)")
            print(f"cron wall time {time.time() - t0:.1f} s, {again} fired")
        finally:
            clean(env, rules)


if __name__ == "__main__":
    main()
