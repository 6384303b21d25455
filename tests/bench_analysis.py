"""Analysis benchmark: the assessment, the customer analysis and the sales analysis by medium
on a year of a million order lines.

Generates (once, in database ``--db``) the customers and reps of bench_visibility.py
(``--customers`` 200,000 in the hands of 2,000 reps in 100 teams, 10% in the shared pool, a
tenth as many contacts), 4 media of 5 placements each (a product per placement, 5 product
categories) and ``--lines`` (1,000,000) confirmed order lines inserted by SQL, copied from an
order the ORM made: a quarter as many orders, 4 lines each (1 to 4 units, 0 to 15% discount,
each on a placement), over the last 365 days, customers drawn by a hash of the order number
(so some customers buy often, some never). Then it refreshes the materialized figures (the
assessment's, the customer analysis', the ABC classes), timed, and times as the users see them
(record rules applied), medians of ``--repeat`` runs in ms, record cache emptied each run:

- ``assessment_director``: ad.assessment.report read_group per salesperson over the year, as
  the general manager (2,000 rows of achieved, target, completion and score);
- ``assessment_rep``: the same as the rep with the most orders (his months);
- ``analysis_director`` / ``analysis_manager`` / ``analysis_rep``: ad.customer.analysis
  read_group by owner and ABC class (spend, orders, average order), as the general manager,
  the rep's team manager and the rep; ``analysis_list_rep``: the rep's first 80 rows by spend;
- ``facts_medium_month`` (and ``_manager``, ``_rep``): ad.sales.report (the monthly cells of
  confirmed sales) read_group by medium and month over the year, as each user;
- ``sales_medium_month``: Odoo's sale.report read_group by medium and month over the year, as the
  general manager; ``sales_categ_month``: by product category and month, as the general
  manager; ``sales_categ_month_vanilla``: the same grouping on Odoo's own sale.report query
  (the addon's columns, join and grouping taken out) run as raw SQL, for comparison.

It prints EXPLAIN (ANALYZE, BUFFERS) of each timed operation's main statement. No invoices
are generated: the customer analysis' receivables and days to pay are empty here (see
bench_receivables.py for a ledger of 2,000,000 invoices).

Run after ``bin/test`` or ``bin/demo`` has set up the virtualenv and the cluster:

    nice .venv/bin/python tests/bench_analysis.py [--db ad_bench_analysis] [--customers 200000]
        [--lines 1000000] [--repeat 7] [--measure assessment_director,analysis_rep,...] [--no-plans]
"""

import re
import statistics
import time
from datetime import timedelta

import bench_visibility
from bench_common import open_registry, parse_args
from bench_receivables import drop_indexes
from bench_visibility import capture_queries, copy_rows, create_partners, create_users

from odoo import SUPERUSER_ID, api, fields

MEDIA = ["newspaper", "magazine", "tv", "outdoor"]
SLOTS_PER_MEDIUM = 5
LINES_PER_ORDER = 4
# the addon's parts of sale.report's query (models/sale_report.py), taken out for "vanilla"
ADDON_JOIN = " LEFT JOIN ad_slot ON ad_slot.id = l.ad_slot_id"
ADDON_GROUP_BY = ", s.ad_managed, s.ad_owner_id, s.ad_team_id, l.ad_slot_id, ad_slot.medium_id"


def generated(env):
    env.cr.execute("SELECT count(*) FROM sale_order WHERE name LIKE 'BSO/%%'")
    return env.cr.fetchone()[0]


def generate(env, args):
    cr = env.cr
    if generated(env):
        return
    print("generating data ...", flush=True)
    t0 = time.time()
    bench_visibility.CUSTOMERS = args.customers
    bench_visibility.CONTACTS = max(1, args.customers // 10)
    bench_visibility.REPS = max(10, args.customers // 100)
    bench_visibility.TEAMS = max(1, bench_visibility.REPS // 20)
    env.company.partner_id.tz = "Asia/Shanghai"
    create_users(env)
    template_customer = create_partners(env)
    print(f"  partners in {time.time() - t0:.0f} s", flush=True)
    env["res.users"].create(
        {
            "name": "Bench Director",
            "login": "bench_director",
            "groups_id": [(6, 0, [env.ref("ad_media_crm.group_ad_director").id, env.ref("base.group_user").id])],
        }
    )
    categories = env["product.category"].create([{"name": f"Bench category {c}"} for c in range(5)])
    slots = env["ad.slot"]
    for m, medium_type in enumerate(MEDIA):
        medium = env["ad.medium"].create({"name": f"Bench medium {m}", "medium_type": medium_type})
        for s in range(SLOTS_PER_MEDIUM):
            product = env["product.product"].create(
                {"name": f"Bench placement {m}.{s}", "type": "service", "list_price": 1000,
                 "categ_id": categories[(m + s) % len(categories)].id, "taxes_id": [(5, 0, 0)]}
            )  # fmt: skip
            slots |= env["ad.slot"].create(
                {"medium_id": medium.id, "name": f"Placement {s}", "code": f"B{m}{s}", "product_id": product.id}
            )
    cr.execute(
        "CREATE TEMP TABLE bench_slot AS SELECT row_number() OVER (ORDER BY s.id) - 1 i, s.id, s.product_id "
        "FROM ad_slot s WHERE s.id = ANY(%s)",
        [slots.ids],
    )
    order = env["sale.order"].create(
        {"partner_id": template_customer.id, "order_line": [(0, 0, {"product_id": slots[0].product_id.id})]}
    )
    env.flush_all()
    orders = args.lines // LINES_PER_ORDER
    customers, reps = args.customers, bench_visibility.REPS
    cr.execute(
        "CREATE TEMP TABLE bench_order_src AS SELECT n, c.id AS partner_id, c.ad_owner_id, c.ad_team_id, "
        "COALESCE(c.ad_owner_id, r.id) AS user_id, COALESCE(c.ad_team_id, r.sale_team_id) AS team_id, "
        "date_trunc('day', now()) - (abs(hashint4(n + 7)) % 365) * interval '1 day' + interval '2 hours' "
        "AS date_order "
        f"FROM generate_series(1, {orders}) n JOIN bench_customer c ON c.i = abs(hashint4(n)) % {customers} "
        f"JOIN bench_rep r ON r.i = n % {reps}"
    )
    dropped = drop_indexes(cr, ["sale_order", "sale_order_line"])
    copy_rows(
        env,
        "sale_order",
        order.id,
        "bench_order_src b",
        {
            "name": "'BSO/' || lpad(b.n::text, 8, '0')",
            "partner_id": "b.partner_id",
            "partner_invoice_id": "b.partner_id",
            "partner_shipping_id": "b.partner_id",
            "ad_managed": "TRUE",
            "ad_owner_id": "b.ad_owner_id",
            "ad_team_id": "b.ad_team_id",
            "user_id": "b.user_id",
            "team_id": "b.team_id",
            "date_order": "b.date_order",
            "state": "'sale'",
            "currency_rate": "1.0",
        },
    )
    print(f"  {orders} orders in {time.time() - t0:.0f} s", flush=True)
    cr.execute(
        "CREATE TEMP TABLE bench_so AS SELECT substring(name from 5)::int AS n, id, partner_id, user_id, "
        "ad_owner_id, ad_team_id FROM sale_order WHERE name LIKE 'BSO/%'"
    )
    price = "(1000 + 100 * (o.n % 10))::numeric"
    discount = "((o.n % 4) * 5)::numeric"
    subtotal = f"({price} * (1 + k) * (100 - {discount}) / 100)"
    copy_rows(
        env,
        "sale_order_line",
        order.order_line.id,
        f"bench_so o CROSS JOIN generate_series(0, {LINES_PER_ORDER - 1}) k "
        f"JOIN bench_slot s ON s.i = (o.n * {LINES_PER_ORDER} + k) % {len(slots)}",
        {
            "order_id": "o.id",
            "product_id": "s.product_id",
            "ad_slot_id": "s.id",
            "order_partner_id": "o.partner_id",
            "salesman_id": "o.user_id",
            "state": "'sale'",
            "ad_managed": "TRUE",
            "ad_owner_id": "o.ad_owner_id",
            "ad_team_id": "o.ad_team_id",
            "price_unit": price,
            "product_uom_qty": "1 + k",
            "discount": discount,
            "price_subtotal": subtotal,
            "price_total": subtotal,
            "price_reduce_taxexcl": f"{subtotal} / (1 + k)",
            "price_reduce_taxinc": f"{subtotal} / (1 + k)",
            "untaxed_amount_to_invoice": subtotal,
        },
    )
    print(f"  {args.lines} order lines in {time.time() - t0:.0f} s", flush=True)
    cr.execute(
        "UPDATE sale_order so SET amount_untaxed = t.amount, amount_total = t.amount "
        "FROM (SELECT order_id, SUM(price_subtotal) AS amount FROM sale_order_line l JOIN bench_so o "
        "ON o.id = l.order_id GROUP BY order_id) t WHERE t.order_id = so.id"
    )
    for definition in dropped:
        cr.execute(definition)
    print(f"  indexes rebuilt in {time.time() - t0:.0f} s", flush=True)
    cr.execute("ANALYZE")
    env.invalidate_all()
    cr.commit()  # pylint: disable=invalid-commit
    print(f"generated in {time.time() - t0:.0f} s", flush=True)


def refresh(env):
    """The materialized figures, as the crons compute them (timed)."""
    for label, method in (
        ("assessment facts", env["ad.assessment.report"]._ad_refresh),
        ("customer analysis facts", env["ad.customer.analysis"]._ad_refresh),
        ("sales by medium facts", env["ad.sales.report"]._ad_refresh),
        ("ABC classes", env["res.partner"]._ad_refresh_abc_classes),
    ):
        start = time.perf_counter()
        method()
        env.cr.commit()  # pylint: disable=invalid-commit
        print(f"  refresh {label}: {time.perf_counter() - start:.1f} s", flush=True)
    env.cr.execute("ANALYZE ad_customer_fact; ANALYZE ad_assessment_fact; ANALYZE ad_sales_fact; ANALYZE res_partner")
    env.cr.commit()  # pylint: disable=invalid-commit


def vanilla_sales_query(env):
    """Odoo's own sale.report query, without the addon's columns, join and grouping."""
    query = env["sale.report"]._table_query
    for name, expression in env["sale.report"]._select_additional_fields().items():
        if name.startswith("ad_"):
            query = query.replace(f",\n            {expression} AS {name}", "")
    query = query.replace(ADDON_JOIN, "").replace(ADDON_GROUP_BY, "")
    assert "ad_" not in query, "the addon's parts of sale.report changed: update ADDON_JOIN / ADDON_GROUP_BY"
    return query


def operations(env, year_start):
    """{name: (user login or None for the superuser, function(env), table of its main statement)}"""
    cr = env.cr
    cr.execute(
        "SELECT user_id, count(*) FROM sale_order WHERE name LIKE 'BSO/%%' AND user_id IN "
        "(SELECT id FROM res_users WHERE login LIKE 'bench_rep\\_%%') GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    )
    rep = env["res.users"].browse(cr.fetchone()[0])
    manager = rep.sale_team_id.user_id
    director = env["res.users"].search([("login", "=", "bench_director")])
    print(f"rep {rep.login}, manager {manager.login}, director {director.login}")
    year = [("date", ">=", year_start)]

    def assessment(e):
        return e["ad.assessment.report"].read_group(
            year, ["achieved:sum", "target_amount:sum", "completion", "score"], ["user_id"], lazy=False
        )

    def analysis(e):
        return e["ad.customer.analysis"].read_group(
            [], ["spend:sum", "order_count:sum", "average_order"], ["ad_owner_id", "abc_class"], lazy=False
        )

    def analysis_list(e):
        return e["ad.customer.analysis"].search_read([], ["partner_id", "spend", "order_count", "abc_class"], limit=80)

    def sales(groupby):
        def run(e):
            return e["sale.report"].read_group(
                [("state", "=", "sale"), ("date", ">=", fields.Datetime.to_string(year_start))],
                ["price_subtotal:sum"],
                groupby,
                lazy=False,
            )

        return run

    def sales_facts(e):
        return e["ad.sales.report"].read_group(
            [("date", ">=", year_start)], ["amount:sum"], ["medium_id", "date:month"], lazy=False
        )

    vanilla = vanilla_sales_query(env)

    def sales_vanilla(e):
        e.cr.execute(
            f"SELECT categ_id, date_trunc('month', date), SUM(price_subtotal) FROM ({vanilla}) sale_report "
            "WHERE state = 'sale' AND date >= %s GROUP BY 1, 2",
            [year_start],
        )
        return e.cr.fetchall()

    return {
        "assessment_director": (director, assessment, "ad_assessment_report"),
        "assessment_rep": (rep, assessment, "ad_assessment_report"),
        "analysis_director": (director, analysis, "ad_customer_analysis"),
        "analysis_manager": (manager, analysis, "ad_customer_analysis"),
        "analysis_rep": (rep, analysis, "ad_customer_analysis"),
        "analysis_list_rep": (rep, analysis_list, "ad_customer_analysis"),
        "facts_medium_month": (director, sales_facts, "ad_sales_report"),
        "facts_medium_month_manager": (manager, sales_facts, "ad_sales_report"),
        "facts_medium_month_rep": (rep, sales_facts, "ad_sales_report"),
        "sales_medium_month": (director, sales(["ad_medium_id", "date:month"]), "sale_order_line"),
        "sales_categ_month": (director, sales(["categ_id", "date:month"]), "sale_order_line"),
        "sales_categ_month_vanilla": (None, sales_vanilla, "sale_order_line"),
    }


def timed(env, operation, repeat):
    """(median ms, first ms, groups or rows returned)"""
    times, result = [], None
    for _ in range(repeat + 1):
        env.invalidate_all()
        start = time.perf_counter()
        result = operation(env)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[1:]), times[0], len(result)


def explain(env, operation, table):
    """EXPLAIN (ANALYZE, BUFFERS) of the operation's statement reading ``table``."""
    env.invalidate_all()
    with capture_queries() as statements:
        operation(env)
    candidates = [s for s in statements if re.search(rf"\b{table}\b", s[1])]
    _delay, query, params = max(candidates, key=lambda s: s[0])
    env.cr.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query}", params)
    return [row[0] for row in env.cr.fetchall()]


def main():
    args = parse_args(__doc__, "ad_bench_analysis", customers=200000, lines=1000000, measure="", no_plans=False)
    registry = open_registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        generate(env, args)
        refresh(env)
        cr.execute("SELECT count(*) FROM sale_order_line WHERE state = 'sale'")
        lines = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM res_partner WHERE ad_is_customer")
        customers = cr.fetchone()[0]
        cr.execute("SELECT ad_abc_class, count(*) FROM res_partner WHERE ad_is_customer GROUP BY 1 ORDER BY 1")
        print(f"{lines} confirmed order lines, {customers} customers, ABC: {cr.fetchall()}")
        year_start = fields.Date.today() - timedelta(days=365)
        ops = operations(env, year_start)
        wanted = [name for name in args.measure.split(",") if name] or list(ops)
        print(f"\n{'operation':<28}{'median ms':>10}{'first ms':>10}{'rows':>8}", flush=True)
        for name in wanted:
            user, operation, _table = ops[name]
            user_env = api.Environment(cr, user.id, {}) if user else env
            median, first, rows = timed(user_env, operation, args.repeat)
            print(f"{name:<28}{median:>10.0f}{first:>10.0f}{rows:>8}", flush=True)
        if not args.no_plans:
            for name in wanted:
                user, operation, table = ops[name]
                user_env = api.Environment(cr, user.id, {}) if user else env
                print(f"\n--- {name}: EXPLAIN (ANALYZE, BUFFERS)")
                print("\n".join(explain(user_env, operation, table)), flush=True)
        cr.rollback()


if __name__ == "__main__":
    main()
