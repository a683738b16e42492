package dev.lookalike.bench;

import dev.lookalike.encoder.ProductImageDescriptor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The training-free image descriptor on one 60x80 product picture (the fashion-products size), decoding excluded. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true"})
public class DescriptorBench {

    ProductImageDescriptor descriptor;
    List<BufferedImage> picture;

    @Setup
    public void setUp() {
        descriptor = new ProductImageDescriptor();
        BufferedImage img = new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 60, 80);
        g.setColor(new Color(180, 30, 40));
        g.fillRoundRect(12, 10, 36, 60, 10, 10); // a red garment on white
        g.setColor(new Color(120, 20, 30));
        g.fillRect(26, 10, 8, 40);
        g.dispose();
        picture = List.of(img);
    }

    @Benchmark
    public float[] encode() {
        return descriptor.embedAll(picture).get(0);
    }
}
