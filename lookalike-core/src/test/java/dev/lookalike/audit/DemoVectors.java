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
