"""Read an Odoo test log and say what ran, for bin/test.

``defined``  the addon's tests: every ``test*`` method of every TestCase class of its test
             modules, inherited ones included (what a reader of the code expects to run),
             next to what Odoo's loader collects (it drops inherited methods unless the class
             sets ``allow_inherited_tests_method``), compared with the tests the log shows
             starting ("Starting Class.method ...", logged by odoo/tests/result.py).
             Fails when a defined test did not start.
``suites``   Odoo's own suites: how many of their tests started, which failed (the log's
             "FAIL: Class.method" / "ERROR: Class.method" lines), compared with a baseline
             file of test ids that fail on this Odoo without the addon. Fails on a failure
             that is not in the baseline.

Test ids are written ``/module:Class.method``, the form ``--test-tags`` takes, so that one
can be run again on its own. The last line is ``counts: passed=N failed=N`` for bin/test.
"""

import argparse
import inspect
import re
import sys
from collections import Counter

# 2025-01-01 10:00:00,123 4242 INFO db odoo.addons.sale.tests.test_x: Starting TestY.test_z ...
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"odoo\.addons\.(?P<module>\w+)\.tests\.(?P<logger>[\w.]+): (?P<msg>.*)$"
)
STARTING = re.compile(r"^Starting (?P<cls>[\w.]+)\.(?P<method>\w+) \.\.\.$")
# FAIL: TestY.test_z / ERROR: TestY.test_z / ERROR: Subtest TestY.test_z (i=1)
# / ERROR: setUpClass (odoo.addons.sale.tests.test_x.TestY)
FAILED = re.compile(
    r"^(?P<kind>FAIL|ERROR): (?:Subtest )?(?:(?P<cls>[\w.]+)\.(?P<method>\w+)\b"
    r"|(?P<fixture>setUpClass|tearDownClass|setUpModule|tearDownModule) \((?P<where>[\w.]+)\))"
)
SKIPPED = re.compile(r"^skipped (?P<cls>[\w.]+)\.(?P<method>\w+) : (?P<reason>.*)$")
BROWSER_OPEN = re.compile(r'^Open ".*" in browser$')
MAX_NAMES = 40  # names listed at most per kind


def parse_log(path, modules):
    started, failed, skipped, browser_runs = [], [], [], Counter()
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            m = LOG_LINE.match(line.rstrip())
            if not m or m["module"] not in modules:
                continue
            msg, module = m["msg"], m["module"]
            if s := STARTING.match(msg):
                started.append(f"/{module}:{s['cls']}.{s['method']}")
            elif m["level"] == "ERROR" and (f := FAILED.match(msg)):
                if f["fixture"]:
                    failed.append(f"/{module}:{f['where'].rsplit('.', 1)[-1]}.{f['fixture']}")
                else:
                    failed.append(f"/{module}:{f['cls']}.{f['method']}")
            elif s := SKIPPED.match(msg):
                skipped.append((f"/{module}:{s['cls']}.{s['method']}", s["reason"]))
            elif BROWSER_OPEN.match(msg):
                browser_runs[module] += 1
    return started, failed, skipped, browser_runs


def defined_tests(module_name, test_tags, conf):
    """(defined, collected, tours): test ids the addon defines (inherited methods included,
    filtered by the run's tags as Odoo's loader filters), those the loader collects, and the
    defined ones that run in a browser (HttpCase tests that call start_tour)."""
    import odoo

    odoo.tools.config.parse_config(["-c", conf, "--test-tags", test_tags, "--log-level=warn"])
    from odoo.tests import HttpCase, loader
    from odoo.tests.tag_selector import TagsSelector

    config_tags = TagsSelector(test_tags)
    positions = TagsSelector("at_install"), TagsSelector("post_install")

    def wanted(test):
        return config_tags.check(test) and any(p.check(test) for p in positions)

    def browses(cls):
        """Whether the class or a mixin of the addon's starts a browser (a tour)."""
        own = [c for c in cls.__mro__ if c.__module__.startswith(f"odoo.addons.{module_name}.")]
        return any(word in inspect.getsource(c) for c in own for word in ("start_tour", "browser_js"))

    defined, collected, tours = set(), set(), set()
    for test_module in loader.get_test_modules(module_name):
        for cls in vars(test_module).values():
            if not (isinstance(cls, type) and issubclass(cls, loader.case.TestCase)):
                continue
            if cls.__module__ != test_module.__name__:
                continue  # imported from elsewhere: counted where it is defined
            for name, _member in inspect.getmembers(cls, callable):
                if not name.startswith("test"):
                    continue
                test = cls(name)
                if not wanted(test):
                    continue
                test_id = f"/{module_name}:{cls.__qualname__}.{name}"
                defined.add(test_id)
                if issubclass(cls, HttpCase) and browses(cls):
                    tours.add(test_id)
        for test in loader.get_module_test_cases(test_module):
            if wanted(test):
                collected.add(f"/{module_name}:{type(test).__qualname__}.{test._testMethodName}")
    return defined, collected, tours


def cmd_defined(args):
    defined, collected, tours = defined_tests(args.module, args.test_tags, args.conf)
    started, failed, skipped, browser_runs = parse_log(args.log, {args.module})
    started_set = set(started)
    missing = sorted(defined - started_set)
    unexpected = sorted(started_set - defined)
    print(
        f"tests: {len(defined)} defined, {len(collected)} collected by Odoo's loader, "
        f"{len(started_set)} started ({len(started)} start lines)"
    )
    for test_id in sorted(defined - collected):
        print(f"  not collected by Odoo's loader (inherited test method?): {test_id}")
    for test_id in missing[:MAX_NAMES]:
        print(f"  defined but did not start: {test_id}")
    if len(missing) > MAX_NAMES:
        print(f"  ... and {len(missing) - MAX_NAMES} more defined tests that did not start")
    for test_id in unexpected:
        print(f"  started but not found among the defined tests: {test_id}")
    for test_id, reason in skipped:
        print(f"  skipped: {test_id}: {reason}")
    tours_started = tours & started_set
    tours_skipped = {t for t, _ in skipped} & tours
    tours_failed = set(failed) & tours
    print(
        f"tours: {len(tours_started - tours_skipped)} ran ({len(tours)} defined, "
        f"{browser_runs[args.module]} browser sessions, {len(tours_failed)} failed, {len(tours_skipped)} skipped)"
    )
    if missing:
        print(f"tests: FAILED, {len(missing)} defined test(s) did not start")
    else:
        print("tests: every defined test started")
    # pass/fail of the tests themselves is counted by bin/test from Odoo's summary line
    print(f"counts: passed=0 failed={len(missing)}")
    return 1 if missing else 0


def read_baseline(path):
    with open(path, encoding="utf-8") as f:
        lines = (line.split("#", 1)[0].strip() for line in f)
        return {line for line in lines if line}


def cmd_suites(args):
    modules = set(args.modules.split(","))
    started, failed, skipped, _runs = parse_log(args.log, modules)
    baseline = read_baseline(args.baseline)
    failed_set = set(failed)
    new = sorted(failed_set - baseline)
    expected = sorted(failed_set & baseline)
    fixed = sorted(baseline - failed_set)
    per_module = Counter(t.split(":", 1)[0].lstrip("/") for t in started)
    print(
        f"odoo suites: {len(started)} tests ran ({', '.join(f'{m} {per_module[m]}' for m in sorted(modules))}), "
        f"{len(failed_set)} failed, {len(expected)} of them expected (baseline of {len(baseline)}), "
        f"{len(new)} new, {len(skipped)} skipped"
    )
    for test_id in expected:
        print(f"  failed as expected (baseline): {test_id}")
    for test_id in new:
        print(f"  NEW FAILURE: {test_id}")
    for test_id in fixed:
        print(f"  in the baseline but did not fail (fixed? not run?): {test_id}")
    for test_id, reason in skipped:
        print(f"  skipped: {test_id}: {reason}")
    if not started:
        print("odoo suites: FAILED, no test ran")
    # each of Odoo's tests counts; an expected failure or a skipped test is neither passed nor failed
    passed = len(set(started) - failed_set - {t for t, _ in skipped})
    print(f"counts: passed={max(passed, 0)} failed={len(new) + (0 if started else 1)}")
    return 1 if new or not started else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("defined", help="the addon's defined tests vs. the tests that started")
    p.add_argument("--conf", required=True, help="Odoo configuration file (for the addons path)")
    p.add_argument("--module", required=True)
    p.add_argument("--test-tags", required=True, help="the --test-tags of the run")
    p.add_argument("--log", required=True)
    p = sub.add_parser("suites", help="Odoo's suites: failures vs. a baseline")
    p.add_argument("--modules", required=True, help="comma-separated")
    p.add_argument("--baseline", required=True)
    p.add_argument("--log", required=True)
    args = parser.parse_args()
    return cmd_defined(args) if args.cmd == "defined" else cmd_suites(args)


if __name__ == "__main__":
    sys.exit(main())
