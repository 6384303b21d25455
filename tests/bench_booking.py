"""Booking benchmark: availability, conflict checks and confirmation at scale.

Generates (once, in database ``--db``) 100 media with 2,000 placements (half exclusive,
half of capacity 3) and about 2,000,000 confirmed one-date bookings over three years
(2025-2027), with their per-date occupancy rows. Then prints median timings of:

- availability of one placement for a year and of one medium (20 placements) for a month,
  from the occupancy table (what the Availability views and the pattern wizard read), next
  to the same answer computed from the bookings themselves (the naive way, no occupancy);
- the booking schedule (calendar) of a medium for a month, as a rep with the record rules;
- the conflict check at confirmation: confirming a booking on a free date and on a full
  date of an exclusive placement and of a capacity-3 placement;
- confirming a 52-line order (one insertion a week for a year), against confirming the same
  order with plain product lines (vanilla Odoo, no placements), in the same run;

and the query plans of the statements the check runs (no sequential scan expected).

Run after ``bin/test`` or ``bin/demo`` has set up the virtualenv and the cluster:

    .venv/bin/python tests/bench_booking.py [--db ad_bench_booking] [--repeat 7]
"""

import statistics
import time
from datetime import date, timedelta

from bench_common import open_registry, parse_args

from odoo import SUPERUSER_ID, api

MEDIA, SLOTS_PER_MEDIUM = 100, 20
FIRST_DAY, DAYS = date(2025, 1, 1), 3 * 365
SLOTS = MEDIA * SLOTS_PER_MEDIUM


def generate(env):
    cr = env.cr
    cr.execute("SELECT count(*) FROM ad_booking")
    if cr.fetchone()[0] >= 1_900_000:
        return
    print("generating data ...", flush=True)
    t0 = time.time()
    product = env["product.product"].create({"name": "Bench placement", "type": "service", "list_price": 100})
    media = env["ad.medium"].create([{"name": f"Bench Medium {m}", "medium_type": "newspaper"} for m in range(MEDIA)])
    env["ad.slot"].create(
        [
            {
                "medium_id": medium.id,
                "name": f"Bench Slot {m}-{s}",
                "code": f"B{m}-{s}",
                "capacity": 1 if s % 2 == 0 else 3,
                "product_id": product.id,
            }
            for m, medium in enumerate(media)
            for s in range(SLOTS_PER_MEDIUM)
        ]
    )
    env.flush_all()
    # Exclusive placements: booked on 10 dates of 11; capacity 3: one booking on every date. In
    # bulk: the occupancy trigger is off while both tables are filled, set-wise, below.
    cr.execute("ALTER TABLE ad_booking DISABLE TRIGGER ad_booking_occupancy_sync")
    cr.execute(
        """
        INSERT INTO ad_booking (slot_id, medium_id, company_id, date_start, date_end, quantity, state, exclusive,
                                ad_managed, create_uid, write_uid, create_date, write_date)
        SELECT s.id, s.medium_id, s.company_id, d::date, d::date, 1, 'confirmed', s.capacity = 1,
               false, 1, 1, now(), now()
          FROM ad_slot s
         CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') d
         WHERE s.code LIKE 'B%%'
           AND (s.capacity > 1 OR (d::date - %s::date) %% 11 != 0)
        """,
        [FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1), FIRST_DAY],
    )
    print(f"  {cr.rowcount} bookings in {time.time() - t0:.0f} s", flush=True)
    cr.execute(
        """
        INSERT INTO ad_slot_occupancy (slot_id, medium_id, date, quantity, capacity)
        SELECT b.slot_id, b.medium_id, b.date_start, SUM(b.quantity), s.capacity
          FROM ad_booking b JOIN ad_slot s ON s.id = b.slot_id
         WHERE b.state = 'confirmed' AND s.code LIKE 'B%%'
         GROUP BY b.slot_id, b.medium_id, b.date_start, s.capacity
        ON CONFLICT (slot_id, date) DO NOTHING
        """
    )
    print(f"  {cr.rowcount} occupancy rows in {time.time() - t0:.0f} s", flush=True)
    cr.execute("ALTER TABLE ad_booking ENABLE TRIGGER ad_booking_occupancy_sync")
    rep_group, user_group = env.ref("ad_media_crm.group_ad_rep"), env.ref("base.group_user")
    rep = env["res.users"].create(
        {"name": "Bench Booker", "login": "bench_booker", "groups_id": [(6, 0, (rep_group | user_group).ids)]}
    )
    customer = env["res.partner"].create({"name": "Bench Advertiser", "is_company": True, "ad_managed": True})
    customer._ad_assign_owner(rep, "benchmark")
    cr.execute("ANALYZE")
    cr.commit()  # pylint: disable=invalid-commit
    print(f"generated in {time.time() - t0:.0f} s", flush=True)


def median_ms(operation, repeat, env, rollback=False):
    """Median wall time of ``operation``; with ``rollback``, each run is undone (savepoint)."""
    from odoo.exceptions import ValidationError

    samples = []
    for run in range(repeat + 1):
        env.invalidate_all()
        savepoint = env.cr.savepoint() if rollback else None
        start = time.perf_counter()
        try:
            operation()
            env.flush_all()
        except ValidationError:  # the clash case
            pass
        elapsed = (time.perf_counter() - start) * 1000
        if savepoint:
            savepoint.rollback()
            savepoint.close(rollback=False)
        env.invalidate_all()
        if run:  # the first run warms caches up
            samples.append(elapsed)
    return statistics.median(samples)


def explain(env, query, params):
    env.cr.execute("EXPLAIN " + query, params)
    plan = "\n".join("    " + row[0] for row in env.cr.fetchall())
    verdict = "SEQUENTIAL SCAN" if "Seq Scan on ad_" in plan else "no sequential scan"
    return f"({verdict})\n{plan}"


def order_values(customer, slot, product, weekly_from, placements=True):
    lines = []
    for week in range(52):
        day = weekly_from + timedelta(weeks=week)
        values = {"product_id": product.id, "product_uom_qty": 1}
        if placements:
            values.update({"ad_slot_id": slot.id, "ad_date_start": day, "ad_date_end": day})
        lines.append((0, 0, values))
    return {"partner_id": customer.id, "order_line": lines}


def main():
    args = parse_args(__doc__, "ad_bench_booking")
    registry = open_registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        generate(env)
        report(env, args.repeat)
        cr.rollback()


def report(env, repeat):
    cr = env.cr
    slots = env["ad.slot"].search([("code", "like", "B50-")], order="id")
    medium = slots.medium_id
    exclusive = slots.filtered(lambda s: s.capacity == 1)[0]
    shared = slots.filtered(lambda s: s.capacity == 3)[0]
    rep = env["res.users"].search([("login", "=", "bench_booker")])
    rep_env = env(user=rep.id, su=False)
    customer = env["res.partner"].search([("name", "=", "Bench Advertiser")])
    product = exclusive.product_id
    Occupancy, Booking = env["ad.slot.occupancy"], env["ad.booking"]
    year_from, year_to = date(2026, 1, 1), date(2026, 12, 31)
    month_from, month_to = date(2026, 6, 1), date(2026, 6, 30)
    cr.execute("SELECT count(*) FROM ad_booking")
    bookings = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM ad_slot_occupancy")
    occupancy_rows = cr.fetchone()[0]

    naive = """
        SELECT s.id, d::date, s.capacity - COALESCE(SUM(b.quantity), 0)
          FROM ad_slot s CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') d
          LEFT JOIN ad_booking b ON b.slot_id = s.id AND b.state = 'confirmed'
                                AND d::date BETWEEN b.date_start AND b.date_end
         WHERE s.id = ANY(%s) GROUP BY s.id, d, s.capacity"""
    timings = {
        "availability: slot x year (occupancy)": lambda: exclusive._ad_availability(year_from, year_to),
        "availability: slot x year (from bookings)": lambda: cr.execute(naive, [year_from, year_to, exclusive.ids]),
        "availability: medium x month (occupancy)": lambda: slots._ad_availability(month_from, month_to),
        "availability: medium x month (from bookings)": lambda: cr.execute(naive, [month_from, month_to, slots.ids]),
        "availability pivot: medium x month, rep": lambda: Occupancy.with_env(rep_env).read_group(
            [("medium_id", "=", medium.id), ("date", ">=", month_from), ("date", "<=", month_to)],
            ["quantity:sum", "capacity:sum"],
            ["slot_id", "date:day"],
            lazy=False,
        ),
        "schedule calendar: medium x month, rep": lambda: Booking.with_env(rep_env).search_read(
            [
                ("medium_id", "=", medium.id),
                ("date_start", "<=", month_to),
                ("date_end", ">=", month_from),
                ("state", "!=", "cancelled"),
            ],
            ["slot_id", "date_start", "date_end", "partner_id", "order_id", "state"],
        ),
    }
    figures = {label: median_ms(operation, repeat, env) for label, operation in timings.items()}

    def confirm_one(slot, day):
        booking = Booking.create({"slot_id": slot.id, "date_start": day, "date_end": day})
        return lambda: booking._ad_confirm()

    # a date the exclusive placement has free (one in eleven), and the booked date after it
    cr.execute(
        "SELECT min(d) FROM generate_series(%s::date, %s::date, interval '1 day') d "
        "WHERE NOT EXISTS (SELECT 1 FROM ad_slot_occupancy o WHERE o.slot_id = %s AND o.date = d::date)",
        [year_from, year_to, exclusive.id],
    )
    free_day = cr.fetchone()[0].date()
    full_day = free_day + timedelta(days=1)
    for label, slot, day in (
        ("conflict check: exclusive, free date", exclusive, free_day),
        ("conflict check: exclusive, full date (clash)", exclusive, full_day),
        ("conflict check: capacity 3, free date", shared, full_day),
    ):
        figures[label] = median_ms(lambda s=slot, d=day: confirm_one(s, d)(), repeat, env, rollback=True)

    def confirm_order(placements):
        order = (
            env["sale.order"]
            .with_env(rep_env)
            .create(order_values(customer, shared, product, date(2026, 3, 2), placements))
        )
        order.action_confirm()

    figures["confirm 52-line order, placements"] = median_ms(lambda: confirm_order(True), repeat, env, True)
    figures["confirm 52-line order, plain lines (vanilla)"] = median_ms(lambda: confirm_order(False), repeat, env, True)

    print(f"\n{SLOTS} placements in {MEDIA} media, {bookings} bookings, {occupancy_rows} occupancy rows, "
          f"{FIRST_DAY} + {DAYS} days; median of {repeat} runs, ms")  # fmt: skip
    for label, value in figures.items():
        print(f"{label:48} {value:9.1f}")

    print("\nplans of the statements a confirmation runs:")
    probe = Booking.create({"slot_id": exclusive.id, "date_start": free_day, "date_end": free_day})
    env.flush_all()
    print(
        "occupancy upsert, run by the trigger (unique index on slot, date; CHECK quantity <= capacity)",
        explain(
            env,
            "INSERT INTO ad_slot_occupancy AS o (slot_id, medium_id, date, quantity, capacity) "
            "SELECT s.id, s.medium_id, d::date, %s, s.capacity FROM ad_slot s "
            "CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') d WHERE s.id = %s "
            "ON CONFLICT (slot_id, date) DO UPDATE SET quantity = o.quantity + EXCLUDED.quantity",
            [probe.quantity, probe.date_start, probe.date_end, probe.slot_id.id],
        ),
    )
    print(
        "exclusion constraint probe (what the GiST constraint looks up)",
        explain(
            env,
            "SELECT 1 FROM ad_booking WHERE slot_id = %s AND state = 'confirmed' AND exclusive "
            "AND daterange(date_start, date_end, '[]') && daterange(%s, %s, '[]')",
            [exclusive.id, free_day, free_day],
        ),
    )
    print(
        "clash message: full dates",
        explain(
            env,
            "SELECT date FROM ad_slot_occupancy WHERE slot_id = %s AND date BETWEEN %s AND %s "
            "AND capacity - quantity < %s ORDER BY date",
            [exclusive.id, full_day, full_day, 1],
        ),
    )
    print(
        "availability: medium x month",
        explain(
            env,
            "SELECT slot_id, date, quantity FROM ad_slot_occupancy WHERE medium_id = %s AND date BETWEEN %s AND %s",
            [medium.id, month_from, month_to],
        ),
    )


if __name__ == "__main__":
    main()
