package dev.lookalike.server;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.Encoders;
import dev.lookalike.engine.Lookalike;
import dev.lookalike.image.ImageLoader;
import dev.lookalike.lucene.LuceneProductStore;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The HTTP tests' catalog: 20 products p0..p19, red (even) and blue (odd), boots (i % 4 < 2) and shirts, brands Acme
 * (p0-p9) and Zed, price 10 + i, in stock unless i % 3 == 0, each with a drawn PNG.
 */
final class TestCatalog {

    static final String[] COLOURS = {"red", "blue"};

    private TestCatalog() {
    }

    static Lookalike build(Path dir, ImageLoader images) throws IOException {
        Lookalike engine = Lookalike.open(LuceneProductStore.open(dir.resolve("index"), Encoders.defaultSettings()), images::load);
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String colour = COLOURS[i % 2];
            boolean boot = i % 4 < 2;
            Path png = dir.resolve("p" + i + ".png");
            ImageIO.write(picture(colour.equals("red") ? Color.RED : Color.BLUE, boot), "png", png.toFile());
            products.add(Product.builder("p" + i).title((colour + (boot ? " leather boot" : " cotton shirt")))
                    .brand(i < 10 ? "Acme" : "Zed").categoryPath(List.of("Apparel", boot ? "Boots" : "Shirts"))
                    .price(10.0 + i).currency("EUR").inStock(i % 3 != 0).images(List.of(new ImageRef(png.toUri())))
                    .attribute("colour", colour).build());
        }
        engine.upsert(products);
        return engine;
    }

    static BufferedImage picture(Color c, boolean boot) {
        BufferedImage img = new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 60, 80);
        g.setColor(c);
        if (boot) {
            g.fillRect(20, 10, 15, 50);
            g.fillRect(20, 50, 35, 15);
        } else {
            g.fillRect(15, 15, 30, 55);
            g.fillRect(5, 15, 50, 12);
        }
        g.dispose();
        return img;
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
