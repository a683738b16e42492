#!/usr/bin/python3
"""Top methods of a JFR recording: CPU samples (jdk.ExecutionSample) or allocation samples (jdk.ObjectAllocationSample,
weighted by bytes), restricted to stacks that contain --within (e.g. "Lookalike.similar") and to threads whose name starts with one of
the --thread prefixes (e.g. the server's "JettyServerThreadPool" and "lookalike-request"), by self and by inclusive share.

  jfr print --json --events jdk.ExecutionSample rec.jfr > cpu.json
  /usr/bin/python3 tools/profile/jfr_top.py cpu.json --within Lookalike.similar
  jfr print --json --events jdk.ObjectAllocationSample rec.jfr > alloc.json
  /usr/bin/python3 tools/profile/jfr_top.py alloc.json --within Lookalike.similar --top 15
"""
import argparse
import collections
import json


def frame_name(f):
    m = f.get("method", {})
    t = m.get("type", {}).get("name", "?")
    return f"{t.split('.')[-1] if '.' in t else t}.{m.get('name', '?')}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("--within", default="")
    ap.add_argument("--thread", action="append", default=[], help="thread name prefix (repeatable)")
    ap.add_argument("--top", type=int, default=20)
    a = ap.parse_args()
    events = json.load(open(a.json))["recording"]["events"]
    self_w, incl_w, total = collections.Counter(), collections.Counter(), 0
    alloc_types = collections.Counter()
    for e in events:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        names = [frame_name(f) for f in frames]
        if a.within and not any(a.within in n for n in names):
            continue
        thread = (e["values"].get("sampledThread") or e["values"].get("eventThread") or {}).get("javaName") or ""
        if a.thread and not any(thread.startswith(t) for t in a.thread):
            continue
        w = e["values"].get("weight", 1) if e["type"] == "jdk.ObjectAllocationSample" else 1
        total += w
        if names:
            self_w[names[0]] += w
        for n in set(names):
            incl_w[n] += w
        if e["type"] == "jdk.ObjectAllocationSample":
            alloc_types[(e["values"].get("objectClass") or {}).get("name", "?")] += w
    unit = "bytes" if alloc_types else "samples"
    print(f"{total} {unit} within '{a.within}'")
    print("\nself:")
    for n, c in self_w.most_common(a.top):
        print(f"  {100 * c / total:5.1f}%  {n}")
    print("\ninclusive:")
    for n, c in incl_w.most_common(a.top):
        print(f"  {100 * c / total:5.1f}%  {n}")
    if alloc_types:
        print("\nallocated types:")
        for n, c in alloc_types.most_common(a.top):
            print(f"  {100 * c / total:5.1f}%  {n}")


if __name__ == "__main__":
    main()
