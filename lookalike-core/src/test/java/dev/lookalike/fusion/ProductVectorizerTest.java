package dev.lookalike.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.image.ImageLimits;
import dev.lookalike.image.ImageLoader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductVectorizerTest {

    @TempDir
    Path dir;

    @Test
    void brokenPicturesAreReportedAndTheProductKeepsItsOtherModalities() throws Exception {
        Path good = dir.resolve("good.png");
        ImageIO.write(square(Color.RED), "png", good.toFile());
        Path truncated = dir.resolve("truncated.png");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path notAnImage = dir.resolve("notes.jpg");
        Files.writeString(notAnImage, "this is not a picture");

        FusionSettings settings = Encoders.defaultSettings();
        try (ImageLoader loader = new ImageLoader(ImageLimits.DEFAULT)) {
            ProductVectorizer vectorizer = new ProductVectorizer(settings, Encoders.image(settings.imageEncoder()),
                    Encoders.text(settings.textEncoder()), loader::load);
            Product ok = product("ok", good);
            Product broken = product("broken", truncated, notAnImage, dir.resolve("missing.png"));
            Product mixed = product("mixed", notAnImage, good);
            ProductVectorizer.Batch batch = vectorizer.vectorizeAll(List.of(ok, broken, mixed));

            assertThat(batch.problems()).extracting(ProductVectorizer.Problem::productId)
                    .containsExactly("broken", "broken", "broken", "mixed");
            assertThat(batch.problems()).allSatisfy(p -> assertThat(p.message()).isNotBlank());

            ProductVectors brokenVectors = batch.vectors().get(1);
            assertThat(brokenVectors.part(Modality.IMAGE)).isEmpty();
            assertThat(brokenVectors.part(Modality.TEXT)).isPresent();
            assertThat(brokenVectors.part(Modality.ATTRIBUTES)).isPresent();
            assertThat(VectorMath.norm(brokenVectors.fused())).isCloseTo(1f, within(1e-4f));

            // the good picture of "mixed" is used: its image vector equals the one of "ok"
            assertThat(batch.vectors().get(2).part(Modality.IMAGE).orElseThrow())
                    .containsExactly(batch.vectors().get(0).part(Modality.IMAGE).orElseThrow(), within(1e-6f));
        }
    }

    @Test
    void productsWithTwoOrMoreUsablePicturesKeepEachPicturesVectorBesideTheirMean() throws Exception {
        Path red = dir.resolve("red.png");
        ImageIO.write(square(Color.RED), "png", red.toFile());
        Path blue = dir.resolve("blue.png");
        ImageIO.write(square(Color.BLUE), "png", blue.toFile());
        Path broken = dir.resolve("broken.jpg");
        Files.writeString(broken, "not a picture");
        FusionSettings settings = Encoders.defaultSettings();
        try (ImageLoader loader = new ImageLoader(ImageLimits.DEFAULT)) {
            ProductVectorizer vectorizer = new ProductVectorizer(settings, Encoders.image(settings.imageEncoder()),
                    Encoders.text(settings.textEncoder()), loader::load);
            ProductVectorizer.Batch batch = vectorizer.vectorizeAll(List.of(product("two", red, broken, blue),
                    product("one", red, broken), product("red", red), product("blue", blue)));
            ProductVectors two = batch.vectors().get(0);
            // positions in the product's images: the broken second picture is skipped
            assertThat(two.pictures()).extracting(PictureVector::image).containsExactly(0, 2);
            float[] redVector = batch.vectors().get(2).part(Modality.IMAGE).orElseThrow();
            float[] blueVector = batch.vectors().get(3).part(Modality.IMAGE).orElseThrow();
            assertThat(two.pictures().get(0).vector()).containsExactly(redVector, within(1e-6f));
            assertThat(two.pictures().get(1).vector()).containsExactly(blueVector, within(1e-6f));
            float[] mean = redVector.clone();
            for (int i = 0; i < mean.length; i++) {
                mean[i] += blueVector[i];
            }
            assertThat(two.part(Modality.IMAGE).orElseThrow()).containsExactly(VectorMath.normalizeInPlace(mean), within(1e-5f));
            // one usable picture: it is the image part, and no picture list is kept
            assertThat(batch.vectors().get(1).pictures()).isEmpty();
            assertThat(batch.vectors().get(2).pictures()).isEmpty();
        }
    }

    private static Product product(String id, Path... images) {
        return Product.builder(id).title("Red cotton shirt").brand("Acme").attribute("colour", "red")
                .images(java.util.Arrays.stream(images).map(p -> new ImageRef(p.toUri())).toList()).build();
    }

    private static BufferedImage square(Color c) {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 64);
        g.setColor(c);
        g.fillRect(16, 8, 32, 48);
        g.dispose();
        return img;
    }
}
