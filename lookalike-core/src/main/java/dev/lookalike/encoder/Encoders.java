package dev.lookalike.encoder;

import dev.lookalike.encoder.onnx.ClipTextEncoder;
import dev.lookalike.encoder.onnx.ImagePreprocessing;
import dev.lookalike.encoder.onnx.OnnxImageEncoder;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.model.ModelCache;
import dev.lookalike.model.ModelEncoder;
import dev.lookalike.model.ModelKind;
import dev.lookalike.model.ModelRegistry;
import dev.lookalike.model.ModelSpec;
import dev.lookalike.model.card.ModelCard;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The encoders this build has, by id: an index names its encoders, and these find them again.
 *
 * <p>Two are built in and need nothing: {@value ProductImageDescriptor#ID} (training-free image descriptor) and
 * {@value MiniLmTextEncoder#ID} (bundled quantized MiniLM). The others are backed by models of the
 * {@link ModelRegistry} that {@code lookalike models pull} downloads into a {@link ModelCache}: e.g.
 * {@code clip-vit-b32-image}, {@code clip-vit-b32-text}, {@code resnet50}, {@code inception-v3},
 * {@code all-minilm-l6-v2}. Asking for one checks that its files are in the cache (a clear error naming the pull
 * command when not); its files' checksums are verified and the model loaded on first use, or by {@link #load}. A
 * model-backed encoder is kept for the life of the JVM, one per cache folder and id, so asking again is cheap.
 *
 * <p>A user's own ONNX image model is used through its model card ({@link ModelCard}): the id {@code onnx:} and the
 * card's path, made absolute and normalised. Asking for it reads and checks the card (a clear error when it is
 * missing or invalid); the model's checksum is verified and the model loaded on first use, by {@link #load}, or by
 * {@link Encoder#dimension()} when the card does not declare the dimension. One encoder is kept per card (its path
 * and contents), as for the registry's models.
 *
 * <p>Thread-safe.
 */
public final class Encoders {

    /** Pictures per ONNX run when an image encoder is given several at once. */
    static final int IMAGE_BATCH = 16;
    /** Texts per ONNX run for a float text model. */
    static final int TEXT_BATCH = 32;

    private record Key(Path cache, ModelSpec model, ModelEncoder encoder) {
    }

    private static final Map<Key, ModelBackedEncoder<?>> MODEL_ENCODERS = new ConcurrentHashMap<>();
    private static final Map<ModelCard, ModelBackedEncoder<BufferedImage>> CARD_ENCODERS = new ConcurrentHashMap<>();

    private Encoders() {
    }

    /** {@link #image(String, ModelCache)} with the built-in registry and the default cache. */
    public static Encoder<BufferedImage> image(String id) {
        return ProductImageDescriptor.ID.equals(id) ? new ProductImageDescriptor() : image(id, ModelCache.fromEnvironment());
    }

    /**
     * The image encoder of that id: the built-in descriptor, one backed by a model of {@code models}' registry, or
     * ({@code onnx:PATH/TO/card.json}) the model a model card describes, whose id is then {@code onnx:} and the
     * card's absolute, normalised path; or several of these joined by {@code +} (e.g.
     * {@code descriptor-v2+onnx:card.json}), their unit vectors side by side (each scaled by {@code 1/sqrt(parts)}).
     *
     * @throws IllegalArgumentException                    when there is no image encoder of that id, or no such
     *                                                     model card, or the card is invalid
     * @throws dev.lookalike.model.ModelNotCachedException when its model's files are not in the cache; the message
     *                                                     names the {@code lookalike models pull} command
     */
    public static Encoder<BufferedImage> image(String id, ModelCache models) {
        if (ProductImageDescriptor.ID.equals(id)) {
            return new ProductImageDescriptor();
        }
        if (id != null && id.contains(ConcatenatedEncoder.SEPARATOR)) {
            return new ConcatenatedEncoder<>(parts(id).stream().map(part -> image(part, models)).toList());
        }
        if (ModelCard.isCardId(id)) {
            return card(ModelCard.read(ModelCard.cardPath(id)));
        }
        ModelRegistry.Resolved r = resolve(id, models, true);
        ModelEncoder.Image spec = (ModelEncoder.Image) r.encoder();
        return cached(models, r, files -> new OnnxImageEncoder(spec.id(), files.get(0), preprocessing(spec),
                IMAGE_BATCH, 1));
    }

    private static Encoder<BufferedImage> card(ModelCard card) {
        return CARD_ENCODERS.computeIfAbsent(card, c -> new ModelBackedEncoder<>(c.encoderId(), null,
                c.dimension().orElse(0), "the model of card " + c.path(),
                "the field 'dimension' of card " + c.path() + " is", () -> List.of(c.verifiedFile()),
                files -> new OnnxImageEncoder(c.encoderId(), files.get(0), c.preprocessing(), IMAGE_BATCH, 1)));
    }

    /** {@link #text(String, ModelCache)} with the built-in registry and the default cache. */
    public static Encoder<String> text(String id) {
        return MiniLmTextEncoder.ID.equals(id) ? new MiniLmTextEncoder() : text(id, ModelCache.fromEnvironment());
    }

    /**
     * The text encoder of that id: the bundled MiniLM, or one backed by a model of {@code models}' registry (a
     * sentence-transformer through {@link OnnxSentenceEncoder}, batched when the registry declares it float; a CLIP
     * text tower through {@link ClipTextEncoder}).
     *
     * @throws IllegalArgumentException                    when there is no text encoder of that id
     * @throws dev.lookalike.model.ModelNotCachedException when its model's files are not in the cache
     */
    public static Encoder<String> text(String id, ModelCache models) {
        if (MiniLmTextEncoder.ID.equals(id)) {
            return new MiniLmTextEncoder();
        }
        ModelRegistry.Resolved r = resolve(id, models, false);
        ModelEncoder.Text spec = (ModelEncoder.Text) r.encoder();
        if (spec.kind() == ModelKind.CLIP_TEXT) {
            return cached(models, r, files -> new ClipTextEncoder(spec.id(), files.get(0), files.get(1),
                    spec.maxTokens(), spec.output()));
        }
        OnnxSentenceEncoder.Options options = OnnxSentenceEncoder.Options.defaults()
                .withMaxTokens(spec.maxTokens())
                .withPooling(spec.pooling() == ModelEncoder.Pooling.CLS
                        ? OnnxSentenceEncoder.Pooling.CLS : OnnxSentenceEncoder.Pooling.MEAN)
                .withQuantized(spec.quantized())
                .withBatchSize(TEXT_BATCH)
                .withOutput(spec.output());
        return cached(models, r, files -> OnnxSentenceEncoder.fromFiles(spec.id(), files.get(0), files.get(1), options));
    }

    /**
     * Verifies and loads a model-backed encoder now rather than on its first input, so that a missing or damaged
     * model stops a job before it starts (an image encoder's failure on a picture is otherwise reported per picture).
     * Does nothing for the built-in encoders.
     *
     * @throws dev.lookalike.model.ModelNotCachedException when a file is missing or fails its checksum
     * @throws IllegalStateException                        when the model does not load or fit
     */
    public static void load(Encoder<?> encoder) {
        if (encoder instanceof ModelBackedEncoder<?> m) {
            m.load();
        } else if (encoder instanceof ConcatenatedEncoder<?> c) {
            c.parts().forEach(Encoders::load);
        }
    }

    /**
     * {@code id} as an index stores it: a model card's path made absolute and normalised, in each part of a
     * concatenation ({@code descriptor-v2+onnx:card.json}); any other id unchanged.
     */
    public static String normalizeImageId(String id) {
        if (id == null || !id.contains(ConcatenatedEncoder.SEPARATOR)) {
            return id == null ? null : ModelCard.normalizeId(id);
        }
        return String.join(ConcatenatedEncoder.SEPARATOR, parts(id).stream().map(ModelCard::normalizeId).toList());
    }

    /** The ids a concatenation's id joins; an empty one is an error naming the whole id. */
    private static List<String> parts(String id) {
        List<String> parts = List.of(id.split(java.util.regex.Pattern.quote(ConcatenatedEncoder.SEPARATOR), -1));
        if (parts.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("image encoder '" + id + "' joins encoders with '"
                    + ConcatenatedEncoder.SEPARATOR + "' but has an empty part");
        }
        return parts;
    }

    /**
     * Whether vectors of the text encoder can be compared with vectors of the image encoder: the two towers of one
     * CLIP model, whose text vectors land in the space of its picture vectors (text-to-image search). Uses the
     * built-in registry.
     */
    public static boolean sharesImageSpace(String imageEncoderId, String textEncoderId) {
        return sharesImageSpace(imageEncoderId, textEncoderId, ModelRegistry.builtIn());
    }

    /** As {@link #sharesImageSpace(String, String)}, with the encoders of {@code registry}. */
    public static boolean sharesImageSpace(String imageEncoderId, String textEncoderId, ModelRegistry registry) {
        return registry.encoder(imageEncoderId).map(r -> r.encoder().kind() == ModelKind.CLIP_IMAGE).orElse(false)
                && registry.encoder(textEncoderId).map(r -> r.encoder().kind() == ModelKind.CLIP_TEXT).orElse(false)
                && registry.sharesSpace(imageEncoderId, textEncoderId);
    }

    /** Default fusion: the training-free image descriptor, MiniLM text, hashed attributes. */
    public static FusionSettings defaultSettings() {
        return new FusionSettings(FusionSettings.DEFAULT_IMAGE_WEIGHT, FusionSettings.DEFAULT_TEXT_WEIGHT,
                FusionSettings.DEFAULT_ATTRIBUTE_WEIGHT, ProductImageDescriptor.ID, new ProductImageDescriptor().dimension(),
                MiniLmTextEncoder.ID, MiniLmTextEncoder.DIMENSION, FusionSettings.DEFAULT_ATTRIBUTE_DIMENSION, List.of());
    }

    /**
     * Settings for a new index with these encoders: {@link #defaultSettings()}'s weights and attributes, the
     * encoders' ids and dimensions. Checks that model-backed encoders are cached (no model is loaded) and that a model
     * card is valid; a card that does not declare its dimension has its model verified and loaded to learn it.
     *
     * @throws IllegalArgumentException                    when an id is unknown
     * @throws dev.lookalike.model.ModelNotCachedException when a model is not cached
     * @throws IllegalStateException                        when a card's model (loaded for its dimension) fails
     *                                                      its checksum or does not load
     */
    public static FusionSettings settings(String imageEncoderId, String textEncoderId, ModelCache models) {
        FusionSettings d = defaultSettings();
        Encoder<BufferedImage> image = image(imageEncoderId, models);
        Encoder<String> text = text(textEncoderId, models);
        return new FusionSettings(d.imageWeight(), d.textWeight(), d.attributeWeight(), image.id(), image.dimension(),
                text.id(), text.dimension(), d.attributeDimension(), d.attributeFields());
    }

    /** Ids of every image encoder: the built-in one, then the registry's. */
    public static List<String> imageIds(ModelRegistry registry) {
        List<String> ids = new ArrayList<>(List.of(ProductImageDescriptor.ID));
        ids.addAll(registry.encoderIds(true));
        return ids;
    }

    /** Ids of every text encoder: the built-in one, then the registry's. */
    public static List<String> textIds(ModelRegistry registry) {
        List<String> ids = new ArrayList<>(List.of(MiniLmTextEncoder.ID));
        ids.addAll(registry.encoderIds(false));
        return ids;
    }

    private static ModelRegistry.Resolved resolve(String id, ModelCache models, boolean image) {
        Objects.requireNonNull(models, "models");
        String what = image ? "image" : "text";
        ModelRegistry.Resolved r = id == null ? null : models.registry().encoder(id).orElse(null);
        if (r == null) {
            throw new IllegalArgumentException("unknown " + what + " encoder '" + id + "'; this build has: "
                    + String.join(", ", image ? imageIds(models.registry()) : textIds(models.registry()))
                    + (image ? "; or your own ONNX model: " + ModelCard.ID_PREFIX + "PATH/TO/card.json" : ""));
        }
        if (r.encoder().kind().isImage() != image) {
            throw new IllegalArgumentException("'" + id + "' is " + (image ? "a text" : "an image") + " encoder, not "
                    + (image ? "an image" : "a text") + " encoder; " + what + " encoders: "
                    + String.join(", ", image ? imageIds(models.registry()) : textIds(models.registry())));
        }
        models.requirePresent(r.model(), r.encoder().files());
        return r;
    }

    @SuppressWarnings("unchecked")
    private static <T> Encoder<T> cached(ModelCache models, ModelRegistry.Resolved r, ModelBackedEncoder.Loader<T> loader) {
        Key key = new Key(models.directory(), r.model(), r.encoder());
        return (Encoder<T>) MODEL_ENCODERS.computeIfAbsent(key, k -> new ModelBackedEncoder<>(models, r, loader));
    }

    private static ImagePreprocessing preprocessing(ModelEncoder.Image spec) {
        ImagePreprocessing preset = switch (spec.preset()) {
            case CLIP_VIT_B32 -> ImagePreprocessing.clipVitB32();
            case RESNET50 -> ImagePreprocessing.resnet50();
            case INCEPTION_V3 -> ImagePreprocessing.inceptionV3();
        };
        return preset.withOutput(spec.output());
    }
}
