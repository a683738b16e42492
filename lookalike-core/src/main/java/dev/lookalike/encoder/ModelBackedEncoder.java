package dev.lookalike.encoder;

import dev.lookalike.model.ModelCache;
import dev.lookalike.model.ModelEncoder;
import dev.lookalike.model.ModelRegistry;
import dev.lookalike.model.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An encoder backed by a model in the {@link ModelCache}: its id and dimension come from the registry, and the
 * model is verified (SHA-256 of every file it uses) and loaded on first use or {@link #load()}, once. The loaded
 * encoder lives as long as this object (in practice, the JVM: {@link Encoders} keeps one per cache and id), like the
 * bundled MiniLM.
 *
 * <p>Thread-safe.
 *
 * @param <T> the input type
 */
final class ModelBackedEncoder<T> implements Encoder<T> {

    /** Builds the real encoder from the verified files, in the order of the encoder spec's {@code files()}. */
    @FunctionalInterface
    interface Loader<T> {
        Encoder<T> load(List<Path> files) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelBackedEncoder.class);

    private final ModelCache cache;
    private final ModelSpec model;
    private final ModelEncoder spec;
    private final Loader<T> loader;
    private volatile Encoder<T> loaded;

    ModelBackedEncoder(ModelCache cache, ModelRegistry.Resolved resolved, Loader<T> loader) {
        this.cache = cache;
        this.model = resolved.model();
        this.spec = resolved.encoder();
        this.loader = loader;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public String space() {
        return spec.space();
    }

    /** The registry's dimension; the loaded model is checked to give exactly this. */
    @Override
    public int dimension() {
        return spec.dimension();
    }

    ModelSpec model() {
        return model;
    }

    @Override
    public List<float[]> embedAll(List<T> inputs) {
        return load().embedAll(inputs);
    }

    /**
     * The loaded encoder, verifying and loading the model on the first call.
     *
     * @throws dev.lookalike.model.ModelNotCachedException when a file is missing or fails its checksum
     * @throws IllegalStateException                        when the model cannot be loaded or its dimension is not
     *                                                      the registry's
     */
    Encoder<T> load() {
        Encoder<T> e = loaded;
        if (e != null) {
            return e;
        }
        synchronized (this) {
            if (loaded == null) {
                long start = System.nanoTime();
                List<Path> files = spec.files().stream().map(p -> cache.verifiedFile(model, p)).toList();
                Encoder<T> encoder;
                try {
                    encoder = loader.load(files);
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot load model " + model.name() + " for encoder " + spec.id()
                            + ": " + ex.getMessage(), ex);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalStateException("model " + model.name() + " in " + cache.directory()
                            + " does not fit encoder " + spec.id() + ": " + ex.getMessage(), ex);
                }
                if (encoder.dimension() != spec.dimension()) {
                    closeQuietly(encoder);
                    throw new IllegalStateException("model " + model.name() + " (" + files.get(0) + ") gives "
                            + encoder.dimension() + "-d vectors, but encoder " + spec.id() + " is registered with "
                            + spec.dimension());
                }
                LOG.info("Loaded encoder {} from {} (files verified) in {} ms", spec.id(), cache.modelDirectory(model),
                        (System.nanoTime() - start) / 1_000_000);
                loaded = encoder;
            }
            return loaded;
        }
    }

    private static void closeQuietly(Encoder<?> encoder) {
        if (encoder instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing
            }
        }
    }

    @Override
    public String toString() {
        return "ModelBackedEncoder[" + spec.id() + " from " + cache.modelDirectory(model) + "]";
    }
}
