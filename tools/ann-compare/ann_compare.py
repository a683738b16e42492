#!/usr/bin/python3
"""Fashion-MNIST ANN comparison: Lookalike's Lucene index path against hnswlib and FAISS, in one run, one table.

Runs, on the same data (60,000 base vectors of 784 pixels, the first --queries test images as queries, L2):
  * hnswlib (Debian python3-hnswlib): Index('l2'), same M and efConstruction, set_num_threads(1), ef sweep;
  * FAISS (Debian python3-faiss): IndexHNSWFlat, same M and efConstruction, omp_set_num_threads(1), efSearch sweep,
    and IndexFlatL2 for the exact brute-force figure;
  * Lookalike: `lookalike bench ann` (the store's codec through IndexSchema, EUCLIDEAN), whose tab-separated
    ANN_* lines are parsed;
then prints one table: build time, QPS at recall@10 = 0.90 / 0.95 / 0.99 (interpolated over the sweep, log QPS linear
in recall), wall clock and CPU time of the querying thread (the machine may be shared: CPU time is the steadier
figure), and exact brute-force QPS. hnswlib and FAISS are timed on one batch call per ef (no per-query Python
overhead); Lookalike per query in a Java loop. Every system runs --rounds timed sweeps; each figure is the median.

Usage (from the repository root, after `./mvnw -B -o -DskipTests -pl lookalike-cli -am package`):
  /usr/bin/python3 tools/ann-compare/ann_compare.py --data ../shared/data/fashion-mnist --m 16 --ef-construction 200 \
      --ef 10,20,40,80,160,320 --quant none,int8,int4
"""
import argparse
import gzip
import math
import os
import subprocess
import sys
import time

import numpy as np


def read_idx_images(path, limit=0):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count, rows, cols = np.frombuffer(data[:16], dtype=">i4")
    if magic != 2051:
        sys.exit(f"{path}: not an idx3 image file (magic {magic})")
    n = count if limit <= 0 else min(limit, count)
    return np.frombuffer(data[16:16 + n * rows * cols], dtype=np.uint8).reshape(n, rows * cols).astype(np.float32)


def recall(found, truth, k):
    hits = 0
    for f, t in zip(found, truth):
        hits += len(set(int(x) for x in f[:k]) & set(int(x) for x in t[:k]))
    return hits / (k * len(truth))


def median_timed(fn, rounds):
    """(result of the last call, median wall seconds, median CPU seconds) over `rounds` calls."""
    runs = [timed(fn) for _ in range(rounds)]
    return runs[-1][0], float(np.median([r[1] for r in runs])), float(np.median([r[2] for r in runs]))


def timed(fn):
    """(result, wall seconds, CPU seconds of this process: one thread does the work)."""
    w, c = time.perf_counter(), time.process_time()
    r = fn()
    return r, time.perf_counter() - w, time.process_time() - c


def qps_at(points, target, key):
    """points: [(ef, recall, qps_wall, qps_cpu)] by ef. Interpolates log(qps) linearly in recall."""
    pts = sorted(points)
    idx = 2 if key == "wall" else 3
    if not pts:
        return "-"
    if pts[0][1] >= target:
        return f">= {pts[0][idx]:,.0f}"
    for a, b in zip(pts, pts[1:]):
        if a[1] < target <= b[1]:
            t = (target - a[1]) / (b[1] - a[1]) if b[1] > a[1] else 1.0
            return f"{math.exp(math.log(a[idx]) + t * (math.log(b[idx]) - math.log(a[idx]))):,.0f}"
    return f"not reached (max {max(p[1] for p in pts):.3f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=200)
    ap.add_argument("--ef", default="10,20,40,80,160,320")
    ap.add_argument("--quant", default="none,int8,int4", help="Lookalike graph quantizations")
    ap.add_argument("--queries", type=int, default=10000)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--exact-queries", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=3, help="timed sweeps per system; each figure is the median")
    ap.add_argument("--jar", default="lookalike-cli/target/lookalike.jar")
    ap.add_argument("--java", default=os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java"))
    ap.add_argument("--java-opts", default="-Xmx4g")
    ap.add_argument("--skip-java", action="store_true")
    ap.add_argument("--skip", default="", help="comma-separated: hnswlib,faiss")
    args = ap.parse_args()
    efs = [int(x) for x in args.ef.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    k = args.k

    base = read_idx_images(os.path.join(args.data, "train-images-idx3-ubyte.gz"))
    queries = read_idx_images(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"), args.queries)
    d = base.shape[1]
    print(f"{len(base)} base, {len(queries)} queries, {d} dimensions; M={args.m}, efConstruction={args.ef_construction}, "
          f"ef={efs}, k={k}; load average {os.getloadavg()}", flush=True)

    import faiss
    rows = []  # (system, build s, points, exact (wall, cpu) or None)
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    flat = faiss.IndexFlatL2(d)
    flat.add(base)
    _, truth = flat.search(queries, k)  # ground truth, all threads
    faiss.omp_set_num_threads(1)
    nq_exact = min(args.exact_queries, len(queries))
    _, w, c = timed(lambda: flat.search(queries[:nq_exact], k))
    faiss_exact = (nq_exact / w, nq_exact / c)
    print(f"faiss IndexFlatL2 exact, 1 thread: {faiss_exact[0]:,.0f} QPS wall, {faiss_exact[1]:,.0f} CPU", flush=True)

    if "hnswlib" not in skip:
        import hnswlib
        index = hnswlib.Index(space="l2", dim=d)
        index.init_index(max_elements=len(base), M=args.m, ef_construction=args.ef_construction, random_seed=100)
        index.set_num_threads(1)
        _, build, _ = timed(lambda: index.add_items(base, np.arange(len(base)), num_threads=1))
        points = []
        index.set_ef(max(efs))
        index.knn_query(queries[:1000], k=k, num_threads=1)  # warm-up
        for ef in efs:
            index.set_ef(ef)
            (labels, _), w, c = median_timed(lambda: index.knn_query(queries, k=k, num_threads=1), args.rounds)
            points.append((ef, recall(labels, truth, k), len(queries) / w, len(queries) / c))
            print(f"hnswlib ef={ef}: recall {points[-1][1]:.4f}, {points[-1][2]:,.0f} QPS wall, {points[-1][3]:,.0f} CPU", flush=True)
        rows.append(("hnswlib", build, points, None))
        del index

    if "faiss" not in skip:
        index = faiss.IndexHNSWFlat(d, args.m)
        index.hnsw.efConstruction = args.ef_construction
        _, build, _ = timed(lambda: index.add(base))
        points = []
        index.hnsw.efSearch = max(efs)
        index.search(queries[:1000], k)
        for ef in efs:
            index.hnsw.efSearch = ef
            (_, labels), w, c = median_timed(lambda: index.search(queries, k), args.rounds)
            points.append((ef, recall(labels, truth, k), len(queries) / w, len(queries) / c))
            print(f"faiss HNSWFlat ef={ef}: recall {points[-1][1]:.4f}, {points[-1][2]:,.0f} QPS wall, {points[-1][3]:,.0f} CPU", flush=True)
        rows.append(("faiss IndexHNSWFlat", build, points, faiss_exact))
        del index

    if not args.skip_java:
        cmd = [args.java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", *args.java_opts.split(),
               "-jar", args.jar, "bench", "ann", "--data", args.data, "--m", str(args.m), "--ef-construction",
               str(args.ef_construction), "--ef", args.ef, "--quant", args.quant, "--queries", str(args.queries),
               "--k", str(k), "--exact-queries", str(args.exact_queries), "--rounds", str(args.rounds)]
        print("running " + " ".join(cmd), flush=True)
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=dict(os.environ, ORT_DISABLE_TELEMETRY="1"))
        java_builds, java_points, java_exact = {}, {}, None
        for line in out.stdout.splitlines():
            f = line.split("\t")
            if f[0] == "ANN_BUILD":
                java_builds[f[1]] = float(f[2])
            elif f[0] == "ANN_POINT":
                java_points.setdefault(f[1], []).append((int(f[2]), float(f[3]), float(f[4]), float(f[5])))
            elif f[0] == "ANN_EXACT":
                java_exact = (float(f[2]), float(f[3]))
            elif not line.startswith("|"):
                print("  java: " + line)
        for name, pts in java_points.items():
            quant = name.split("-")[1]
            rows.append((f"Lookalike {name}", java_builds[f"lucene-{quant}"], pts, java_exact))

    print(f"\nload average at the end: {os.getloadavg()}")
    print(f"\n| system | build s | QPS @ recall 0.90 | @ 0.95 | @ 0.99 | QPS CPU @ 0.90 | @ 0.95 | @ 0.99 | exact QPS (wall / CPU) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, build, pts, exact in rows:
        ex = f"{exact[0]:,.0f} / {exact[1]:,.0f}" if exact else "-"
        print(f"| {name} | {build:.1f} | " + " | ".join(qps_at(pts, t, "wall") for t in (0.90, 0.95, 0.99)) + " | "
              + " | ".join(qps_at(pts, t, "cpu") for t in (0.90, 0.95, 0.99)) + f" | {ex} |")
    print("\nsweep (ef: recall, QPS wall / CPU):")
    for name, _, pts, _ in rows:
        print(f"  {name}: " + "; ".join(f"{ef}: {r:.4f}, {qw:,.0f} / {qc:,.0f}" for ef, r, qw, qc in sorted(pts)))


if __name__ == "__main__":
    main()
