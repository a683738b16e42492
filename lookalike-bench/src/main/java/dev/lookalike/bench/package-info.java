/**
 * JMH micro-benchmarks of the engine's hot spots: vector dot products (float32 against int8), the image descriptor,
 * the text and picture encoders' throughput (issue 3's targets, {@code EncoderThroughputBench}),
 * and the store's query path. Compiled by {@code verify}, run by hand (docs/benchmarks.md, "Micro-benchmarks");
 * figures go to docs/benchmarks.md with the machine and date.
 */
package dev.lookalike.bench;
