"""Receivables benchmark: the payment reminder cron on a large ledger.

Generates (once, in database ``--db``) the customers and reps of bench_visibility.py
(200,000 customers in 2,000 reps' hands, 10% in the shared pool) and 2,000,000 posted
customer invoices inserted by SQL (account_move and its two account_move_line rows,
receivable and income, copied from an invoice the ORM made): 90% paid, 10% open and already
reminded up to the step their age has reached, and ``--due`` (10,000) open invoices that
reach a reminder step today (3 days before the due date, 1, 15, 30, 60 and 90 days
overdue). Then it times:

- ``reminders``: the reminder cron as the cron runs it (batches of 1,000, committed), its
  queries per invoice; then the same cron again, which should find nothing to do;
- ``digests``: the digest mails, each computed as its recipient (``--digests``).

Each measurement is a function taking the environment (``MEASUREMENTS``), so that the desk
and the finance ageing pivot can be timed here too. The cron's work is undone after the run
(activities, followers, steps), so the script can be run again on the same data; a database
generated another day has its dates moved to today first.

Run after ``bin/test`` or ``bin/demo`` has set up the virtualenv and the cluster:

    nice .venv/bin/python tests/bench_receivables.py [--db ad_bench_recv] [--invoices 2000000]
        [--customers 200000] [--due 10000] [--digests]
"""

import time
from datetime import date, timedelta

import bench_visibility
from bench_common import open_registry, parse_args
from bench_visibility import copy_rows, create_partners, create_users

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

# (days overdue today, last step done before today) of the invoices that reach a step today
TARGET_STEPS = [(-3, None), (1, -3), (15, 1), (30, 15), (60, 30), (90, 60)]
STEP_REACHED = """CASE WHEN {k} >= 90 THEN 90 WHEN {k} >= 60 THEN 60 WHEN {k} >= 30 THEN 30
    WHEN {k} >= 15 THEN 15 WHEN {k} >= 1 THEN 1 WHEN {k} >= -3 THEN -3 END"""


def bench_today(env):
    return env.company._ad_today()


def generated(env):
    env.cr.execute("SELECT count(*) FROM account_move WHERE name LIKE 'BINV/%%'")
    return env.cr.fetchone()[0]


def generate(env, args):
    """Customers, reps and invoices; the generation date is kept in ir.config_parameter."""
    cr = env.cr
    if generated(env):
        return
    print("generating data ...", flush=True)
    t0 = time.time()
    bench_visibility.CUSTOMERS, bench_visibility.CONTACTS = args.customers, args.customers
    bench_visibility.REPS = max(10, args.customers // 100)
    bench_visibility.TEAMS = max(1, bench_visibility.REPS // 20)
    env.company.partner_id.tz = "Asia/Shanghai"
    create_users(env)
    template_customer = create_partners(env)
    print(f"  partners in {time.time() - t0:.0f} s", flush=True)
    product = env["product.product"].create({"name": "Bench ad", "type": "service", "list_price": 1000})
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": template_customer.id,
            "invoice_date": bench_today(env),
            "invoice_line_ids": [(0, 0, {"product_id": product.id, "price_unit": 1000.0, "tax_ids": []})],
        }
    )
    invoice.action_post()
    env.flush_all()
    today = bench_today(env)
    n_due = args.due
    # n <= due: reaching step TARGET_STEPS[n % 6] today; else 90% paid, 10% open and up to date
    k = "(n % 500) - 100"
    cr.execute(
        "CREATE TEMP TABLE bench_inv AS SELECT n, c.id AS partner_id, c.ad_owner_id, c.ad_team_id, "
        "COALESCE(c.ad_owner_id, r.id) AS user_id, "
        f"CASE WHEN n <= {n_due} THEN (ARRAY{[s for s, _ in TARGET_STEPS]})[1 + n % 6] ELSE {k} END AS overdue, "
        f"CASE WHEN n <= {n_due} THEN (ARRAY{[p or -9999 for _, p in TARGET_STEPS]})[1 + n % 6] "
        f"     WHEN n % 10 = 0 THEN {STEP_REACHED.format(k=k)} END AS step, "
        f"n <= {n_due} OR n % 10 = 0 AS open "
        f"FROM generate_series(1, {args.invoices}) n JOIN bench_customer c ON c.i = n % {args.customers} "
        f"JOIN bench_rep r ON r.i = n % {bench_visibility.REPS}"
    )
    cr.execute("UPDATE bench_inv SET step = NULLIF(step, -9999)")
    cr.execute("CREATE UNIQUE INDEX ON bench_inv (n)")
    amount = "1000.0"
    copy_rows(
        env,
        "account_move",
        invoice.id,
        "bench_inv b",
        {
            "name": "'BINV/' || lpad(b.n::text, 8, '0')",
            "sequence_prefix": "'BINV/'",
            "sequence_number": "b.n",
            "partner_id": "b.partner_id",
            "commercial_partner_id": "b.partner_id",
            "ad_owner_id": "b.ad_owner_id",
            "ad_team_id": "b.ad_team_id",
            "invoice_user_id": "b.user_id",
            "invoice_date_due": f"DATE '{today}' - b.overdue",
            "invoice_date": f"DATE '{today}' - b.overdue - 30",
            "date": f"DATE '{today}' - b.overdue - 30",
            "payment_state": "CASE WHEN b.open THEN 'not_paid' ELSE 'paid' END",
            "amount_residual": f"CASE WHEN b.open THEN {amount} ELSE 0 END",
            "amount_residual_signed": f"CASE WHEN b.open THEN {amount} ELSE 0 END",
            "ad_reminder_step": "b.step",
        },
    )
    print(f"  {args.invoices} invoices in {time.time() - t0:.0f} s", flush=True)
    cr.execute(
        "CREATE TEMP TABLE bench_move AS SELECT m.id, m.name, m.partner_id, m.invoice_date_due, m.date, "
        "m.amount_residual, m.ad_owner_id, m.ad_team_id FROM account_move m WHERE m.name LIKE 'BINV/%%'"
    )
    for line in invoice.line_ids:
        receivable = line.account_id.account_type == "asset_receivable"
        copy_rows(
            env,
            "account_move_line",
            line.id,
            "bench_move m",
            {
                "move_id": "m.id",
                "move_name": "m.name",
                "partner_id": "m.partner_id",
                "date": "m.date",
                "invoice_date": "m.date",
                "date_maturity": "m.invoice_date_due",
                "ad_owner_id": "m.ad_owner_id",
                "ad_team_id": "m.ad_team_id",
                **(
                    {
                        "amount_residual": "m.amount_residual",
                        "amount_residual_currency": "m.amount_residual",
                        "reconciled": "m.amount_residual = 0",
                    }
                    if receivable
                    else {}
                ),
            },
        )
    env["ir.config_parameter"].set_param("ad_media_crm.bench_receivables_date", str(today))
    cr.execute("ANALYZE")
    env.invalidate_all()
    cr.commit()  # pylint: disable=invalid-commit
    print(f"generated in {time.time() - t0:.0f} s", flush=True)


def move_to_today(env):
    """Shifts the invoices' dates so that the data is as generated, today."""
    param = env["ir.config_parameter"].get_param("ad_media_crm.bench_receivables_date")
    shift = (bench_today(env) - date.fromisoformat(param)).days
    if not shift:
        return
    print(f"moving the dates {shift} days to today ...", flush=True)
    env.cr.execute(
        "UPDATE account_move SET invoice_date_due = invoice_date_due + %s, invoice_date = invoice_date + %s, "
        "date = date + %s WHERE name LIKE 'BINV/%%'",
        [shift] * 3,
    )
    env.cr.execute(
        "UPDATE account_move_line SET date_maturity = date_maturity + %s, date = date + %s "
        "WHERE move_name LIKE 'BINV/%%'",
        [shift] * 2,
    )
    env["ir.config_parameter"].set_param("ad_media_crm.bench_receivables_date", str(bench_today(env)))
    env.cr.commit()  # pylint: disable=invalid-commit


def undo_reminders(env):
    """Removes what a cron run made, so that the next run has the same work."""
    cr = env.cr
    activity_type = env.ref("ad_media_crm.mail_activity_type_ad_payment_reminder")
    cr.execute("DELETE FROM mail_activity WHERE activity_type_id = %s", [activity_type.id])
    cr.execute(
        "DELETE FROM mail_followers f USING account_move m WHERE f.res_model = 'account.move' "
        "AND f.res_id = m.id AND m.name LIKE 'BINV/%%'"
    )
    previous = ", ".join("NULL" if step is None else str(step) for _overdue, step in TARGET_STEPS)
    cr.execute(
        f"UPDATE account_move SET ad_reminder_step = (ARRAY[{previous}]::int[])[1 + sequence_number %% 6] "
        "WHERE name LIKE 'BINV/%%' AND sequence_number <= %s",
        [DUE[0]],
    )
    env.company.ad_reminder_digest_date = False
    env.invalidate_all()
    cr.commit()  # pylint: disable=invalid-commit


DUE = [0]


# ----------------------------------------------------------------------------------------
# What is timed: each measurement takes the superuser's environment, returns printable figures
# ----------------------------------------------------------------------------------------


def run_cron(env, **kwargs):
    """The reminder cron as the cron runner calls it (again while it reports work left)."""
    cr = env.cr
    queries, t0 = cr.sql_log_count, time.time()
    calls = 0
    while True:
        calls += 1
        if not env["ad.payment.reminder"]._cron_ad_payment_reminders(**kwargs):
            break
        cr.commit()  # pylint: disable=invalid-commit
    cr.commit()  # pylint: disable=invalid-commit
    return time.time() - t0, cr.sql_log_count - queries, calls


def measure_reminders(env):
    activity_type = env.ref("ad_media_crm.mail_activity_type_ad_payment_reminder")
    env.company.ad_reminder_digest = "none"
    env.cr.commit()  # pylint: disable=invalid-commit
    seconds, queries, calls = run_cron(env)
    env.cr.execute("SELECT count(*) FROM mail_activity WHERE activity_type_id = %s", [activity_type.id])
    made = env.cr.fetchone()[0]
    again, again_queries, _calls = run_cron(env)
    env.cr.execute("SELECT count(*) FROM mail_activity WHERE activity_type_id = %s", [activity_type.id])
    after = env.cr.fetchone()[0]
    cron = (
        f"reminder cron: {seconds:.1f} s for {made} invoices ({calls} call(s)), {queries} queries, "
        f"{queries / max(made, 1):.2f} queries per invoice, {made / seconds:.0f} invoices/s"
    )
    return [
        cron,
        f"re-run the same day: {again:.2f} s, {again_queries} queries, {after - made} new activities",
    ]


def measure_digests(env):
    env.company.ad_reminder_digest = "daily"
    env.company.ad_reminder_digest_date = False
    today = bench_today(env)
    cr = env.cr
    queries, t0 = cr.sql_log_count, time.time()
    env["ad.payment.reminder"].with_company(env.company)._ad_send_digests(today)
    seconds = time.time() - t0
    cr.execute(
        "SELECT count(*) FROM mail_mail m JOIN mail_message g ON g.id = m.mail_message_id WHERE g.model = 'res.users'"
    )
    mails = cr.fetchone()[0]
    cr.rollback()
    return [f"digests: {seconds:.1f} s, {cr.sql_log_count - queries} queries, {mails} mails (rolled back)"]


def measure_step_plan(env):
    """EXPLAIN of the cron's widest step search (90 days overdue and more)."""
    reminder = env["ad.payment.reminder"].with_company(env.company)
    domain = [
        *reminder._ad_open_invoice_domain(),
        ("invoice_date_due", "<=", bench_today(env) - timedelta(days=90)),
        "|",
        ("ad_reminder_step", "=", False),
        ("ad_reminder_step", "<", 90),
    ]
    query = env["account.move"].sudo()._search(domain, order="invoice_date_due, id", limit=1000)
    env.cr.execute(SQL("EXPLAIN ANALYZE %s", query.select()))
    return ["step search plan (90+ days):", *("    " + row[0] for row in env.cr.fetchall())]


MEASUREMENTS = {"reminders": measure_reminders, "digests": measure_digests, "plan": measure_step_plan}


def main():
    args = parse_args(__doc__, "ad_bench_recv", invoices=2_000_000, customers=200_000, due=10_000, digests=False)
    DUE[0] = args.due
    registry = open_registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        generate(env, args)
        move_to_today(env)
        undo_reminders(env)
        cr.execute("SELECT count(*), count(*) FILTER (WHERE payment_state = 'not_paid') FROM account_move "
                   "WHERE name LIKE 'BINV/%%'")  # fmt: skip
        total, open_ = cr.fetchone()
        print(f"\n{total} posted invoices ({open_} open), {args.due} reaching a reminder step today")
        names = ["plan", "reminders", *(["digests"] if args.digests else [])]
        for name in names:
            for line in MEASUREMENTS[name](env):
                print("  " + line, flush=True)
        undo_reminders(env)


if __name__ == "__main__":
    main()
