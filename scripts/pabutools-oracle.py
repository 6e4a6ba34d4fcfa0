#!/usr/bin/env python3
"""Expected outcomes of participatory-budgeting rules, computed with pabutools.

What it computes
----------------
For every ``*.pb`` file (Pabulib format) in a directory, this script runs the
reference Python library ``pabutools`` (PyPI, version 1.2.x) and records, per
rule, the winning projects in the order pabutools returns them, their exact
total cost and the seconds the rule took.  Tie-breaking is pabutools' default
``lexico_tie_breaking``: ties go to the smallest project id *string* (Python
``str`` order, so ``"c10" < "c2"``).

Rules (``S`` is the "greedy by votes" satisfaction described below):

``greedy``
    ``greedy_utilitarian_welfare(instance, profile, sat_class=S)``.
    pabutools' additive greedy orders projects by total satisfaction / cost.
    Approval files: ``S = Cost_Sat`` (satisfaction = cost for each approver),
    so the key is the number of approvals.  Cumulative files: no built-in class
    gives "total points" (``Cost_Sat`` counts the voters listing the project,
    ``Additive_Cardinal_Sat`` gives points / cost), so ``S`` is
    ``Points_Times_Cost_Sat`` defined below (satisfaction = points x cost, via
    pabutools' own ``AdditiveSatisfaction``), whose key is the total points.
``mes``
    ``method_of_equal_shares(instance, profile, sat_class=Cost_Sat)``, no completion.
``mes-card``
    ``method_of_equal_shares`` with ``Cardinality_Sat`` (approval files) or
    ``Additive_Cardinal_Sat`` (cumulative files: utility = points).
``mes+greedy``, ``mes-card+greedy``
    ``completion_by_rule_combination(instance, profile,
    [method_of_equal_shares, greedy_utilitarian_welfare],
    [{"sat_class": <mes sat>}, {"sat_class": S}])``.
``mes-add1``
    ``exhaustion_by_budget_increase(instance, profile, method_of_equal_shares,
    {"sat_class": Cost_Sat}, budget_step=<number of ballots>,
    exhaustive_stop=False)``: one more currency unit per voter per step.
``phragmen``
    ``sequential_phragmen(instance, profile)``; approval files only (pabutools
    raises ``ValueError`` on other profiles, recorded as ``{"skipped": ...}``).
``mes-add1-endpoint`` (only with ``--add1-steps FILE=K``)
    Where pabutools' ``mes-add1`` does not finish, this checks the point where
    Agora's stops: ``method_of_equal_shares`` with ``Cost_Sat`` at the budget
    raised by K steps (``at_steps``) and by K + 1 steps (``one_more``), a step
    being one currency unit per voter.  Agora's Add1 stopped at K, so its
    winners must be those of ``at_steps``, which must fit the real budget while
    ``one_more`` overspends it.  K comes from
    ``agora pb winners FILE --rule mes-add1 --explain``: its last "With a
    share of S" line is the first share that overspends, one step after K, so
    K = (S - budget / voters) x voters - 1.

Each rule runs in a forked child process with a time limit (``--timeout``,
default 600 s; ``--big-add1-timeout`` for mes-add1 on the two big files, default
2700 s).  A rule that does not finish in time is recorded as
``{"timeout_seconds": N}``.  The JSON file is rewritten after every result, so
partial results are available while the big runs go on.  Small files run first;
the big files' mes-add1 runs are started last.

How to run
----------
From the repository root::

    pip install 'pabutools>=1.2,<1.3'
    nice -n 10 python3 scripts/pabutools-oracle.py ../shared/data/pabulib

Output: ``crates/agora-core/tests/data/pabutools-expected.json`` (``--out``).
``--resume`` keeps the results already in the output file and only computes
the missing ones (and the timed-out ones if ``--retry-timeouts``).
``--jobs N`` runs N rules at a time (default 1).

The committed file was made by the command above, then completed with
Praga-Południe's mes-add1 given two hours (it took 29 minutes) and with the
endpoints of the two files where mes-add1 still does not finish::

    python3 scripts/pabutools-oracle.py ../shared/data/pabulib --resume \
        --retry-timeouts --files Poland_Warszawa_2020_Praga-Poludnie.pb \
        --rules mes-add1 --big-add1-timeout 7200
    python3 scripts/pabutools-oracle.py ../shared/data/pabulib --resume --rules \
        --add1-steps Hungary_Budapest_2022_VIII_Jozsefvaros.pb=153144 \
        Hungary_Budapest_2024.pb=23175

Licence
-------
pabutools is GPL-3.0.  It is used here only as an external oracle, run as a
separate program to produce expected values; none of its code is copied into
this project.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import time
import traceback
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = "../shared/data/pabulib"
DEFAULT_OUT = "crates/agora-core/tests/data/pabutools-expected.json"
BIG_FILES = {"Hungary_Budapest_2024.pb", "Poland_Warszawa_2020_Praga-Poludnie.pb"}
RULES = ["greedy", "mes", "mes-card", "mes+greedy", "mes-card+greedy", "phragmen", "mes-add1"]

ENDPOINT = "mes-add1-endpoint"

RULE_DESCRIPTIONS = {
    "greedy": "greedy_utilitarian_welfare; approval: sat_class=Cost_Sat (key = number of approvals); "
    "cumulative: sat_class=Points_Times_Cost_Sat (points x cost, key = total points)",
    "mes": "method_of_equal_shares, sat_class=Cost_Sat, no completion",
    "mes-card": "method_of_equal_shares; approval: Cardinality_Sat; cumulative: Additive_Cardinal_Sat "
    "(utility = points); no completion",
    "mes+greedy": "completion_by_rule_combination([method_of_equal_shares(Cost_Sat), greedy as in 'greedy'])",
    "mes-card+greedy": "completion_by_rule_combination([method_of_equal_shares as in 'mes-card', "
    "greedy as in 'greedy'])",
    "mes-add1": "exhaustion_by_budget_increase(method_of_equal_shares, {sat_class: Cost_Sat}, "
    "budget_step=number of ballots, exhaustive_stop=False)",
    "phragmen": "sequential_phragmen (approval profiles only); pabutools returns the winners sorted by "
    "project id string, not in selection order",
    ENDPOINT: "method_of_equal_shares(Cost_Sat) with the budget raised by K and by K + 1 steps of one "
    "currency unit per voter, K being where Agora's mes-add1 stops (files where mes-add1 times out)",
}

_PB = {}  # pabutools symbols, filled by load_pabutools()


def load_pabutools():
    import pabutools
    from importlib.metadata import version
    from pabutools.election import (
        parse_pabulib,
        Cost_Sat,
        Cardinality_Sat,
        Additive_Cardinal_Sat,
        AbstractApprovalProfile,
    )
    from pabutools.election.satisfaction import AdditiveSatisfaction
    from pabutools.rules import (
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
        completion_by_rule_combination,
        exhaustion_by_budget_increase,
    )

    def points_times_cost(instance, profile, ballot, project, precomputed_values):
        return ballot.get(project, 0) * project.cost

    class Points_Times_Cost_Sat(AdditiveSatisfaction):
        """Satisfaction = points given to the project x its cost, so that the
        additive greedy (which sorts on total satisfaction / cost) orders the
        projects by their total points."""

        def __init__(self, instance, profile, ballot):
            AdditiveSatisfaction.__init__(self, instance, profile, ballot, points_times_cost)

    _PB.update(
        version=version("pabutools"),
        parse_pabulib=parse_pabulib,
        Cost_Sat=Cost_Sat,
        Cardinality_Sat=Cardinality_Sat,
        Additive_Cardinal_Sat=Additive_Cardinal_Sat,
        Points_Times_Cost_Sat=Points_Times_Cost_Sat,
        AbstractApprovalProfile=AbstractApprovalProfile,
        greedy=greedy_utilitarian_welfare,
        mes=method_of_equal_shares,
        phragmen=sequential_phragmen,
        combine=completion_by_rule_combination,
        exhaust=exhaustion_by_budget_increase,
    )
    del pabutools


def exact_str(q) -> str:
    """Exact decimal string of a rational (integer, terminating decimal, else 'a/b')."""
    from fractions import Fraction

    q = Fraction(int(q.numerator), int(q.denominator)) if hasattr(q, "numerator") else Fraction(q)
    if q.denominator == 1:
        return str(q.numerator)
    d = q.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{q.numerator}/{q.denominator}"
    digits = max(twos, fives)
    scaled = q * 10**digits
    sign = "-" if scaled < 0 else ""
    n = abs(int(scaled))
    s = str(n).rjust(digits + 1, "0")
    return f"{sign}{s[:-digits]}.{s[-digits:]}"


def run_rule(rule: str, instance, profile):
    """Returns the BudgetAllocation computed by pabutools for `rule`."""
    P = _PB
    approval = isinstance(profile, P["AbstractApprovalProfile"])
    greedy_sat = P["Cost_Sat"] if approval else P["Points_Times_Cost_Sat"]
    card_sat = P["Cardinality_Sat"] if approval else P["Additive_Cardinal_Sat"]
    if rule == "greedy":
        return P["greedy"](instance, profile, sat_class=greedy_sat)
    if rule == "mes":
        return P["mes"](instance, profile, sat_class=P["Cost_Sat"])
    if rule == "mes-card":
        return P["mes"](instance, profile, sat_class=card_sat)
    if rule in ("mes+greedy", "mes-card+greedy"):
        mes_sat = P["Cost_Sat"] if rule == "mes+greedy" else card_sat
        return P["combine"](
            instance,
            profile,
            [P["mes"], P["greedy"]],
            [{"sat_class": mes_sat}, {"sat_class": greedy_sat}],
        )
    if rule == "mes-add1":
        return P["exhaust"](
            instance,
            profile,
            P["mes"],
            {"sat_class": P["Cost_Sat"]},
            budget_step=profile.num_ballots(),
            exhaustive_stop=False,
        )
    if rule == "phragmen":
        return P["phragmen"](instance, profile)
    raise ValueError(f"unknown rule {rule}")


def allocation(rule, instance, profile):
    t0 = time.perf_counter()
    alloc = run_rule(rule, instance, profile)
    secs = time.perf_counter() - t0
    total = sum((p.cost for p in alloc), 0)
    return {"winners": [str(p.name) for p in alloc], "total_cost": exact_str(total), "seconds": round(secs, 3)}


def endpoint(steps, instance, profile):
    """Equal Shares at the budget raised by `steps` and `steps + 1` steps (see ENDPOINT)."""
    budget = instance.budget_limit
    result = {"steps": steps}
    for key, k in (("at_steps", steps), ("one_more", steps + 1)):
        instance.budget_limit = budget + k * profile.num_ballots()
        result[key] = allocation("mes", instance, profile)
    instance.budget_limit = budget
    return result


def child(conn, rule, instance, profile, steps=None):
    try:
        if rule == ENDPOINT:
            conn.send(endpoint(steps, instance, profile))
        else:
            conn.send(allocation(rule, instance, profile))
    except ValueError as e:  # pabutools refuses the profile (phragmen on cumulative)
        conn.send({"skipped": f"{type(e).__name__}: {e}"})
    except BaseException as e:  # noqa: BLE001 - report everything to the parent
        conn.send({"error": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()})
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", nargs="?", default=DEFAULT_DATA,
                    help="directory of .pb files, relative to the repository root (default %(default)s)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output JSON, relative to the repository root")
    ap.add_argument("--timeout", type=float, default=600, help="per-rule time limit in seconds")
    ap.add_argument("--big-add1-timeout", type=float, default=2700,
                    help="time limit for mes-add1 on %s" % ", ".join(sorted(BIG_FILES)))
    ap.add_argument("--jobs", type=int, default=1, help="rules run at the same time")
    ap.add_argument("--files", nargs="*", help="only these file names")
    ap.add_argument("--rules", nargs="*", choices=RULES, help="only these rules (none: only --add1-steps)")
    ap.add_argument("--resume", action="store_true", help="keep results already in the output file")
    ap.add_argument("--retry-timeouts", action="store_true", help="with --resume, rerun timed-out rules")
    ap.add_argument("--add1-steps", nargs="*", default=[], metavar="FILE=K",
                    help=f"also compute {ENDPOINT} for FILE, where Agora's mes-add1 stopped after K steps")
    args = ap.parse_args()

    load_pabutools()
    data_dir = Path(args.data_dir)
    if not data_dir.is_absolute():
        data_dir = (REPO_ROOT / data_dir).resolve()
    out = Path(args.out)
    if not out.is_absolute():
        out = REPO_ROOT / out
    files = sorted(data_dir.glob("*.pb"), key=lambda p: p.stat().st_size)
    if args.files:
        files = [f for f in files if f.name in args.files]
    rules = RULES if args.rules is None else args.rules

    doc = {
        "generator": "scripts/pabutools-oracle.py",
        "pabutools_version": _PB["version"],
        "command": "python3 scripts/pabutools-oracle.py ../shared/data/pabulib",
        "tie_breaking": "lexicographic on the project id string",
        "rules": RULE_DESCRIPTIONS,
        "parse_seconds": {},
        "files": {},
    }
    if args.resume and out.exists():
        old = json.loads(out.read_text())
        doc["parse_seconds"].update(old.get("parse_seconds", {}))
        doc["files"].update(old.get("files", {}))

    def done(fname, rule):
        r = doc["files"].get(fname, {}).get(rule)
        if r is None or "error" in r:
            return False
        if "timeout_seconds" in r and args.retry_timeouts:
            return False
        return True

    # Task order: every rule of the small files, then the big files' fast rules,
    # then the big files' mes-add1 runs.
    tasks = []
    for f in files:
        for r in rules:
            if args.resume and done(f.name, r):
                continue
            late = f.name in BIG_FILES and r == "mes-add1"
            tasks.append((2 if late else (1 if f.name in BIG_FILES else 0), f, r))
    steps = {}
    for item in args.add1_steps:
        name, k = item.rsplit("=", 1)
        steps[name] = int(k)
        tasks.append((1, data_dir / name, ENDPOINT))
    tasks.sort(key=lambda t: t[0])

    def write():
        ordered = {k: doc["files"][k] for k in sorted(doc["files"])}
        doc["files"] = {
            k: {r: v[r] for r in RULES if r in v} | {r: v[r] for r in v if r not in RULES}
            for k, v in ordered.items()
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        os.replace(tmp, out)

    ctx = mp.get_context("fork")
    parsed = {}
    remaining = {}
    for _, f, _r in tasks:
        remaining[f.name] = remaining.get(f.name, 0) + 1
    running = []  # (proc, conn, fname, rule, deadline, limit)
    queue = list(tasks)
    write()
    while queue or running:
        while queue and len(running) < args.jobs:
            _, f, rule = queue.pop(0)
            if f.name not in parsed:
                t0 = time.perf_counter()
                parsed[f.name] = _PB["parse_pabulib"](str(f))
                doc["parse_seconds"][f.name] = round(time.perf_counter() - t0, 3)
                print(f"parsed {f.name} in {doc['parse_seconds'][f.name]} s", file=sys.stderr, flush=True)
            instance, profile = parsed[f.name]
            limit = args.big_add1_timeout if (f.name in BIG_FILES and rule == "mes-add1") else args.timeout
            parent_conn, child_conn = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=child, args=(child_conn, rule, instance, profile, steps.get(f.name)))
            proc.start()
            child_conn.close()
            running.append((proc, parent_conn, f.name, rule, time.monotonic() + limit, limit))
            print(f"start {f.name} {rule} (limit {limit:.0f} s)", file=sys.stderr, flush=True)
        time.sleep(0.2)
        still = []
        for proc, conn, fname, rule, deadline, limit in running:
            result = None
            if conn.poll():
                try:
                    result = conn.recv()
                except EOFError:
                    result = {"error": f"child exited with code {proc.exitcode}"}
                proc.join()
            elif not proc.is_alive():
                proc.join()
                result = {"error": f"child exited with code {proc.exitcode}"}
            elif time.monotonic() > deadline:
                proc.kill()
                proc.join()
                result = {"timeout_seconds": int(limit)}
            if result is None:
                still.append((proc, conn, fname, rule, deadline, limit))
                continue
            conn.close()
            doc["files"].setdefault(fname, {})[rule] = result
            write()
            summary = {k: (len(v) if k == "winners" else v) for k, v in result.items() if k not in ("traceback", "at_steps", "one_more")}
            print(f"done  {fname} {rule}: {summary}", file=sys.stderr, flush=True)
            remaining[fname] -= 1
            if remaining[fname] == 0:
                parsed.pop(fname, None)
        running = still
    write()
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
