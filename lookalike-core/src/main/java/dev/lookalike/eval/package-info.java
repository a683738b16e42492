/**
 * Offline evaluation: exact top-k and leave-one-out precision (used by {@code lookalike eval} and the benchmarks);
 * golden sets of graded judgments ({@link dev.lookalike.eval.GoldenSetReader}, docs/golden-sets.md) or judgments
 * derived from attributes ({@link dev.lookalike.eval.AttributeJudgments}), and the graded ranking metrics computed on
 * them ({@link dev.lookalike.eval.RankingMetrics}: DCG, nDCG@k, precision@k, recall@k, reciprocal rank, ANN overlap,
 * percentiles).
 */
package dev.lookalike.eval;
