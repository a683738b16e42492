package dev.lookalike.audit;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes near-duplicates of real products, for measuring duplicate detection: each copy gets a new id and one change,
 * in turn: the picture re-encoded as JPEG at quality 0.3, resized by a factor in [0.8, 0.95] or [1.05, 1.2], cropped by
 * 5 % (a seeded 0–5 % off the left and top, the rest off the right and bottom), or the same picture listed again under
 * another title. Sources are a seeded sample of the products whose first picture is a readable local file. Stateless.
 */
public final class DuplicateGenerator {

    /** The kinds of copy, in the order they are dealt. */
    public enum Kind { REENCODE, RESIZE, CROP, RELIST }

    /**
     * @param products the copies
     * @param sources  for each copy, the id of the product it copies
     * @param kinds    for each copy, how it was made
     */
    public record Generated(List<Product> products, List<String> sources, List<Kind> kinds) {
        public Generated {
            products = List.copyOf(products);
            sources = List.copyOf(sources);
            kinds = List.copyOf(kinds);
        }
    }

    private DuplicateGenerator() {
    }

    /** Copies of {@code count} products (fewer when fewer have a readable local picture), pictures written to {@code dir}. */
    public static Generated generate(List<Product> catalog, int count, long seed, Path dir) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Files.createDirectories(dir);
        List<Product> order = new ArrayList<>(catalog);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.size() - 1; i > 0; i--) {
            java.util.Collections.swap(order, i, random.nextInt(i + 1));
        }
        List<Product> copies = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        for (Product p : order) {
            if (copies.size() == count) {
                break;
            }
            if (p.images().isEmpty() || p.images().get(0).isRemote()) {
                continue;
            }
            Path file;
            BufferedImage img;
            try {
                file = Path.of(p.images().get(0).uri());
                img = ImageIO.read(file.toFile());
            } catch (IOException | RuntimeException e) {
                continue;
            }
            if (img == null) {
                continue;
            }
            Kind kind = Kind.values()[copies.size() % Kind.values().length];
            String id = p.id() + "-dup" + copies.size();
            Path out = dir.resolve("dup" + copies.size() + ".jpg"); // not the id: ids may hold '/' or run past a file name's length
            switch (kind) {
                case REENCODE -> writeJpeg(rgb(img), out, 0.3f);
                case RESIZE -> {
                    double f = random.nextBoolean() ? 0.8 + 0.15 * random.nextDouble() : 1.05 + 0.15 * random.nextDouble();
                    writeJpeg(scaled(img, (int) Math.round(img.getWidth() * f), (int) Math.round(img.getHeight() * f)), out, 0.9f);
                }
                case CROP -> {
                    int cw = (int) Math.round(img.getWidth() * 0.05);
                    int ch = (int) Math.round(img.getHeight() * 0.05);
                    int x = random.nextInt(cw + 1);
                    int y = random.nextInt(ch + 1);
                    writeJpeg(rgb(img.getSubimage(x, y, img.getWidth() - cw, img.getHeight() - ch)), out, 0.9f);
                }
                case RELIST -> {
                    out = file;
                }
            }
            copies.add(new Product(id, kind == Kind.RELIST ? relisted(p.title()) : p.title(), p.description(), p.brand(), p.categoryPath(),
                    p.price(), p.currency(), p.inStock(), null, List.of(new ImageRef(out.toUri())), p.attributes()));
            sources.add(p.id());
            kinds.add(kind);
        }
        return new Generated(copies, sources, kinds);
    }

    /** The title as a second listing of the same item would have it: words reordered and a note added. */
    static String relisted(String title) {
        String[] words = title.strip().split("\\s+");
        if (words.length > 1) {
            String first = words[0];
            System.arraycopy(words, 1, words, 0, words.length - 1);
            words[words.length - 1] = first;
        }
        return (String.join(" ", words) + " (new listing)").strip();
    }

    private static BufferedImage rgb(BufferedImage img) {
        return scaled(img, img.getWidth(), img.getHeight());
    }

    private static BufferedImage scaled(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(Math.max(1, w), Math.max(1, h), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    static void writeJpeg(BufferedImage img, Path out, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** A short description of the kinds dealt, e.g. for reports. */
    public static String describe(Generated g) {
        int[] n = new int[Kind.values().length];
        g.kinds().forEach(k -> n[k.ordinal()]++);
        StringBuilder sb = new StringBuilder();
        for (Kind k : Kind.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d %s", n[k.ordinal()], k.name().toLowerCase(Locale.ROOT)));
        }
        return sb.toString();
    }
}
