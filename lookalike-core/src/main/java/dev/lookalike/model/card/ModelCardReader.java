package dev.lookalike.model.card;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lookalike.encoder.onnx.ImagePreprocessing;
import dev.lookalike.encoder.onnx.ImagePreprocessing.ChannelOrder;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Interpolation;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import dev.lookalike.encoder.onnx.ImagePreprocessing.PixelScale;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Resize;
import dev.lookalike.encoder.onnx.ImagePreprocessing.TokenPooling;
import dev.lookalike.model.ImagePreset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a model card with Jackson into plain records, then checks every value and merges it over the preset's. Every
 * error names the card, the line and column (Jackson's location, or the field's found again in the text) and the
 * field. Stateless and thread-safe.
 */
final class ModelCardReader {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private static final Pattern FILL = Pattern.compile("#[0-9a-fA-F]{6}");

    /** The card as written: every field optional here, checked afterwards. */
    record Json(Integer format, String kind, String file, String sha256, Integer dimension, String preset,
                Input input, String output, String featureLayout, String tokenPooling) {
    }

    /** The card's {@code input} object. */
    record Input(Integer width, Integer height, String resize, Integer shorterSide, String fill,
                 String interpolation, String pixelScale, float[] mean, float[] std, String channelOrder,
                 String layout) {
    }

    private static final Input NO_INPUT = new Input(null, null, null, null, null, null, null, null, null, null, null);

    /** The card's {@code input.resize} values. */
    private enum ResizeMode { STRETCH, SHORTER_SIDE_THEN_CENTER_CROP, PAD_TO_SQUARE }

    private final Path card;
    private final byte[] text;

    private ModelCardReader(Path card, byte[] text) {
        this.card = card;
        this.text = text;
    }

    static ModelCard read(Path path) {
        Path card = path.toAbsolutePath().normalize();
        byte[] text;
        try {
            text = Files.readAllBytes(card);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such model card " + card);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model card " + card + ": " + e, e);
        }
        return new ModelCardReader(card, text).parse();
    }

    private ModelCard parse() {
        Json json;
        try {
            json = MAPPER.readValue(text, Json.class);
        } catch (JsonProcessingException e) {
            throw jacksonError(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model card " + card + ": " + e, e);
        }
        if (json == null) {
            throw new IllegalArgumentException("model card " + card + " is empty; a model card is a JSON object");
        }
        Integer format = required("format", json.format());
        if (format != ModelCard.FORMAT) {
            throw bad("format", "this build reads model card format " + ModelCard.FORMAT + ", got " + format);
        }
        String kind = required("kind", json.kind());
        if (!kind.equals("image")) {
            throw bad("kind", "must be 'image' (the only kind of format " + ModelCard.FORMAT + "), got '" + kind + "'");
        }
        String fileName = required("file", json.file());
        if (fileName.isBlank()) {
            throw bad("file", "must name the ONNX model file, relative to the card's folder, got '" + fileName + "'");
        }
        Path file = card.getParent().resolve(fileName).normalize();
        if (!Files.isRegularFile(file)) {
            throw bad("file", "no such file " + file);
        }
        String sha256 = required("sha256", json.sha256()).toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw bad("sha256", "must be the model file's SHA-256, 64 hex digits, got '" + json.sha256() + "'");
        }
        OptionalInt dimension = OptionalInt.empty();
        if (json.dimension() != null) {
            if (json.dimension() < 1 || json.dimension() > ModelCard.MAX_DIMENSION) {
                throw bad("dimension", "must be in [1, " + ModelCard.MAX_DIMENSION + "], got " + json.dimension());
            }
            dimension = OptionalInt.of(json.dimension());
        }
        if (json.output() != null && json.output().isBlank()) {
            throw bad("output", "must be the name of a model output, or left out for the model's first, got '"
                    + json.output() + "'");
        }
        return new ModelCard(card, file, sha256, dimension, preprocessing(json));
    }

    private ImagePreprocessing preprocessing(Json json) {
        ImagePreset preset = choice("preset", json.preset(), ImagePreset.class);
        ImagePreprocessing base = preset == null ? null : switch (preset) {
            case CLIP_VIT_B32 -> ImagePreprocessing.clipVitB32();
            case RESNET50 -> ImagePreprocessing.resnet50();
            case INCEPTION_V3 -> ImagePreprocessing.inceptionV3();
        };
        if (base == null && json.input() == null) {
            throw bad("input", "missing: a card without a preset must describe its input");
        }
        Input in = json.input() == null ? NO_INPUT : json.input();
        int width = given("input.width", in.width(), base == null ? null : base.width());
        int height = given("input.height", in.height(), base == null ? null : base.height());
        Resize resize = resize(in, base == null ? null : base.resize());
        Interpolation interpolation = given("input.interpolation",
                choice("input.interpolation", in.interpolation(), Interpolation.class),
                base == null ? null : base.interpolation());
        PixelScale pixelScale = given("input.pixelScale", choice("input.pixelScale", in.pixelScale(), PixelScale.class),
                base == null ? null : base.pixelScale());
        float[] mean = given("input.mean", in.mean(), base == null ? null : base.mean());
        float[] std = given("input.std", in.std(), base == null ? null : base.std());
        ChannelOrder channelOrder = given("input.channelOrder",
                choice("input.channelOrder", in.channelOrder(), ChannelOrder.class),
                base == null ? null : base.channelOrder());
        Layout layout = given("input.layout", choice("input.layout", in.layout(), Layout.class),
                base == null ? null : base.layout());
        Layout featureLayout = choice("featureLayout", json.featureLayout(), Layout.class);
        if (featureLayout == null) {
            featureLayout = base == null ? layout : base.featureLayout();
        }
        TokenPooling tokenPooling = choice("tokenPooling", json.tokenPooling(), TokenPooling.class);
        if (tokenPooling == null) {
            tokenPooling = base == null ? TokenPooling.CLS : base.tokenPooling();
        }
        try {
            return new ImagePreprocessing(width, height, resize, interpolation, pixelScale, mean, std, channelOrder,
                    layout, json.output(), featureLayout, tokenPooling);
        } catch (IllegalArgumentException e) {
            throw bad("input", e.getMessage());
        }
    }

    private Resize resize(Input in, Resize base) {
        ResizeMode mode = choice("input.resize", in.resize(), ResizeMode.class);
        if (mode == null) {
            mode = switch (given("input.resize", null, base)) {
                case Resize.Stretch s -> ResizeMode.STRETCH;
                case Resize.ShorterSideThenCenterCrop s -> ResizeMode.SHORTER_SIDE_THEN_CENTER_CROP;
                case Resize.PadToSquare s -> ResizeMode.PAD_TO_SQUARE;
            };
        }
        if (in.shorterSide() != null && mode != ResizeMode.SHORTER_SIDE_THEN_CENTER_CROP) {
            throw bad("input.shorterSide", "only goes with resize 'shorter-side-then-center-crop', not '"
                    + spelling(mode) + "'");
        }
        if (in.fill() != null && mode != ResizeMode.PAD_TO_SQUARE) {
            throw bad("input.fill", "only goes with resize 'pad-to-square', not '" + spelling(mode) + "'");
        }
        return switch (mode) {
            case STRETCH -> new Resize.Stretch();
            case SHORTER_SIDE_THEN_CENTER_CROP -> shorterSide(given("input.shorterSide", in.shorterSide(),
                    base instanceof Resize.ShorterSideThenCenterCrop(int size) ? size : null));
            case PAD_TO_SQUARE -> {
                String fill = required("input.fill", in.fill());
                if (!FILL.matcher(fill).matches()) {
                    throw bad("input.fill", "must be a colour #RRGGBB, got '" + fill + "'");
                }
                yield new Resize.PadToSquare(HexFormat.fromHexDigits(fill, 1, 7));
            }
        };
    }

    private Resize shorterSide(int size) {
        try {
            return new Resize.ShorterSideThenCenterCrop(size);
        } catch (IllegalArgumentException e) {
            throw bad("input.shorterSide", e.getMessage());
        }
    }

    private <T> T required(String field, T value) {
        if (value == null) {
            throw bad(field, "missing (required)");
        }
        return value;
    }

    /** The card's value, else the preset's; an error when neither gives one. */
    private <T> T given(String field, T value, T preset) {
        if (value != null) {
            return value;
        }
        if (preset == null) {
            throw bad(field, "missing: required when no preset gives it");
        }
        return preset;
    }

    /** The constant spelled {@code value} (lower case with hyphens; any case), or null when value is null. */
    private <E extends Enum<E>> E choice(String field, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (spelling(e).equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw bad(field, "'" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(ModelCardReader::spelling).collect(Collectors.joining(", ")));
    }

    private static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A bad value: the card, the field's line and column in it, the field. */
    private IllegalArgumentException bad(String field, String message) {
        return new IllegalArgumentException(card + at(locate("/" + field.replace('.', '/'))) + ": field '" + field
                + "': " + message);
    }

    private IllegalArgumentException jacksonError(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown field; known here: " + u.getKnownPropertyIds().stream().map(String::valueOf)
                    .collect(Collectors.toCollection(TreeSet::new));
        } else if (e instanceof MismatchedInputException m && expected(m.getTargetType()) != null
                && m.getOriginalMessage().startsWith("Cannot ")) {
            // "Cannot coerce String value ("60") to `java.lang.Integer` value...": the Java type, in the card's words
            message = "expected " + expected(m.getTargetType());
        } else {
            message = e.getOriginalMessage();
        }
        // a record is bound once its object ends, so Jackson places an unknown field there: find the field itself
        JsonLocation where = e instanceof UnrecognizedPropertyException ? locate("/" + field.replace('.', '/')) : null;
        return new IllegalArgumentException(card + at(where != null ? where : e.getLocation())
                + (field.isEmpty() ? "" : ": field '" + field + "'") + ": " + message, e);
    }

    /** What a value of the binding's type is, in the card's words. */
    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        } else if (type == float[].class || type == float.class || type == Float.class) {
            return "an array of 3 numbers";
        } else if (type == String.class) {
            return "a string";
        } else if (type == Json.class || type == Input.class) {
            return "a JSON object";
        }
        return null;
    }

    /** A Jackson path as {@code input.mean[1]}. */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    /** Where the field at {@code pointer} is named in the card, or null when it is not there. */
    private JsonLocation locate(String pointer) {
        try (JsonParser p = MAPPER.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return p.currentTokenLocation();
                }
            }
        } catch (IOException e) {
            return null; // only asked of a card that parsed
        }
        return null;
    }
}
