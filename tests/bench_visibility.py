"""Visibility benchmark: the addon's record rules against vanilla Odoo's on the same data.

Generates (once, in database ``--db``) 200,000 customers, 2,000 reps in 100 teams and
500,000 sale orders, then times customer and order queries for a rep and for an admin:
once with the addon's global ownership rules, once with them switched off, which leaves
vanilla Odoo 18's own "own documents" rules of the salesman group in force. Prints the
medians, the ratios and the query plans of the rep's queries (no sequential scan on
partner tables expected).

Run after ``bin/test`` or ``bin/demo`` has set up the virtualenv and the cluster:

    .venv/bin/python tests/bench_visibility.py [--db ad_bench] [--repeat 7]
"""

import statistics
import time

from bench_common import open_registry, parse_args

from odoo import SUPERUSER_ID, api

CUSTOMERS, REPS, TEAMS, ORDERS = 200_000, 2_000, 100, 500_000
CUSTOMER_FIELDS = [
    "ad_customer_code",
    "name",
    "industry_id",
    "ad_customer_type",
    "ad_customer_status",
    "phone",
    "ad_owner_id",
    "ad_ownership_state",
]
ORDER_FIELDS = ["name", "partner_id", "date_order", "user_id", "amount_total", "state"]


def copy_rows(env, table, template_id, count, overrides):
    """Insert ``count`` copies of row ``template_id`` of ``table``; ``overrides`` maps
    columns to SQL expressions of ``n`` (1..count). Returns nothing; fast (one statement)."""
    env.flush_all()  # the template row must be complete in the database
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [row[0] for row in env.cr.fetchall()]
    quoted = [f'"{column}"' for column in columns]
    select = [overrides.get(column, f't."{column}"') for column in columns]
    env.cr.execute(
        f'INSERT INTO "{table}" ({", ".join(quoted)}) '
        f'SELECT {", ".join(select)} FROM "{table}" t, generate_series(1, {count}) n WHERE t.id = {template_id}'
    )


def generate(env):
    cr = env.cr
    cr.execute("SELECT count(*) FROM res_partner WHERE ad_is_customer")
    if cr.fetchone()[0] >= CUSTOMERS:
        return
    print("generating data ...", flush=True)
    t0 = time.time()
    rep_group = env.ref("ad_media_crm.group_ad_rep")
    manager_group = env.ref("ad_media_crm.group_ad_manager")
    user_group = env.ref("base.group_user")
    # template records made by the ORM, then copied in bulk by SQL
    template_user = env["res.users"].create(
        {"name": "Bench Rep", "login": "bench_rep_template", "groups_id": [(6, 0, (rep_group | user_group).ids)]}
    )
    managers = env["res.users"].create(
        [
            {
                "name": f"Bench Manager {t}",
                "login": f"bench_manager_{t}",
                "groups_id": [(6, 0, (manager_group | user_group).ids)],
            }
            for t in range(TEAMS)
        ]
    )
    teams = env["crm.team"].create([{"name": f"Bench Team {t}", "user_id": managers[t].id} for t in range(TEAMS)])
    copy_rows(
        env,
        "res_partner",
        template_user.partner_id.id,
        REPS,
        {"name": "'Bench Rep ' || n", "complete_name": "'Bench Rep ' || n", "email": "'rep' || n || '@bench.example'"},
    )
    cr.execute(
        "SELECT id FROM res_partner WHERE name LIKE 'Bench Rep %%' AND id != %s ORDER BY id",
        [template_user.partner_id.id],
    )
    rep_partner_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "CREATE TEMP TABLE bench_rep_partner AS "
        "SELECT row_number() OVER (ORDER BY id) n, id FROM res_partner WHERE id = ANY(%s)",
        [rep_partner_ids],
    )
    copy_rows(
        env,
        "res_users",
        template_user.id,
        REPS,
        {"login": "'bench_rep_' || n", "partner_id": "(SELECT id FROM bench_rep_partner p WHERE p.n = n.n)"},
    )
    cr.execute(
        "SELECT id FROM res_users WHERE login LIKE 'bench_rep\\_%%' AND id != %s ORDER BY id", [template_user.id]
    )
    rep_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "INSERT INTO res_groups_users_rel (gid, uid) SELECT g.gid, u.id FROM res_users u, "
        "(SELECT gid FROM res_groups_users_rel WHERE uid = %s) g WHERE u.id = ANY(%s)",
        [template_user.id, rep_ids],
    )
    cr.execute(
        "INSERT INTO res_company_users_rel (cid, user_id) SELECT c.cid, u.id FROM res_users u, "
        "(SELECT cid FROM res_company_users_rel WHERE user_id = %s) c WHERE u.id = ANY(%s)",
        [template_user.id, rep_ids],
    )
    cr.execute(
        "INSERT INTO crm_team_member (crm_team_id, user_id, active, create_date) "
        "SELECT (%s::int[])[1 + (i - 1) %% %s], u, true, now() FROM unnest(%s::int[]) WITH ORDINALITY AS x(u, i)",
        [teams.ids, TEAMS, rep_ids],
    )
    cr.execute(
        "UPDATE res_users u SET sale_team_id = m.crm_team_id "
        "FROM crm_team_member m WHERE m.user_id = u.id AND u.id = ANY(%s)",
        [rep_ids],
    )
    industries = env["res.partner.industry"].search([]).ids
    template_customer = env["res.partner"].create({"name": "Bench Customer", "is_company": True, "ad_managed": True})
    # 90% owned (spread over the reps), 10% in the shared pool
    cr.execute(
        "CREATE TEMP TABLE bench_rep AS SELECT row_number() OVER (ORDER BY u.id) - 1 i, u.id, u.sale_team_id "
        "FROM res_users u WHERE u.id = ANY(%s)",
        [rep_ids],
    )
    cr.execute("CREATE INDEX ON bench_rep (i)")
    owner = f"CASE WHEN n % 10 = 0 THEN NULL ELSE (SELECT id FROM bench_rep r WHERE r.i = n % {REPS}) END"
    team = f"CASE WHEN n % 10 = 0 THEN NULL ELSE (SELECT sale_team_id FROM bench_rep r WHERE r.i = n % {REPS}) END"
    copy_rows(
        env,
        "res_partner",
        template_customer.id,
        CUSTOMERS,
        {
            "name": "'Customer ' || md5(n::text)",
            "complete_name": "'Customer ' || md5(n::text)",
            "ad_customer_code": "'B' || lpad(n::text, 7, '0')",
            "ad_name_key": "'customer' || md5(n::text)",
            "phone": "'021 ' || (10000000 + n)",
            "ad_phone_keys": "' 21' || (10000000 + n) || ' '",
            "industry_id": f"(ARRAY{industries})[1 + n % {len(industries)}]",
            "ad_owner_id": owner,
            "ad_team_id": team,
            "ad_ownership_state": "CASE WHEN n % 10 = 0 THEN 'pool' ELSE 'owned' END",
            "commercial_partner_id": "NULL",
        },
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    order = env["sale.order"].create({"partner_id": template_customer.id})
    cr.execute(
        "CREATE TEMP TABLE bench_customer AS SELECT row_number() OVER (ORDER BY id) - 1 i, id, ad_owner_id, ad_team_id "
        "FROM res_partner WHERE ad_customer_code LIKE 'B%%'"
    )
    cr.execute("CREATE INDEX ON bench_customer (i)")
    copy_rows(
        env,
        "sale_order",
        order.id,
        ORDERS,
        {
            "name": "'S' || lpad(n::text, 7, '0')",
            "partner_id": f"(SELECT id FROM bench_customer c WHERE c.i = n % {CUSTOMERS})",
            "partner_invoice_id": f"(SELECT id FROM bench_customer c WHERE c.i = n % {CUSTOMERS})",
            "partner_shipping_id": f"(SELECT id FROM bench_customer c WHERE c.i = n % {CUSTOMERS})",
            "ad_owner_id": f"(SELECT ad_owner_id FROM bench_customer c WHERE c.i = n % {CUSTOMERS})",
            "ad_team_id": f"(SELECT ad_team_id FROM bench_customer c WHERE c.i = n % {CUSTOMERS})",
            "user_id": f"COALESCE((SELECT ad_owner_id FROM bench_customer c WHERE c.i = n % {CUSTOMERS}), "
            f"(SELECT id FROM bench_rep r WHERE r.i = n % {REPS}))",
            "date_order": "now() - (n % 1000) * interval '1 day'",
            "state": "CASE WHEN n % 3 = 0 THEN 'draft' ELSE 'sale' END",
            "amount_total": "(n % 100) * 1000",
        },
    )
    cr.execute("ANALYZE")
    env.invalidate_all()
    env.registry.clear_cache()
    cr.commit()  # pylint: disable=invalid-commit
    print(f"generated in {time.time() - t0:.0f} s", flush=True)


def operations(env):
    Partner = env["res.partner"]
    Order = env["sale.order"]
    domain = [("ad_is_customer", "=", True)]
    return {
        "customers: list 80": lambda: Partner.search_read(domain, CUSTOMER_FIELDS, limit=80),
        "customers: count": lambda: Partner.search_count(domain),
        "customers: search name": lambda: Partner.search([*domain, ("name", "ilike", "customer 1a")], limit=80),
        "customers: name_search": lambda: Partner.name_search("Customer 1a", limit=8),
        "customers: read_group industry": lambda: Partner.read_group(domain, ["industry_id"], ["industry_id"]),
        "orders: list 80": lambda: Order.search_read([], ORDER_FIELDS, limit=80),
        "orders: count": lambda: Order.search_count([]),
        "orders: name_search": lambda: Order.name_search("S00001", limit=8),
        "orders: read_group state": lambda: Order.read_group([], ["amount_total:sum"], ["state"]),
    }


def time_all(env, repeat):
    results = {}
    for label, operation in operations(env).items():
        operation()  # warm-up (rule cache, plans)
        samples = []
        for _ in range(repeat):
            env.invalidate_all()
            start = time.perf_counter()
            operation()
            samples.append((time.perf_counter() - start) * 1000)
        results[label] = statistics.median(samples)
    return results


def explain(env, model, domain):
    query = env[model]._search(domain, limit=80)
    env.cr.execute(f"EXPLAIN {query.select().code}", query.select().params)
    return "\n".join("    " + row[0] for row in env.cr.fetchall())


def main():
    args = parse_args(__doc__, "ad_bench")
    registry = open_registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        generate(env)
        rep = env["res.users"].search([("login", "=", "bench_rep_7")])
        admin = env.ref("base.user_admin")
        rules = env["ir.rule"].search([("name", "like", "Advertising:%"), ("global", "=", True)])
        figures = {}
        for mode in ("addon", "vanilla"):
            rules.write({"active": mode == "addon"})
            env.flush_all()
            env.registry.clear_cache()
            for who, user in (("rep", rep), ("admin", admin)):
                user_env = env(user=user.id, su=False)
                figures[mode, who] = time_all(user_env, args.repeat)
        rules.write({"active": True})
        env.flush_all()
        env.registry.clear_cache()
        rep_env = env(user=rep.id, su=False)
        print(
            f"\n{CUSTOMERS} customers, {REPS} reps in {TEAMS} teams, {ORDERS} orders; median of {args.repeat} runs, ms"
        )
        print(
            f"{'operation':34} {'rep addon':>10} {'rep vanilla':>12} {'ratio':>6} "
            f"{'admin addon':>12} {'admin vanilla':>14} {'ratio':>6}"
        )
        for label in figures["addon", "rep"]:
            ra, rv = figures["addon", "rep"][label], figures["vanilla", "rep"][label]
            aa, av = figures["addon", "admin"][label], figures["vanilla", "admin"][label]
            print(f"{label:34} {ra:10.1f} {rv:12.1f} {ra / rv:6.2f} {aa:12.1f} {av:14.1f} {aa / av:6.2f}")
        print(
            f"\nrep {rep.login} sees "
            f"{rep_env['res.partner'].search_count([('ad_is_customer', '=', True)])} customers and "
            f"{rep_env['sale.order'].search_count([])} orders"
        )
        for model, domain in (("res.partner", [("ad_is_customer", "=", True)]), ("sale.order", [])):
            plan = explain(rep_env, model, domain)
            verdict = (
                "SEQUENTIAL SCAN"
                if "Seq Scan on res_partner" in plan or "Seq Scan on sale_order" in plan
                else "no sequential scan"
            )
            print(f"\nplan of the rep's {model} list ({verdict}):\n{plan}")
        cr.rollback()


if __name__ == "__main__":
    main()
