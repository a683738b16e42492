package dev.lookalike.audit;

import dev.lookalike.catalog.Product;
import dev.lookalike.demo.DemoCatalog;
import dev.lookalike.demo.DemoCatalogGenerator;
import dev.lookalike.encoder.ProductImageDescriptor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** A generated demo catalog with its pictures encoded by the image descriptor, for the audit and attribution tests. */
public record DemoVectors(DemoCatalog demo, CatalogVectors vectors, float[][] raw) {

    private static DemoVectors shared;

    /**
     * The catalog the attribution and audit tests share, generated once per JVM: 360 products (seed 11, 64 px), no
     * missing or wrong attributes (tests make their own, so they know which).
     */
    public static synchronized DemoVectors shared() throws IOException {
        if (shared == null) {
            Path dir = java.nio.file.Files.createTempDirectory("lookalike-demo-vectors");
            shared = generate(dir, DemoCatalogGenerator.Options.defaults().withCount(360).withSeed(11).withImageSize(64)
                    .withMissingAttributeRate(0).withWrongAttributeRate(0));
        }
        return shared;
    }

    public static DemoVectors generate(Path dir, DemoCatalogGenerator.Options options) throws IOException {
        DemoCatalog demo = new DemoCatalogGenerator().generate(dir, options);
        return new DemoVectors(demo, null, null).encoded(demo.products());
    }

    /** These products (demo ones, or copies with other pictures) encoded. */
    public DemoVectors encoded(List<Product> products) throws IOException {
        ProductImageDescriptor descriptor = new ProductImageDescriptor();
        float[][] raw = new float[products.size()][];
        for (int i = 0; i < raw.length; i++) {
            BufferedImage img = ImageIO.read(Path.of(products.get(i).images().get(0).uri()).toFile());
            raw[i] = descriptor.embed(img);
        }
        return new DemoVectors(demo, CatalogVectors.of(products, raw), raw);
    }
}
