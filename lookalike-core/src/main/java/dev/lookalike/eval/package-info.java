/** Offline evaluation: exact top-k and leave-one-out precision, used by {@code lookalike eval} and the benchmarks. */
package dev.lookalike.eval;
