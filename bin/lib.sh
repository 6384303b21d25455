# Shared set-up for bin/demo and bin/test (sourced, not run).
# Everything it creates lives in the checkout: .venv/ (Python), .local/ (PostgreSQL
# cluster, Odoo data dir, logs, config). Both are ignored by git.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
STATE="$ROOT/.local"
PGDATA_DIR="$STATE/pgdata"
PGRUN="$STATE/pgrun"
PGPORT_AD=${AD_PGPORT:-54329}
DB_USER=ad_media_crm
ODOO_CONF="$STATE/odoo.conf"
PY="$VENV/bin/python"

say() { printf '[ad_media_crm] %s\n' "$*"; }
die() { printf '[ad_media_crm] ERROR: %s\n' "$*" >&2; exit 2; }

# --- Odoo: ODOO_WHEEL (a wheel), ODOO_SOURCE (a checkout), or ../shared/odoo -------------
find_odoo() {
    local shared="$ROOT/../shared/odoo"
    ODOO_REQS=""
    if [ -n "${ODOO_WHEEL:-}" ]; then
        [ -f "$ODOO_WHEEL" ] || die "ODOO_WHEEL=$ODOO_WHEEL is not a file; point it to an Odoo 18.0 wheel."
        ODOO_SPEC="$ODOO_WHEEL"
        [ -f "$(dirname "$ODOO_WHEEL")/requirements.txt" ] && ODOO_REQS="$(dirname "$ODOO_WHEEL")/requirements.txt"
    elif [ -n "${ODOO_SOURCE:-}" ]; then
        [ -f "$ODOO_SOURCE/odoo/release.py" ] || die "ODOO_SOURCE=$ODOO_SOURCE is not an Odoo source checkout (no odoo/release.py)."
        ODOO_SPEC="$ODOO_SOURCE"
        [ -f "$ODOO_SOURCE/requirements.txt" ] && ODOO_REQS="$ODOO_SOURCE/requirements.txt"
    else
        ODOO_SPEC=$(ls "$shared"/odoo-18.0*.whl 2>/dev/null | head -n 1 || true)
        [ -n "$ODOO_SPEC" ] || die "no Odoo 18.0 found (looked at \$ODOO_WHEEL, \$ODOO_SOURCE and $shared/odoo-18.0*.whl); set ODOO_WHEEL=/path/to/odoo-18.0-*.whl or ODOO_SOURCE=/path/to/odoo-18.0-checkout."
        ODOO_REQS="$shared/requirements.txt"
    fi
}

# --- Python: a virtualenv with Odoo, its pinned dependencies and our tools ---------------
# pip, quiet, without the warnings about package folders this machine's pip.conf names
pip_install() { "$PY" -m pip install -q "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }

setup_python() {
    find_odoo
    command -v python3.11 >/dev/null || command -v python3 >/dev/null || die "no python3 found; install Python 3.11 (Debian: apt-get install python3 python3-venv)."
    local stamp="$VENV/.ad_setup"
    local want
    want=$(cat "$ROOT/requirements-dev.txt" ${ODOO_REQS:+"$ODOO_REQS"} | sha1sum | cut -c1-12)-$(basename "$ODOO_SPEC")
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    say "setting up the virtualenv in $VENV (Odoo from $ODOO_SPEC) ..."
    [ -x "$PY" ] || python3 -m venv "$VENV" || die "could not create a virtualenv with python3 -m venv (Debian: apt-get install python3-venv)."
    pip_install -U pip wheel >/dev/null || die "pip could not upgrade itself in $VENV (is PyPI reachable?)."
    if [ -n "$ODOO_REQS" ]; then
        pip_install -r "$ODOO_REQS" || die "pip could not install Odoo's dependencies from $ODOO_REQS (gcc and libpq-dev are needed for psycopg2)."
    fi
    if [ -d "$ODOO_SPEC" ]; then
        pip_install --no-deps -e "$ODOO_SPEC" || die "pip could not install Odoo from $ODOO_SPEC."
    else
        pip_install --no-deps "$ODOO_SPEC" || die "pip could not install Odoo from $ODOO_SPEC."
    fi
    pip_install -r "$ROOT/requirements-dev.txt" || die "pip could not install requirements-dev.txt (is PyPI reachable?)."
    "$PY" -c "import odoo.release as r; assert r.version_info[0] == 18, r.version" \
        || die "the Odoo installed from $ODOO_SPEC is not Odoo 18.0."
    echo "$want" > "$stamp"
}

# --- Debian packages ----------------------------------------------------------------------
# need_debs CMD:PKG ... installs the packages whose command/file is missing.
need_debs() {
    local missing=() item check pkg
    for item in "$@"; do
        check=${item%%:*}; pkg=${item#*:}
        if [[ $check == /* ]]; then [ -e "$check" ] && continue; else command -v "$check" >/dev/null && continue; fi
        missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing Debian packages: ${missing[*]} ..."
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
            || die "apt-get could not install: ${missing[*]}; install them by hand (as root: apt-get install ${missing[*]})."
    else
        die "missing Debian packages: ${missing[*]}; install them as root: apt-get install ${missing[*]}."
    fi
}

# --- PostgreSQL: a private cluster in .local/, Unix socket only, as a non-root account ----
pg_bindir() {
    local d
    for d in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
}

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

setup_postgres() {
    local bin
    bin=$(pg_bindir)
    if [ -z "$bin" ]; then
        need_debs "/usr/lib/postgresql/15/bin/initdb:postgresql-15"
        bin=$(pg_bindir)
    fi
    need_debs "/usr/share/postgresql/15/extension/btree_gist.control:postgresql-contrib-15"
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        die "running as root but there is no 'postgres' account for the private cluster; run as a normal user or install postgresql."
    fi
    mkdir -p "$STATE" "$PGRUN"
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        say "creating a private PostgreSQL cluster in $PGDATA_DIR ..."
        mkdir -p "$PGDATA_DIR"
        [ "$(id -u)" = 0 ] && chown postgres "$PGDATA_DIR" "$PGRUN"
        as_pg "$bin/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 \
            || die "initdb failed, see $STATE/initdb.log."
        cat >>"$PGDATA_DIR/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PGRUN'
port = $PGPORT_AD
max_connections = 200
shared_buffers = 512MB
work_mem = 16MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    fi
    [ "$(id -u)" = 0 ] && chown postgres "$PGRUN"
    if ! as_pg "$bin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PGRUN/postgres.log" -w -t 60 start >/dev/null \
            || die "PostgreSQL did not start, see $PGRUN/postgres.log."
    fi
    if ! psql -h "$PGRUN" -p "$PGPORT_AD" -U postgres -d postgres -tAc "select 1 from pg_roles where rolname='$DB_USER'" | grep -q 1; then
        psql -h "$PGRUN" -p "$PGPORT_AD" -U postgres -d postgres -qc "create role $DB_USER login createdb" >/dev/null
    fi
    export PGHOST="$PGRUN" PGPORT="$PGPORT_AD" PGUSER="$DB_USER" PGDATABASE=postgres
}

write_odoo_conf() {
    mkdir -p "$STATE/data"
    cat >"$ODOO_CONF" <<CONF
[options]
addons_path = $ROOT
data_dir = $STATE/data
db_host = $PGRUN
db_port = $PGPORT_AD
db_user = $DB_USER
db_password = False
admin_passwd = admin
list_db = False
CONF
}

odoo_bin() { "$VENV/bin/odoo" -c "$ODOO_CONF" "$@"; }

db_exists() { psql -d postgres -tAc "select 1 from pg_database where datname='$1'" | grep -q 1; }

module_installed() {
    db_exists "$1" && psql -d "$1" -tAc "select state from ir_module_module where name='ad_media_crm'" 2>/dev/null | grep -q '^installed$'
}

setup_all() {
    need_debs "gcc:gcc" "pg_config:libpq-dev" "wkhtmltopdf:wkhtmltopdf" "fc-list:fontconfig" "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk"
    setup_python
    setup_postgres
    write_odoo_conf
}
