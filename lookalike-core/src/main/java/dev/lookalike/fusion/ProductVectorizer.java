package dev.lookalike.fusion;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.AttributeEncoder;
import dev.lookalike.encoder.Encoder;
import dev.lookalike.encoder.VectorMath;
import dev.lookalike.image.ImageLoadException;
import dev.lookalike.projection.Projection;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Turns products into {@link ProductVectors}: loads and encodes each product's pictures (the image vector is the
 * normalised mean of its pictures' vectors; with two or more usable pictures each one's own vector is kept too, as
 * {@link ProductVectors#pictures()}), encodes title and description as text, hashes attributes, and fuses the
 * parts. A picture that cannot be loaded is reported as a {@link Problem}; the product keeps its other modalities.
 * When the settings name an image projection, the image vector is projected before fusion, for products
 * ({@link #vectorizeAll}) and picture queries ({@link #embedImage}) alike.
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
    private final Projection imageProjection;
    private final ImageSource images;
    private final boolean textSharesImageSpace;

    /** A vectorizer for settings without an image projection. */
    public ProductVectorizer(FusionSettings settings, Encoder<BufferedImage> imageEncoder, Encoder<String> textEncoder,
                             ImageSource images) {
        this(settings, imageEncoder, textEncoder, null, images);
    }

    /**
     * @param imageProjection the projection the settings name ({@code null} when they name none)
     * @throws IllegalArgumentException when an encoder or the projection is not the one the settings name
     */
    public ProductVectorizer(FusionSettings settings, Encoder<BufferedImage> imageEncoder, Encoder<String> textEncoder,
                             Projection imageProjection, ImageSource images) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.imageEncoder = requireMatch(imageEncoder, settings.imageEncoder(), settings.encoderImageDimension());
        this.textEncoder = requireMatch(textEncoder, settings.textEncoder(), settings.textDimension());
        this.attributeEncoder = new AttributeEncoder(settings.attributeDimension(), new HashSet<>(settings.attributeFields()));
        if (settings.imageProjection() == null && imageProjection != null) {
            throw new IllegalArgumentException("the settings name no image projection, but " + imageProjection.id() + " was given");
        }
        if (settings.imageProjection() != null && (imageProjection == null
                || !settings.imageProjection().equals(imageProjection.descriptor()))) {
            throw new IllegalArgumentException("the settings name image projection " + settings.imageProjection() + ", got "
                    + (imageProjection == null ? "none" : imageProjection.descriptor()));
        }
        this.imageProjection = imageProjection;
        this.images = images;
        this.textSharesImageSpace = imageEncoder.space() != null && imageEncoder.space().equals(textEncoder.space())
                && settings.encoderImageDimension() == settings.textDimension();
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

    /** The projection applied to image vectors before fusion, if the settings name one. */
    public Optional<Projection> imageProjection() {
        return Optional.ofNullable(imageProjection);
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
        Pictures[] pictures = IntStream.range(0, products.size()).parallel()
                .mapToObj(i -> imageVectors(products.get(i), problems))
                .toArray(Pictures[]::new);
        List<float[]> text = textEncoder.embedAll(products.stream().map(ProductVectorizer::textOf).toList());
        List<float[]> attributes = attributeEncoder.embedAll(products);
        List<ProductVectors> out = new ArrayList<>(products.size());
        for (int i = 0; i < products.size(); i++) {
            Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
            putIfSignal(parts, Modality.IMAGE, project(pictures[i].mean()));
            putIfSignal(parts, Modality.TEXT, text.get(i));
            putIfSignal(parts, Modality.ATTRIBUTES, attributes.get(i));
            List<PictureVector> each = new ArrayList<>();
            if (parts.containsKey(Modality.IMAGE)) {
                for (PictureVector v : pictures[i].each()) {
                    float[] projected = project(v.vector());
                    if (VectorMath.norm(projected) > 0) {
                        each.add(new PictureVector(v.image(), projected));
                    }
                }
            }
            out.add(new ProductVectors(parts, Fusion.fuse(settings, parts), each.size() >= 2 ? each : List.of()));
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(java.util.Comparator.comparing(Problem::productId).thenComparing(Problem::image));
        return new Batch(out, sorted);
    }

    /**
     * The vectors of products whose attributes alone changed since {@code stored} (one each, same order) were made:
     * the attribute part is encoded again and the fused vector rebuilt from it and the stored image and text parts,
     * which are kept with the per-picture vectors, so no picture is fetched or encoded again. A picture that cannot
     * be fetched today therefore does not cost a product its image vector when a catalog fix touches it.
     *
     * @throws IllegalArgumentException when the lists differ in size
     */
    public List<ProductVectors> withAttributesOf(List<Product> products, List<ProductVectors> stored) {
        if (products.size() != stored.size()) {
            throw new IllegalArgumentException("one stored vector set per product: " + products.size() + " products, "
                    + stored.size() + " vector sets");
        }
        List<float[]> attributes = attributeEncoder.embedAll(products);
        List<ProductVectors> out = new ArrayList<>(products.size());
        for (int i = 0; i < products.size(); i++) {
            Map<Modality, float[]> parts = new EnumMap<>(Modality.class);
            parts.putAll(stored.get(i).parts());
            parts.remove(Modality.ATTRIBUTES);
            putIfSignal(parts, Modality.ATTRIBUTES, attributes.get(i));
            out.add(new ProductVectors(parts, Fusion.fuse(settings, parts), stored.get(i).pictures()));
        }
        return out;
    }

    /**
     * Each product's image vector as the image encoder makes it (the normalised mean of its usable pictures), before
     * any projection; {@code null} for a product without a usable picture. This is what a projection is fitted on.
     * Pictures that cannot be used are skipped silently here; {@link #vectorizeAll} reports them.
     */
    public float[][] encodeImages(List<Product> products) {
        List<Problem> ignored = java.util.Collections.synchronizedList(new ArrayList<>());
        return IntStream.range(0, products.size()).parallel()
                .mapToObj(i -> imageVectors(products.get(i), ignored).mean())
                .toArray(float[][]::new);
    }

    private float[] project(float[] imageVector) {
        return imageVector == null || imageProjection == null ? imageVector : imageProjection.apply(imageVector);
    }

    private static void putIfSignal(Map<Modality, float[]> parts, Modality m, float[] v) {
        if (v != null && VectorMath.norm(v) > 0) {
            parts.put(m, v);
        }
    }

    /** A product's usable pictures: the normalised mean of their vectors ({@code null} when none) and each one's own. */
    private record Pictures(float[] mean, List<PictureVector> each) {
    }

    private Pictures imageVectors(Product p, List<Problem> problems) {
        float[] sum = null;
        List<PictureVector> each = new ArrayList<>();
        List<ImageRef> refs = p.images();
        for (int i = 0; i < refs.size(); i++) {
            ImageRef ref = refs.get(i);
            try {
                BufferedImage image = images.load(ref);
                float[] v = imageEncoder.embed(image);
                if (sum == null) {
                    sum = new float[v.length];
                }
                for (int d = 0; d < v.length; d++) {
                    sum[d] += v[d];
                }
                if (VectorMath.norm(v) > 0) {
                    each.add(new PictureVector(i, v));
                }
            } catch (ImageLoadException | RuntimeException e) {
                problems.add(new Problem(p.id(), ref.toString(), e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return new Pictures(sum == null ? null : VectorMath.normalizeInPlace(sum), each);
    }

    /** Encodes a picture as a query (no product): its image vector, projected when the settings say so. */
    public float[] embedImage(BufferedImage image) {
        return project(imageEncoder.embed(image));
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
        // through the image projection too, so that the text lands where the indexed pictures are
        return VectorMath.norm(v) > 0 ? java.util.Optional.of(project(v)) : java.util.Optional.empty();
    }

    /** Whether text vectors land in the image space (see {@link #embedTextAsImage}). */
    public boolean textSharesImageSpace() {
        return textSharesImageSpace;
    }
}
