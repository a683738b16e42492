/*
 * Writes the vectors an image encoder gives every fashion-products picture (float32 little-endian, rows in
 * styles.csv order), through the engine's own path: Encoders.image(ID) on pictures decoded by ImageIO. Used to check
 * a model exported by cnn_attribution_study.py against the embeddings PyTorch computed for the same pictures.
 * Usage: java --add-modules jdk.incubator.vector -cp lookalike-cli/target/lookalike.jar \
 *            tools/attribution-study/DumpImageVectors.java DATA ENCODER_ID OUT.f32
 *   e.g. ... ../shared/data/fashion-products onnx:/tmp/cnn30/fold0.card.json /tmp/cnn30/fold0-java.f32
 */
import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.Encoders;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

public class DumpImageVectors {
    public static void main(String[] a) throws Exception {
        Path data = Path.of(a[0]);
        List<String> lines = Files.readAllLines(data.resolve("styles.csv"));
        List<BufferedImage> images = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            images.add(ImageIO.read(data.resolve("images").resolve(line.substring(0, line.indexOf(',')).strip() + ".jpg").toFile()));
        }
        Encoder<BufferedImage> encoder = Encoders.image(a[1]);
        long start = System.nanoTime();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < images.size(); i += 256) {
            vectors.addAll(encoder.embedAll(images.subList(i, Math.min(images.size(), i + 256))));
        }
        System.out.printf("%d pictures, %d dims, %.1f s%n", vectors.size(), vectors.get(0).length, (System.nanoTime() - start) / 1e9);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(a[2])))) {
            ByteBuffer bb = ByteBuffer.allocate(vectors.get(0).length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] v : vectors) {
                bb.clear();
                bb.asFloatBuffer().put(v);
                out.write(bb.array());
            }
        }
    }
}
