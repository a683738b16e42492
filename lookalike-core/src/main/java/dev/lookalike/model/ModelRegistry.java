package dev.lookalike.model;

import dev.lookalike.model.ModelEncoder.Pooling;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The models Lookalike knows how to download and run, by name, and their encoders, by id. Immutable and
 * thread-safe.
 *
 * <p>{@link #builtIn()} lists:
 * <ul>
 *   <li>{@code clip-vit-b32}: OpenAI CLIP ViT-B/32 as exported to ONNX in {@code Xenova/clip-vit-base-patch32}
 *       (vision and text towers, each ending in CLIP's projection, and the CLIP BPE {@code tokenizer.json}); encoders
 *       {@code clip-vit-b32-image} and {@code clip-vit-b32-text}, 512 dimensions, one joint space;</li>
 *   <li>{@code resnet50}: ResNet-50's 2048-d pooled features ({@code Qdrant/resnet50-onnx}, as fastembed uses it);</li>
 *   <li>{@code inception-v3}: Inception V3's 2048-d pooled "bottleneck"; no public ONNX export of it is known, so it
 *       is fetched from a base URL the user gives (see the README);</li>
 *   <li>{@code all-minilm-l6-v2}: the float (not quantized) sentence-transformers MiniLM ({@code onnx/model.onnx}),
 *       384 dimensions, mean pooling.</li>
 * </ul>
 * The pinned SHA-256 values and sizes are the hub's Git LFS object ids and sizes as independent public projects (two
 * at least, most often three or more) pin them in their own download manifests (each model's
 * {@link ModelSpec#provenance()} says which); they were not computed here, as this build's machine cannot reach the
 * hub. A file this build cannot vouch for is unpinned: {@code pull} refuses it unless trust on first use is asked
 * for.
 */
public final class ModelRegistry {

    /** An encoder id found in the registry, with the model that provides it. */
    public record Resolved(ModelSpec model, ModelEncoder encoder) {
        public Resolved {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(encoder, "encoder");
        }
    }

    private static final ModelRegistry BUILT_IN = of(List.of(clipVitB32(), resnet50(), inceptionV3(), allMiniLmL6V2()));

    private final Map<String, ModelSpec> models;
    private final Map<String, Resolved> encoders;

    private ModelRegistry(Map<String, ModelSpec> models) {
        this.models = models;
        Map<String, Resolved> byId = new HashMap<>();
        for (ModelSpec m : models.values()) {
            for (ModelEncoder e : m.encoders()) {
                Resolved previous = byId.put(e.id(), new Resolved(m, e));
                if (previous != null) {
                    throw new IllegalArgumentException("encoder id " + e.id() + " is provided by both "
                            + previous.model().name() + " and " + m.name());
                }
            }
        }
        this.encoders = Map.copyOf(byId);
    }

    /** The models this build knows. */
    public static ModelRegistry builtIn() {
        return BUILT_IN;
    }

    /**
     * A registry of exactly these models.
     *
     * @throws IllegalArgumentException when two models share a name or two encoders an id
     */
    public static ModelRegistry of(Collection<ModelSpec> specs) {
        Map<String, ModelSpec> byName = new LinkedHashMap<>();
        for (ModelSpec s : specs) {
            if (byName.put(s.name(), Objects.requireNonNull(s, "spec")) != null) {
                throw new IllegalArgumentException("model " + s.name() + " is listed twice");
            }
        }
        return new ModelRegistry(java.util.Collections.unmodifiableMap(byName));
    }

    /** This registry plus {@code more}; a model of the same name is replaced. */
    public ModelRegistry with(ModelSpec... more) {
        Map<String, ModelSpec> merged = new LinkedHashMap<>(models);
        for (ModelSpec s : more) {
            merged.put(s.name(), s);
        }
        return of(merged.values());
    }

    /** The models, in registration order. */
    public List<ModelSpec> models() {
        return List.copyOf(models.values());
    }

    public Optional<ModelSpec> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** @throws IllegalArgumentException naming the known models when there is none of that name */
    public ModelSpec require(String name) {
        ModelSpec spec = models.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: "
                    + String.join(", ", models.keySet()));
        }
        return spec;
    }

    /** The model and encoder of an encoder id. */
    public Optional<Resolved> encoder(String id) {
        return Optional.ofNullable(encoders.get(id));
    }

    /** Ids of the encoders of one kind of input, sorted. */
    public List<String> encoderIds(boolean image) {
        List<String> ids = new ArrayList<>();
        encoders.forEach((id, r) -> {
            if (r.encoder().kind().isImage() == image) {
                ids.add(id);
            }
        });
        ids.sort(null);
        return ids;
    }

    /**
     * Whether the two encoders give vectors in one space (the image and text towers of one CLIP model), so that a
     * text query can be compared with picture vectors. {@code false} when either id is not in this registry.
     */
    public boolean sharesSpace(String imageEncoderId, String textEncoderId) {
        Resolved a = encoders.get(imageEncoderId);
        Resolved b = encoders.get(textEncoderId);
        return a != null && b != null && a.encoder().space() != null
                && a.encoder().space().equals(b.encoder().space());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Built-in entries

    private static final String CLIP_SPACE = "clip-vit-b32";

    /**
     * OpenAI CLIP ViT-B/32 (MIT license), Xenova's transformers.js export: {@code onnx/vision_model.onnx} takes
     * {@code pixel_values [N, 3, 224, 224]} and outputs {@code image_embeds [N, 512]} (projected), and
     * {@code onnx/text_model.onnx} takes {@code input_ids [N, T]} and outputs {@code text_embeds [N, 512]}
     * (projected), both after CLIP's projection into the joint space.
     */
    static ModelSpec clipVitB32() {
        return new ModelSpec("clip-vit-b32",
                "OpenAI CLIP ViT-B/32 image and text towers (ONNX, float32), one 512-d joint space",
                "Xenova/clip-vit-base-patch32", "main", "MIT (OpenAI CLIP)",
                "SHA-256 and sizes of the hub's LFS objects on main, as pinned alike by the download manifests of "
                        + "unrelated public projects: three for each ONNX file (Rust, JavaScript and Python or "
                        + "TypeScript model registries), two for tokenizer.json; not recomputed here",
                List.of(ModelFile.pinned("onnx/vision_model.onnx", 351_685_709L,
                                "fd6e1402a588279d1723c7534d4bcba5bc0b14b47dfab0e46f8c47b8270d7d40"),
                        ModelFile.pinned("onnx/text_model.onnx", 254_058_553L,
                                "3f6571f5bad13a97c469c1622e1cfc4d9aef78b79fdbfcff804ca357bfada8cc"),
                        ModelFile.pinned("tokenizer.json", 2_224_119L,
                                "f7f3b7af117d467b58374797691a6438d3e6b9e9cef800dfd5dced7f697a90cd")),
                List.of(new ModelEncoder.Image("clip-vit-b32-image", ModelKind.CLIP_IMAGE, 512,
                                "onnx/vision_model.onnx", ImagePreset.CLIP_VIT_B32, "image_embeds", CLIP_SPACE),
                        new ModelEncoder.Text("clip-vit-b32-text", ModelKind.CLIP_TEXT, 512, "onnx/text_model.onnx",
                                "tokenizer.json", 77, Pooling.MODEL, false, "text_embeds", CLIP_SPACE)));
    }

    /**
     * ResNet-50 pooled features as fastembed serves them ({@code Qdrant/resnet50-onnx}, {@code model.onnx}, 2048-d).
     * Unpinned: no public record of its checksum was found.
     */
    static ModelSpec resnet50() {
        return new ModelSpec("resnet50",
                "ResNet-50 (ImageNet) 2048-d pooled features (ONNX export used by fastembed)",
                "Qdrant/resnet50-onnx", "main", "see the repository's model card",
                "unpinned: no public record of this file's SHA-256 was found; pull it with --trust-on-first-use",
                List.of(ModelFile.unpinned("model.onnx")),
                List.of(new ModelEncoder.Image("resnet50", ModelKind.IMAGE, 2048, "model.onnx", ImagePreset.RESNET50,
                        null, null)));
    }

    /**
     * Inception V3's pooled "bottleneck" (Keras {@code InceptionV3(include_top=False, pooling='avg')}, exported with
     * tf2onnx, NHWC). No public ONNX export of it is known: the file is fetched from {@code <base URL>/inception-v3/
     * inception_v3.onnx} under a base URL the user gives, with trust on first use.
     */
    static ModelSpec inceptionV3() {
        return new ModelSpec("inception-v3",
                "Inception V3 2048-d pooled bottleneck (your own ONNX export; no public download)",
                null, "main", "Apache-2.0 (Keras Applications weights)",
                "unpinned: there is no public ONNX export to pin; export it yourself (README, Models) and pull it "
                        + "from your --base-url with --trust-on-first-use",
                List.of(ModelFile.unpinned("inception_v3.onnx")),
                List.of(new ModelEncoder.Image("inception-v3", ModelKind.IMAGE, 2048, "inception_v3.onnx",
                        ImagePreset.INCEPTION_V3, null, null)));
    }

    /**
     * sentence-transformers all-MiniLM-L6-v2, float32 ONNX export in the model's own repository; outputs
     * {@code last_hidden_state [N, T, 384]}, mean-pooled; texts truncated at 256 tokens (the model's training length).
     */
    static ModelSpec allMiniLmL6V2() {
        return new ModelSpec("all-minilm-l6-v2",
                "sentence-transformers all-MiniLM-L6-v2 (ONNX, float32), 384-d, mean pooling",
                "sentence-transformers/all-MiniLM-L6-v2", "main", "Apache-2.0",
                "SHA-256 and sizes of the hub's LFS objects, as pinned alike by the download manifests of five "
                        + "unrelated public projects (three of them at fixed commits of the repository); not "
                        + "recomputed here",
                List.of(ModelFile.pinned("onnx/model.onnx", 90_405_214L,
                                "6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452"),
                        ModelFile.pinned("tokenizer.json", 466_247L,
                                "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037")),
                List.of(new ModelEncoder.Text("all-minilm-l6-v2", ModelKind.TEXT, 384, "onnx/model.onnx",
                        "tokenizer.json", 256, Pooling.MEAN, false, "last_hidden_state", null)));
    }
}
