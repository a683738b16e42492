package dev.lookalike.fusion;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.AttributeEncoder;
import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.image.ImageLoadException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Turns products into {@link ProductVectors}: loads and encodes each product's pictures (the image vector is the
 * normalised mean of its pictures' vectors), encodes title and description as text, hashes attributes, and fuses the
 * parts. A picture that cannot be loaded is reported as a {@link Problem}; the product keeps its other modalities.
 *
 * <p>Thread-safe; {@link #vectorizeAll} spreads image work over the common fork-join pool.
 */
public final class ProductVectorizer {

    /** A picture that could not be used, for the ingest report. */
    public record Problem(String productId, String image, String message) {
    }

    /** Vectors in input order, and the problems met. */
    public record Batch(List<ProductVectors> vectors, List<Problem> problems) {
        public Batch {
            vectors = List.copyOf(vectors);
            problems = List.copyOf(problems);
        }
    }

    private final FusionSettings settings;
    private final Encoder<BufferedImage> imageEncoder;
    private final Encoder<String> textEncoder;
    private final AttributeEncoder attributeEncoder;
    private final ImageSource images;
    private final boolean textSharesImageSpace;

    public ProductVectorizer(FusionSettings settings, Encoder<BufferedImage> imageEncoder, Encoder<String> textEncoder,
                             ImageSource images) {
        this.settings = settings;
        this.imageEncoder = requireMatch(imageEncoder, settings.imageEncoder(), settings.imageDimension());
        this.textEncoder = requireMatch(textEncoder, settings.textEncoder(), settings.textDimension());
        this.attributeEncoder = new AttributeEncoder(settings.attributeDimension(), new HashSet<>(settings.attributeFields()));
        this.images = images;
        this.textSharesImageSpace = imageEncoder.space() != null && imageEncoder.space().equals(textEncoder.space())
                && settings.imageDimension() == settings.textDimension();
    }

    private static <T extends Encoder<?>> T requireMatch(T encoder, String id, int dimension) {
        if (!encoder.id().equals(id) || encoder.dimension() != dimension) {
            throw new IllegalArgumentException("encoder " + encoder.id() + " (" + encoder.dimension()
                    + " dimensions) does not match the settings' " + id + " (" + dimension + " dimensions)");
        }
        return encoder;
    }

    public FusionSettings settings() {
        return settings;
    }

    public Encoder<BufferedImage> imageEncoder() {
        return imageEncoder;
    }

    public Encoder<String> textEncoder() {
        return textEncoder;
    }

    public AttributeEncoder attributeEncoder() {
        return attributeEncoder;
    }

    /** The text a product contributes to the text modality. */
    public static String textOf(Product p) {
        String title = p.title().strip();
        String description = p.description().strip();
        if (description.isEmpty()) {
            return title;
        }
        return title.isEmpty() ? description : title + ". " + description;
    }

    public Batch vectorizeAll(List<Product> products) {
        List<Problem> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        float[][] imageVectors = IntStream.range(0, products.size()).parallel()
                .mapToObj(i -> imageVector(products.get(i), problems))
                .toArray(float[][]::new);
        List<float[]> text = textEncoder.embedAll(products.stream().map(ProductVectorizer::textOf).toList());
        List<float[]> attributes = attributeEncoder.embedAll(products);
        List<ProductVectors> out = new ArrayList<>(products.size());
        for (int i = 0; i < products.size(); i++) {
            Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
            putIfSignal(parts, Modality.IMAGE, imageVectors[i]);
            putIfSignal(parts, Modality.TEXT, text.get(i));
            putIfSignal(parts, Modality.ATTRIBUTES, attributes.get(i));
            out.add(new ProductVectors(parts, Fusion.fuse(settings, parts)));
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(java.util.Comparator.comparing(Problem::productId).thenComparing(Problem::image));
        return new Batch(out, sorted);
    }

    private static void putIfSignal(Map<Modality, float[]> parts, Modality m, float[] v) {
        if (v != null && VectorMath.norm(v) > 0) {
            parts.put(m, v);
        }
    }

    private float[] imageVector(Product p, List<Problem> problems) {
        float[] sum = null;
        for (ImageRef ref : p.images()) {
            try {
                BufferedImage image = images.load(ref);
                float[] v = imageEncoder.embed(image);
                if (sum == null) {
                    sum = new float[v.length];
                }
                for (int d = 0; d < v.length; d++) {
                    sum[d] += v[d];
                }
            } catch (ImageLoadException | RuntimeException e) {
                problems.add(new Problem(p.id(), ref.toString(), e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return sum == null ? null : VectorMath.normalizeInPlace(sum);
    }

    /** Encodes a picture as a query (no product): its image vector. */
    public float[] embedImage(BufferedImage image) {
        return imageEncoder.embed(image);
    }

    /** Encodes a query text (no product) with the text encoder: its text vector (all zeros for blank text). */
    public float[] embedText(String text) {
        return textEncoder.embed(text);
    }

    /**
     * The text's vector in the image space, when the text and image encoders share one (the two CLIP towers):
     * text-to-image search. Empty for encoders trained apart (the default descriptor and MiniLM).
     */
    public java.util.Optional<float[]> embedTextAsImage(String text) {
        if (!textSharesImageSpace) {
            return java.util.Optional.empty();
        }
        float[] v = textEncoder.embed(text);
        return VectorMath.norm(v) > 0 ? java.util.Optional.of(v) : java.util.Optional.empty();
    }

    /** Whether text vectors land in the image space (see {@link #embedTextAsImage}). */
    public boolean textSharesImageSpace() {
        return textSharesImageSpace;
    }
}
