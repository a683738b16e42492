package dev.lookalike.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.VectorUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One vector comparison, the unit of HNSW work: Lucene's SIMD dot product on float32 vectors against int8 ones
 * (what a scalar quantized graph compares) and packed int4 ones, at the fused dimensions the engine uses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class DotProductBench {

    @Param({"256", "784", "1024"})
    int dimension;

    float[] a;
    float[] b;
    byte[] qa;
    byte[] qb;
    byte[] packedA;
    byte[] packedB;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        a = new float[dimension];
        b = new float[dimension];
        qa = new byte[dimension];
        qb = new byte[dimension];
        for (int i = 0; i < dimension; i++) {
            a[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
            qa[i] = (byte) r.nextInt(-127, 128);
            qb[i] = (byte) r.nextInt(-127, 128);
        }
        packedA = new byte[dimension / 2];
        packedB = new byte[dimension / 2];
        for (int i = 0; i < packedA.length; i++) {
            packedA[i] = (byte) r.nextInt(256);
            packedB[i] = (byte) r.nextInt(256);
        }
    }

    @Benchmark
    public float float32() {
        return VectorUtil.dotProduct(a, b);
    }

    @Benchmark
    public float float32SquareDistance() {
        return VectorUtil.squareDistance(a, b);
    }

    @Benchmark
    public int int8() {
        return VectorUtil.dotProduct(qa, qb);
    }

    /** Lucene104's int8 (UNSIGNED_BYTE) encoding compares unsigned bytes. */
    @Benchmark
    public int uint8() {
        return VectorUtil.uint8DotProduct(qa, qb);
    }

    @Benchmark
    public int int4Packed() {
        return VectorUtil.int4DotProductBothPacked(packedA, packedB);
    }
}
