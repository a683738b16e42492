package dev.lookalike.encoder;

import dev.lookalike.model.ModelCache;
import dev.lookalike.model.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An encoder backed by a model file: a model of the registry in the {@link ModelCache}, or the model a user's model
 * card names. Its id and dimension are known without the model (the registry's, or the card's); the model is
 * verified (SHA-256 of every file it uses) and loaded on first use or {@link #load()}, once. The loaded encoder lives
 * as long as this object (in practice, the JVM: {@link Encoders} keeps one per cache and id, and one per card), like
 * the bundled MiniLM.
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

    private final String id;
    private final String space;
    private final int dimension;
    private final String origin;
    private final String dimensionClaim;
    private final Supplier<List<Path>> verifiedFiles;
    private final Loader<T> loader;
    private volatile Encoder<T> loaded;

    ModelBackedEncoder(ModelCache cache, ModelRegistry.Resolved resolved, Loader<T> loader) {
        this(resolved.encoder().id(), resolved.encoder().space(), resolved.encoder().dimension(),
                "model " + resolved.model().name() + " in " + cache.directory(),
                "encoder " + resolved.encoder().id() + " is registered with",
                () -> resolved.encoder().files().stream().map(p -> cache.verifiedFile(resolved.model(), p)).toList(),
                loader);
    }

    /**
     * @param dimension      the length of the vectors, checked when the model is loaded; 0 when only the model
     *                       knows it (it is then loaded by {@link #dimension()})
     * @param origin         what the model is, for messages: {@code model card /models/card.json}
     * @param dimensionClaim who says {@code dimension}, for messages: {@code encoder x is registered with}
     * @param verifiedFiles  the model's files after checking their checksums; throws when they fail
     */
    ModelBackedEncoder(String id, String space, int dimension, String origin, String dimensionClaim,
                       Supplier<List<Path>> verifiedFiles, Loader<T> loader) {
        this.id = id;
        this.space = space;
        this.dimension = dimension;
        this.origin = origin;
        this.dimensionClaim = dimensionClaim;
        this.verifiedFiles = verifiedFiles;
        this.loader = loader;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String space() {
        return space;
    }

    /** The declared dimension; the loaded model is checked to give exactly this. Loads the model when undeclared. */
    @Override
    public int dimension() {
        return dimension > 0 ? dimension : load().dimension();
    }

    @Override
    public List<float[]> embedAll(List<T> inputs) {
        return load().embedAll(inputs);
    }

    /**
     * The loaded encoder, verifying and loading the model on the first call.
     *
     * @throws dev.lookalike.model.ModelNotCachedException when a registry model's file is missing or fails its
     *                                                      checksum
     * @throws IllegalStateException                        when a card's model fails its checksum, or the model
     *                                                      cannot be loaded or its dimension is not the declared one
     */
    Encoder<T> load() {
        Encoder<T> e = loaded;
        if (e != null) {
            return e;
        }
        synchronized (this) {
            if (loaded == null) {
                long start = System.nanoTime();
                List<Path> files = verifiedFiles.get();
                Encoder<T> encoder;
                try {
                    encoder = loader.load(files);
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot load " + origin + " for encoder " + id + ": "
                            + ex.getMessage(), ex);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalStateException(origin + " does not fit encoder " + id + ": " + ex.getMessage(), ex);
                }
                if (dimension > 0 && encoder.dimension() != dimension) {
                    closeQuietly(encoder);
                    throw new IllegalStateException(origin + " (" + files.get(0) + ") gives " + encoder.dimension()
                            + "-d vectors, but " + dimensionClaim + " " + dimension);
                }
                LOG.info("Loaded encoder {} from {} (files verified) in {} ms", id, origin,
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
        return "ModelBackedEncoder[" + id + " from " + origin + "]";
    }
}
