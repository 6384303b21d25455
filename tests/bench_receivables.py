"""Receivables benchmark: the payment reminder cron on a large ledger.

Generates (once, in database ``--db``) the customers and reps of bench_visibility.py
(200,000 customers in the hands of 2,000 reps in 100 teams, 10% in the shared pool) and
2,000,000 posted customer invoices inserted by SQL (account_move and its two account_move_line
rows, receivable and income, copied from an invoice the ORM made; the tables' plain indexes
dropped during the load and rebuilt after), ten per customer, due dates spread over two years
(90 days ahead to 640 days overdue, so every ageing bucket has rows): 90% paid (residual 0,
reconciled), 10% open (a third of them partly paid) and already reminded up to the step their
age has reached, and ``--due`` (10,000) open invoices that reach a reminder step today (3 days
before the due date, 1, 15, 30, 60 and 90 days overdue). Then it times (``--measure``, a
comma-separated list of these names):

- ``plan``: EXPLAIN of the cron's widest step search;
- ``reminders``: the reminder cron as the cron runs it (batches of 1,000, committed), its
  queries per invoice; then the same cron again, which should find nothing to do;
- ``ageing_pivot_finance``: the receivables pivot of an accountant, rows by rep (customer
  owner), columns by ageing bucket: the four read_groups the pivot view asks;
- ``rep_receivables``: the rep with the most open items: his receivables list (80 rows),
  count and read_group by ageing, with their EXPLAIN ANALYZE (flagging any sequential scan
  on account_move_line);
- ``desk_rep``, ``desk_manager``: ``res.users.ad_my_desk_data()`` as that rep and as his
  team's manager (median and first call, queries), EXPLAIN ANALYZE of its receivables section;
- ``digests``: the digest mails, each computed as its recipient (also ``--digests``).

Users' figures are computed as the user (``with_user``: the record rules apply); times are in
ms of server time (Python and database), the record cache emptied before each call. The cron's
work is undone after the run (activities, followers, steps), so the script can be run again on
the same data; a database generated another day has its dates moved to today first.

Run after ``bin/test`` or ``bin/demo`` has set up the virtualenv and the cluster:

    nice .venv/bin/python tests/bench_receivables.py [--db ad_bench_recv] [--invoices 2000000]
        [--customers 200000] [--due 10000] [--digests] [--measure plan,reminders,...]
"""

import statistics
import time
from contextlib import contextmanager
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
    # n <= due: reaching step TARGET_STEPS[n % 6] today; else due dates spread over two years
    # (90 days ahead to 640 days overdue: every ageing bucket), 90% paid, 10% open and up to date
    k = "(n % 731) - 90"
    # which invoices are open: a hash of n, not n % 10 (the customer is n % customers, so
    # n % 10 would leave all open invoices to a tenth of the customers and reps)
    draw = "abs(hashint4(n))"
    cr.execute(
        "CREATE TEMP TABLE bench_inv AS SELECT n, c.id AS partner_id, c.ad_owner_id, c.ad_team_id, "
        "COALESCE(c.ad_owner_id, r.id) AS user_id, "
        f"CASE WHEN n <= {n_due} THEN (ARRAY{[s for s, _ in TARGET_STEPS]})[1 + n % 6] ELSE {k} END AS overdue, "
        f"CASE WHEN n <= {n_due} THEN (ARRAY{[p or -9999 for _, p in TARGET_STEPS]})[1 + n % 6] "
        f"     WHEN {draw} % 10 = 0 THEN {STEP_REACHED.format(k=k)} END AS step, "
        f"n <= {n_due} OR {draw} % 10 = 0 AS open, {draw} % 30 = 0 AS partial "
        f"FROM generate_series(1, {args.invoices}) n JOIN bench_customer c ON c.i = n % {args.customers} "
        f"JOIN bench_rep r ON r.i = n % {bench_visibility.REPS}"
    )
    cr.execute("UPDATE bench_inv SET step = NULLIF(step, -9999)")
    cr.execute("CREATE UNIQUE INDEX ON bench_inv (n)")
    amount = "1000.0"
    # a third of the open invoices is partly paid (400 of 1,000 open)
    residual = f"CASE WHEN NOT b.open THEN 0 WHEN b.partial THEN 400.0 ELSE {amount} END"
    dropped = drop_indexes(cr, ["account_move", "account_move_line"])
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
            "payment_state": "CASE WHEN NOT b.open THEN 'paid' WHEN b.partial THEN 'partial' ELSE 'not_paid' END",
            "amount_residual": residual,
            "amount_residual_signed": residual,
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
    print(f"  journal items in {time.time() - t0:.0f} s", flush=True)
    for definition in dropped:
        cr.execute(definition)
    print(f"  indexes rebuilt in {time.time() - t0:.0f} s", flush=True)
    env["ir.config_parameter"].set_param("ad_media_crm.bench_receivables_date", str(today))
    cr.execute("ANALYZE")
    env.invalidate_all()
    cr.commit()  # pylint: disable=invalid-commit
    print(f"generated in {time.time() - t0:.0f} s", flush=True)


def drop_indexes(cr, tables):
    """Drops the plain indexes of ``tables`` (not those of constraints) for a bulk load;
    returns their definitions to recreate them after."""
    cr.execute("SET maintenance_work_mem = '256MB'")
    cr.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [tables],
    )
    rows = cr.fetchall()
    for name, _definition in rows:
        cr.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


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


# ----------------------------------------------------------------------------------------
# The figures of a rep, a manager and finance: each as its user, the record rules applied
# ----------------------------------------------------------------------------------------


@contextmanager
def captured(cr, word):
    """Collects the (query, params) that ``cr`` runs whose text names ``word``."""
    queries = []
    cursor_class = type(cr)
    execute = cursor_class.execute

    def spy(self, query, params=None, log_exceptions=True):
        code, args = (query.code, query.params) if isinstance(query, SQL) else (query, params)
        if self is cr and word in code:
            queries.append((code, args))
        return execute(self, query, params, log_exceptions)

    cursor_class.execute = spy
    try:
        yield queries
    finally:
        cursor_class.execute = execute


def explain(cr, queries, label):
    """EXPLAIN ANALYZE of each query; flags any sequential scan on account_move_line."""
    lines = []
    for code, params in queries:
        cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + code, params or None)
        plan = [row[0] for row in cr.fetchall()]
        seq = [row for row in plan if "Seq Scan on account_move_line" in row]
        verdict = "SEQUENTIAL SCAN on account_move_line" if seq else "no seq scan on account_move_line"
        lines.append(f"{label}: {verdict}")
        lines += ["    " + row for row in plan]
    return lines


def timed(env, function, repeat):
    """Median and first-call time (ms) and queries of ``function()`` (record cache emptied each time)."""
    times, counts = [], []
    for _i in range(repeat):
        env.invalidate_all()
        queries, t0 = env.cr.sql_log_count, time.perf_counter()
        function()
        times.append((time.perf_counter() - t0) * 1000)
        counts.append(env.cr.sql_log_count - queries)
    return statistics.median(times), times[0], statistics.median(counts)


def bench_users(env):
    """The rep with the most open receivables, his team's manager, and an accountant."""
    cr = env.cr
    cr.execute(
        "SELECT l.ad_owner_id, count(*) FROM account_move_line l JOIN res_users u ON u.id = l.ad_owner_id "
        "WHERE l.amount_residual <> 0 AND l.parent_state = 'posted' AND u.login LIKE 'bench_rep\\_%%' "
        "GROUP BY l.ad_owner_id ORDER BY 2 DESC, 1 LIMIT 1"
    )
    rep = env["res.users"].browse(cr.fetchone()[0])
    manager = rep.sale_team_id.user_id
    accountant = env["res.users"].search([("login", "=", "bench_accountant")])
    if not accountant:
        accountant = env["res.users"].create(
            {
                "name": "Bench Accountant",
                "login": "bench_accountant",
                "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref("account.group_account_invoice").id])],
            }
        )
        cr.commit()  # pylint: disable=invalid-commit
    return rep, manager, accountant


def pivot_groups(Report, rows, cols):
    """The read_groups of a pivot with ``rows`` and ``cols`` (Odoo's pivot model asks the
    totals, each axis and the cells), as the web client does."""
    measures = ["amount_residual:sum", "__count"]
    return [Report.read_group([], measures, groupby, lazy=False) for groupby in ([], rows, cols, rows + cols)]


def measure_ageing_pivot_finance(env, repeat=7):
    _rep, _manager, accountant = bench_users(env)
    Report = env["ad.receivable.report"].with_user(accountant)
    median, first, queries = timed(env, lambda: pivot_groups(Report, ["ad_owner_id"], ["ageing"]), repeat)
    cells = Report.read_group([], ["amount_residual:sum"], ["ad_owner_id", "ageing"], lazy=False)
    buckets = Report.read_group([], ["amount_residual:sum"], ["ageing"], lazy=False)
    lines = [
        f"ageing pivot, finance, by rep x ageing (4 read_groups): {median:.0f} ms median, {first:.0f} ms first, "
        f"{queries} queries; {len(cells)} cells, " + ", ".join(f"{b['ageing']}: {b['__count']}" for b in buckets)
    ]
    with captured(env.cr, "ad_receivable_report") as queries_run:
        Report.read_group([], ["amount_residual:sum"], ["ad_owner_id", "ageing"], lazy=False)
    return lines + explain(env.cr, queries_run[-1:], "finance cells read_group")


def measure_rep_receivables(env, repeat=7):
    rep, _manager, _accountant = bench_users(env)
    Report = env["ad.receivable.report"].with_user(rep)
    fields_ = ["partner_id", "move_id", "invoice_date", "date_maturity", "amount_residual", "days_overdue", "ageing"]

    def screens():
        Report.search_read([], fields_, limit=80)
        Report.search_count([])
        Report.read_group([], ["amount_residual:sum"], ["ageing"], lazy=False)

    median, first, queries = timed(env, screens, repeat)
    lines = [
        (
            f"rep {rep.login}: his receivables list 80 + count + ageing read_group: {median:.0f} ms median, "
            f"{first:.0f} ms first, {queries} queries; {Report.search_count([])} open items"
        )
    ]
    with captured(env.cr, "ad_receivable_report") as queries_run:
        env.invalidate_all()
        screens()
    return lines + explain(env.cr, queries_run, "rep report")


def measure_desk(env, user, label, repeat):
    Users = env["res.users"].with_user(user)
    median, first, queries = timed(env, Users.ad_my_desk_data, repeat)
    data = Users.ad_my_desk_data()
    receivables = data["receivables"]
    lines = [
        (
            f"desk {label} ({user.login}, scope {data['scope']}): {median:.0f} ms median, {first:.0f} ms first, "
            f"{queries} queries; overdue {receivables['overdue']['count']} ({receivables['overdue']['amount']:.0f}), "
            f"due soon {receivables['due_soon']['count']}"
        )
    ]
    with captured(env.cr, "ad_receivable_report") as queries_run:
        env.invalidate_all()
        Users.ad_my_desk_data()
    return lines + explain(env.cr, queries_run, f"desk {label} receivables")


def measure_desk_rep(env, repeat=7):
    rep, _manager, _accountant = bench_users(env)
    return measure_desk(env, rep, "rep", repeat)


def measure_desk_manager(env, repeat=7):
    _rep, manager, _accountant = bench_users(env)
    return measure_desk(env, manager, "manager", repeat)


MEASUREMENTS = {
    "reminders": measure_reminders,
    "digests": measure_digests,
    "plan": measure_step_plan,
    "ageing_pivot_finance": measure_ageing_pivot_finance,
    "rep_receivables": measure_rep_receivables,
    "desk_rep": measure_desk_rep,
    "desk_manager": measure_desk_manager,
}


def main():
    args = parse_args(
        __doc__,
        "ad_bench_recv",
        invoices=2_000_000,
        customers=200_000,
        due=10_000,
        digests=False,
        measure="plan,reminders,ageing_pivot_finance,rep_receivables,desk_rep,desk_manager",
    )
    DUE[0] = args.due
    registry = open_registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        generate(env, args)
        move_to_today(env)
        undo_reminders(env)
        cr.execute("SELECT count(*), count(*) FILTER (WHERE payment_state != 'paid') FROM account_move "
                   "WHERE name LIKE 'BINV/%%'")  # fmt: skip
        total, open_ = cr.fetchone()
        print(f"\n{total} posted invoices ({open_} open), {args.due} reaching a reminder step today")
        names = [name for name in args.measure.split(",") if name] + (["digests"] if args.digests else [])
        for name in names:
            for line in MEASUREMENTS[name](env):
                print("  " + line, flush=True)
        undo_reminders(env)


if __name__ == "__main__":
    main()
