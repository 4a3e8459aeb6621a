#!/usr/bin/env python3
"""failover_bench.py — the routing layer under a flaky vendor: 200 `clude -p`
requests to a vendor that fails 30 % of requests at random (HTTP 500), with
retries and a fallback vendor configured. Prints how many succeeded, who
answered, and the latency a retry / a failover adds (wall clock per process).

    CLUDE=./clude python3 bench/failover_bench.py [N]"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "mock"))
import openai_mock  # noqa: E402


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    clude = os.path.abspath(os.environ.get("CLUDE", os.path.join(ROOT, "clude")))
    flaky = openai_mock.MockServer(api_key="k1").start()
    backup = openai_mock.MockServer(api_key="k2").start()
    tmp = tempfile.mkdtemp(prefix="clude-failover-")
    cfg = os.path.join(tmp, "config.yaml")
    with open(cfg, "w") as f:
        f.write("providers:\n  default: openai\n"
                "  openai: { api_key: k1, base_url: %s, default_model: mock-flaky-30 }\n"
                "  backup: { type: openai_compat, api_key: k2, base_url: %s,"
                " default_model: mock-small }\n"
                "retry: { attempts: 2, base_ms: 100, max_ms: 1000, circuit_failures: 1000 }\n"
                "fallbacks: { openai: [backup] }\n" % (flaky.base_url, backup.base_url))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUDE")}
    env.update(CLUDE_CONFIG=cfg, CLUDE_HOME=tmp, HOME=tmp)
    ok, by, rows = 0, {}, []
    try:
        for i in range(n):
            t0 = time.monotonic()
            p = subprocess.run([clude, "--json", "-q", "-p", "hi %d" % i], env=env,
                               stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
            wall = (time.monotonic() - t0) * 1000
            if p.returncode == 0:
                ok += 1
            j = json.loads(p.stdout or b"{}")
            by[j.get("provider")] = by.get(j.get("provider"), 0) + 1
            rows.append((j.get("retries", 0), len(j.get("attempts", [])) - 1, wall))
    finally:
        flaky.stop()
        backup.stop()
    clean = [w for r, f, w in rows if r == 0 and f == 0]
    base = statistics.median(clean) if clean else 0
    per_retry = [(w - base) / r for r, f, w in rows if r > 0 and f == 0]
    failover = [w - base for r, f, w in rows if f > 0]
    print("requests %d, succeeded %d, answered by %s" % (n, ok, by))
    print("median latency, no retry: %.1f ms" % base)
    if per_retry:
        print("added latency per retry (median, backoff 100 ms base, full jitter): %.1f ms over %d requests"
              % (statistics.median(per_retry), len(per_retry)))
    if failover:
        print("added latency of a failover (1 retry + second vendor, median): %.1f ms over %d requests"
              % (statistics.median(failover), len(failover)))
    return 0 if ok == n else 1


if __name__ == "__main__":
    sys.exit(main())
