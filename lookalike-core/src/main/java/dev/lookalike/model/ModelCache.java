package dev.lookalike.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of downloaded models, and the registry that says what they should be.
 *
 * <p>Layout: {@code <dir>/<model>/<path>} for each file (e.g. {@code clip-vit-b32/onnx/vision_model.onnx}), and
 * {@code <dir>/<model>/lookalike-model.json}, the manifest of what was downloaded (SHA-256, size, pinned or trusted on
 * first use, URL, time). Copying the folder to another machine makes its models usable there offline.
 *
 * <p>{@link #pull} downloads a model's missing or damaged files: each is streamed to a temporary file in
 * {@code <dir>/<model>/.partial/} while its SHA-256 is computed, checked against the registry's pin (or, for an
 * unpinned file, recorded in the manifest when trust on first use is asked for, and refused otherwise), and moved
 * into place atomically; a file that fails is deleted. {@link #verifiedFile} checks a cached file's SHA-256 against
 * the pin or the recorded value before a model is loaded.
 *
 * <p>Thread-safe: pulls of one model in one JVM run one at a time. Two processes pulling the same pinned model at
 * once both end with the verified file (moves are atomic); with trust on first use the manifest keeps the last
 * writer's record.
 */
public final class ModelCache {

    /** Environment variable naming the cache folder. */
    public static final String ENV_CACHE_DIR = "LOOKALIKE_MODEL_CACHE";

    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
    private static final String PARTIAL_DIR = ".partial";
    /** A part file not written to for this long is a dead pull's: a live download touches its file every buffer. */
    static final java.time.Duration STALE_PART = java.time.Duration.ofHours(1);
    private static final Map<Path, Object> PULL_LOCKS = new ConcurrentHashMap<>();

    private final Path directory;
    private final ModelRegistry registry;

    private ModelCache(Path directory, ModelRegistry registry) {
        this.directory = directory;
        this.registry = registry;
    }

    /**
     * The cache in {@code directory} (created on the first pull), for the models of {@code registry}.
     *
     * @throws IllegalArgumentException when {@code directory} exists and is not a folder
     */
    public static ModelCache open(Path directory, ModelRegistry registry) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(registry, "registry");
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model cache " + dir + " is not a folder");
        }
        return new ModelCache(dir, registry);
    }

    /** The built-in registry's models in {@link #defaultDirectory()}. */
    public static ModelCache fromEnvironment() {
        return open(defaultDirectory(), ModelRegistry.builtIn());
    }

    /** {@code $LOOKALIKE_MODEL_CACHE}, or {@code ~/.cache/lookalike/models}. */
    public static Path defaultDirectory() {
        String env = System.getenv(ENV_CACHE_DIR);
        if (env != null && !env.isBlank()) {
            return Path.of(env.strip());
        }
        return Path.of(System.getProperty("user.home"), ".cache", "lookalike", "models");
    }

    public Path directory() {
        return directory;
    }

    public ModelRegistry registry() {
        return registry;
    }

    /** The folder of a model's files. */
    public Path modelDirectory(ModelSpec model) {
        return directory.resolve(model.name());
    }

    /** Where a file of a model lives in the cache. */
    public Path path(ModelSpec model, ModelFile file) {
        return modelDirectory(model).resolve(file.path());
    }

    /** The cache state of every registered model, in registry order. */
    public List<ModelStatus> statuses() {
        return registry.models().stream().map(this::status).toList();
    }

    /** Whether a model's files are present, from presence and sizes only. */
    public ModelStatus status(ModelSpec model) {
        Map<String, CacheManifest.Entry> manifest = readManifestQuietly(model);
        int present = 0;
        long bytes = 0;
        boolean changed = false;
        for (ModelFile f : model.files()) {
            Path p = path(model, f);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            present++;
            long size = sizeOf(p);
            bytes += size;
            CacheManifest.Entry e = manifest.get(f.path());
            boolean sizeOff = f.size() >= 0 && f.size() != size;
            if (e == null) {
                // copied in by hand: a pinned file is checked on load; an unpinned one cannot be
                changed |= !f.pinned() || sizeOff;
            } else {
                changed |= sizeOff || e.size() != size || (f.pinned() && !f.sha256().equals(e.sha256()));
            }
        }
        ModelStatus.State state = changed ? ModelStatus.State.CHANGED
                : present == model.files().size() ? ModelStatus.State.CACHED
                : present == 0 ? ModelStatus.State.MISSING : ModelStatus.State.PARTIAL;
        return new ModelStatus(model, state, bytes);
    }

    /** Pulls without a listener. */
    public PullReport pull(String name, PullOptions options) throws IOException {
        return pull(name, options, PullListener.NONE);
    }

    /**
     * Makes every file of a model present and verified: a cached file whose SHA-256 matches is kept, a missing or
     * damaged one is downloaded.
     *
     * @throws IllegalArgumentException when the registry has no such model
     * @throws ModelDownloadException   when a file cannot be fetched or is refused: an unpinned file without trust on
     *                                  first use (checked before anything is downloaded), a checksum or size that
     *                                  does not match ({@link ChecksumMismatchException}), an HTTP error, a timeout;
     *                                  the failed file is not kept, files verified before it are
     */
    public PullReport pull(String name, PullOptions options, PullListener listener) throws IOException {
        ModelSpec model = registry.require(name);
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        if (model.repository() == null && options.baseUrl() == null) {
            throw new ModelDownloadException("model " + name + " has no public download; give the base URL that "
                    + "serves your export as <base URL>/" + name + "/" + model.files().get(0).path()
                    + " (--base-url, or " + PullOptions.ENV_BASE_URL + ")");
        }
        Path modelDir = modelDirectory(model);
        synchronized (PULL_LOCKS.computeIfAbsent(modelDir, k -> new Object())) {
            Map<String, CacheManifest.Entry> manifest = readManifest(model);
            List<String> refused = new ArrayList<>();
            for (ModelFile f : model.files()) {
                if (!f.pinned() && !manifest.containsKey(f.path()) && !options.trustOnFirstUse()) {
                    refused.add(f.path());
                }
            }
            if (!refused.isEmpty()) {
                throw new ModelDownloadException("refused to pull model " + name + ": " + String.join(", ", refused)
                        + (refused.size() == 1 ? " has" : " have") + " no pinned SHA-256 in this build. Rerun with "
                        + "--trust-on-first-use to accept what the server sends now: its SHA-256 is "
                        + "recorded in " + modelDir.resolve(CacheManifest.FILE_NAME) + " and checked on every later "
                        + "load and pull");
            }
            boolean createdDir = !Files.exists(modelDir);
            List<PullReport.FileOutcome> outcomes = new ArrayList<>();
            try (ModelDownloader downloader = new ModelDownloader(options)) {
                for (ModelFile f : model.files()) {
                    PullReport.FileOutcome outcome = pullFile(model, f, manifest, options, downloader, listener);
                    outcomes.add(outcome);
                    listener.done(outcome);
                }
            } finally {
                cleanUp(modelDir, createdDir);
            }
            return new PullReport(name, outcomes);
        }
    }

    private PullReport.FileOutcome pullFile(ModelSpec model, ModelFile f, Map<String, CacheManifest.Entry> manifest,
                                            PullOptions options, ModelDownloader downloader, PullListener listener)
            throws IOException {
        CacheManifest.Entry recorded = manifest.get(f.path());
        String expected = f.pinned() ? f.sha256() : recorded == null ? null : recorded.sha256();
        Path target = path(model, f);
        boolean corrupt = false;
        if (Files.isRegularFile(target)) {
            String actual = ModelDownloader.sha256(target);
            if (actual.equals(expected) && (f.size() < 0 || f.size() == sizeOf(target))) {
                if (recorded == null || !recorded.sha256().equals(actual)) {
                    // a pinned file put there by hand: record it
                    manifest.put(f.path(), new CacheManifest.Entry(actual, sizeOf(target), f.pinned(),
                            recorded == null ? "" : recorded.url(), Instant.now()));
                    CacheManifest.write(modelDirectory(model), model.name(), manifest);
                }
                return new PullReport.FileOutcome(f.path(), PullReport.Action.ALREADY_CACHED, sizeOf(target), actual,
                        f.pinned());
            }
            corrupt = true;
            LOG.warn("{} of model {} in the cache has SHA-256 {}, expected {}: downloading it again", f.path(),
                    model.name(), actual, expected == null ? "(none recorded)" : expected);
        }
        URI url = model.url(options.effectiveBaseUrl(), f);
        Path partialDir = modelDirectory(model).resolve(PARTIAL_DIR);
        Files.createDirectories(partialDir);
        Path part = partialDir.resolve(f.path().replace('/', '_') + "." + UUID.randomUUID() + ".part");
        String what = f.path() + " of model " + model.name();
        LOG.debug("Downloading {} from {}", what, url);
        listener.downloading(f, url, f.size());
        ModelDownloader.Downloaded d = downloader.fetch(url, what, f.size(), part,
                bytes -> listener.progress(f, bytes, f.size()));
        try {
            if (expected != null && !expected.equals(d.sha256())) {
                String why = f.pinned() ? "pinned by this build" : "recorded on first use in "
                        + modelDirectory(model).resolve(CacheManifest.FILE_NAME) + " on " + recorded.downloadedAt();
                throw new ChecksumMismatchException(model.name(), f.path(), url.toString(), expected, d.sha256(), why);
            }
            Files.createDirectories(target.getParent());
            Files.move(d.file(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(d.file());
        }
        manifest.put(f.path(), new CacheManifest.Entry(d.sha256(), d.size(), f.pinned(), url.toString(),
                Instant.now()));
        CacheManifest.write(modelDirectory(model), model.name(), manifest);
        LOG.info("{}: {} bytes, SHA-256 {} ({})", what, d.size(), d.sha256(),
                f.pinned() ? "matches the pin" : "recorded on first use");
        return new PullReport.FileOutcome(f.path(), corrupt ? PullReport.Action.REPLACED_CORRUPT
                : PullReport.Action.DOWNLOADED, d.size(), d.sha256(), f.pinned());
    }

    /**
     * Removes partial downloads left by a pull that died (older than {@link #STALE_PART}: a pull deletes its own),
     * the partial-download folder once empty, and the model folder when this pull created it and left it empty.
     * A younger part file belongs to another process pulling now, and is left to it.
     */
    private static void cleanUp(Path modelDir, boolean createdDir) {
        try {
            Path partial = modelDir.resolve(PARTIAL_DIR);
            if (Files.isDirectory(partial)) {
                Instant staleBefore = Instant.now().minus(STALE_PART);
                try (Stream<Path> parts = Files.list(partial)) {
                    for (Path p : parts.toList()) {
                        if (Files.getLastModifiedTime(p).toInstant().isBefore(staleBefore)) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
                Files.deleteIfExists(partial);
            }
            if (createdDir && Files.isDirectory(modelDir)) {
                try (Stream<Path> left = Files.list(modelDir)) {
                    if (left.findAny().isEmpty()) {
                        Files.deleteIfExists(modelDir);
                    }
                }
            }
        } catch (DirectoryNotEmptyException | java.nio.file.NoSuchFileException e) {
            // another pull is writing there, or removed a part while this one listed them
        } catch (IOException e) {
            LOG.warn("cannot clean up {}: {}", modelDir, e.getMessage());
        }
    }

    /**
     * Checks that the files exist (cheap: no hashing), so that a missing model is reported before any work starts.
     *
     * @throws ModelNotCachedException naming the missing files and the pull command
     */
    public void requirePresent(ModelSpec model, Collection<String> paths) {
        List<String> missing = new ArrayList<>();
        for (String p : paths) {
            ModelFile f = model.file(p).orElseThrow(() -> new IllegalArgumentException("model " + model.name()
                    + " has no file " + p));
            if (!Files.isRegularFile(path(model, f))) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelNotCachedException(model.name(), "model " + model.name() + " is not in the model cache "
                    + directory + " (missing " + String.join(", ", missing) + "); download it with: "
                    + pullCommand(model));
        }
    }

    /**
     * The cached file, after checking its SHA-256 against the registry's pin or, for an unpinned file, the value
     * recorded on first use. Reads the whole file.
     *
     * @throws ModelNotCachedException when it is missing, was never verified, or fails its checksum; the message
     *                                 names the file, both checksums and the pull command
     */
    public Path verifiedFile(ModelSpec model, String path) {
        ModelFile f = model.file(path).orElseThrow(() -> new IllegalArgumentException("model " + model.name()
                + " has no file " + path));
        requirePresent(model, List.of(path));
        Path p = path(model, f);
        String expected = f.sha256();
        String source = "pinned by this build";
        if (expected == null) {
            CacheManifest.Entry e = readManifestQuietly(model).get(path);
            if (e == null) {
                throw new ModelNotCachedException(model.name(), p + " has no pinned SHA-256 and no checksum recorded "
                        + "by a pull, so it cannot be verified; run: " + pullCommand(model) + " --trust-on-first-use");
            }
            expected = e.sha256();
            source = "recorded on first use on " + e.downloadedAt();
        }
        String actual;
        try {
            actual = ModelDownloader.sha256(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
        if (!actual.equals(expected)) {
            throw new ModelNotCachedException(model.name(), p + " is corrupted or was changed: its SHA-256 is "
                    + actual + ", expected " + expected + " (" + source + "); download it again with: "
                    + pullCommand(model));
        }
        return p;
    }

    /** The command that downloads a model into this cache. */
    public String pullCommand(ModelSpec model) {
        String cmd = "lookalike models pull " + model.name();
        if (!directory.equals(defaultDirectory().toAbsolutePath().normalize())) {
            cmd += " --cache-dir " + directory;
        }
        if (model.repository() == null) {
            cmd += " --base-url URL";
        }
        return cmd;
    }

    private Map<String, CacheManifest.Entry> readManifest(ModelSpec model) throws IOException {
        return CacheManifest.read(modelDirectory(model));
    }

    private Map<String, CacheManifest.Entry> readManifestQuietly(ModelSpec model) {
        try {
            return readManifest(model);
        } catch (IOException e) {
            LOG.warn("{}", e.getMessage());
            return Map.of();
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ModelCache[" + directory + "]";
    }
}
