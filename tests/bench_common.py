"""What the benchmark scripts share: arguments, and a registry on a database with the addon."""

import argparse
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONF = os.path.join(ROOT, ".local", "odoo.conf")


def parse_args(doc, default_db, **options):
    """--db, --repeat, and one --option per keyword (a flag when its default is a bool)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--db", default=default_db)
    parser.add_argument("--repeat", type=int, default=7)
    for name, default in options.items():
        flag = "--" + name.replace("_", "-")
        if isinstance(default, bool):
            parser.add_argument(flag, action="store_true", default=default)
        else:
            parser.add_argument(flag, type=type(default), default=default)
    return parser.parse_args()


def open_registry(db):
    """The registry of ``db``, where ad_media_crm is installed (without demo data) if the
    database does not exist yet. Needs the virtualenv and cluster of bin/test or bin/demo."""
    if not os.path.exists(CONF):
        sys.exit(f"no {CONF}: run bin/test or bin/demo once first")
    import odoo
    from odoo.modules.registry import Registry
    from odoo.service import db as db_service

    if odoo.tools.config.rcfile != CONF:
        odoo.tools.config.parse_config(["-c", CONF])
    if not db_service.exp_db_exist(db):
        print(f"installing ad_media_crm in {db} ...", flush=True)
        subprocess.run(
            [os.path.join(ROOT, ".venv", "bin", "odoo"), "-c", CONF, "-d", db, "-i", "ad_media_crm",
             "--without-demo=all", "--stop-after-init", "--log-level=warn"],
            check=True,
        )  # fmt: skip
    return Registry(db)


def drop_database(db):
    """Drop ``db`` (a benchmark database to rebuild); the registry must not be in use."""
    import odoo
    from odoo.modules.registry import Registry

    Registry.delete(db)
    odoo.sql_db.close_db(db)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [db])
        cr.execute(f'DROP DATABASE "{db}"')
