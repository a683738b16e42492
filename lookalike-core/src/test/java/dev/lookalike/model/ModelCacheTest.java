package dev.lookalike.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls through the real downloader from a loopback server laid out like the hub. */
class ModelCacheTest {

    private static final byte[] WEIGHTS = random(1, 300_000);
    private static final byte[] TOKENIZER = "{\"model\":{}}".getBytes(StandardCharsets.UTF_8);
    private static final String REPO = "acme/tiny";
    private static final String REV = "v1";

    @TempDir
    Path dir;
    HubServer hub;

    @BeforeEach
    void startHub() throws Exception {
        hub = HubServer.start();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A two-file text model whose files' checksums are {@code weightsSha} and the tokenizer's real one. */
    static ModelSpec spec(ModelFile weights) {
        return new ModelSpec("tiny", "a tiny model", REPO, REV, "test", "computed by the test",
                List.of(weights, ModelFile.pinned("tokenizer.json", TOKENIZER.length, HubServer.sha256(TOKENIZER))),
                List.of(new ModelEncoder.Text("tiny-text", ModelKind.TEXT, 8, weights.path(), "tokenizer.json", 16,
                        ModelEncoder.Pooling.MEAN, false, null, null)));
    }

    static ModelFile pinnedWeights() {
        return ModelFile.pinned("onnx/model.onnx", WEIGHTS.length, HubServer.sha256(WEIGHTS));
    }

    private ModelCache cache(ModelSpec spec) {
        return ModelCache.open(dir.resolve("cache"), ModelRegistry.of(List.of(spec)));
    }

    private PullOptions options() {
        return PullOptions.defaults().withBaseUrl(hub.baseUrl()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private void serveAll() {
        hub.put(HubServer.hubPath(REPO, REV, "onnx/model.onnx"), WEIGHTS);
        hub.put(HubServer.hubPath(REPO, REV, "tokenizer.json"), TOKENIZER);
    }

    private static List<Path> filesUnder(Path p) throws Exception {
        if (!Files.exists(p)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aPullRemovesADeadPullsPartsButNotThoseOfAPullRunningElsewhere() throws Exception {
        ModelSpec spec = spec(pinnedWeights());
        ModelCache cache = cache(spec);
        serveAll();
        Path partial = Files.createDirectories(dir.resolve("cache/tiny/.partial"));
        Path dead = Files.write(partial.resolve("onnx_model.onnx.dead.part"), new byte[] {1, 2});
        Files.setLastModifiedTime(dead, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(ModelCache.STALE_PART).minusSeconds(60)));
        Path live = Files.write(partial.resolve("onnx_model.onnx.live.part"), new byte[] {3}); // another process's

        cache.pull("tiny", options());

        assertThat(dead).doesNotExist();
        assertThat(live).exists();
        assertThat(cache.verifiedFile(spec, "onnx/model.onnx")).exists();
        try (Stream<Path> left = Files.list(dir.resolve("cache/tiny"))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no manifest temp file left")
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void pullDownloadsVerifiesAndRecordsEachFileThenFindsItCached() throws Exception {
        ModelSpec spec = spec(pinnedWeights());
        ModelCache cache = cache(spec);
        serveAll();
        assertThat(cache.status(spec).state()).isEqualTo(ModelStatus.State.MISSING);

        PullReport report = cache.pull("tiny", options());

        assertThat(report.files()).extracting(PullReport.FileOutcome::action)
                .containsExactly(PullReport.Action.DOWNLOADED, PullReport.Action.DOWNLOADED);
        assertThat(report.downloadedBytes()).isEqualTo(WEIGHTS.length + TOKENIZER.length);
        assertThat(Files.readAllBytes(dir.resolve("cache/tiny/onnx/model.onnx"))).isEqualTo(WEIGHTS);
        assertThat(Files.readAllBytes(dir.resolve("cache/tiny/tokenizer.json"))).isEqualTo(TOKENIZER);
        assertThat(hub.requests()).containsExactly("/acme/tiny/resolve/v1/onnx/model.onnx",
                "/acme/tiny/resolve/v1/tokenizer.json");
        String manifest = Files.readString(dir.resolve("cache/tiny/" + CacheManifest.FILE_NAME));
        assertThat(manifest).contains(HubServer.sha256(WEIGHTS)).contains("\"trust\" : \"pinned\"")
                .contains(hub.baseUrl() + "/acme/tiny/resolve/v1/onnx/model.onnx");
        assertThat(cache.status(spec)).isEqualTo(new ModelStatus(spec, ModelStatus.State.CACHED,
                WEIGHTS.length + TOKENIZER.length));
        assertThat(cache.verifiedFile(spec, "onnx/model.onnx")).isEqualTo(dir.resolve("cache/tiny/onnx/model.onnx"));
        assertThat(filesUnder(dir.resolve("cache/tiny/.partial"))).isEmpty();

        PullReport again = cache.pull("tiny", options());
        assertThat(again.files()).extracting(PullReport.FileOutcome::action)
                .containsOnly(PullReport.Action.ALREADY_CACHED);
        assertThat(again.downloadedBytes()).isZero();
        assertThat(hub.requests()).hasSize(2);
    }

    @Test
    void aWrongChecksumIsRefusedNamingTheFileAndBothHashesAndNothingIsKept() throws Exception {
        String pinned = HubServer.sha256(random(2, 100));
        ModelSpec spec = spec(ModelFile.pinned("onnx/model.onnx", WEIGHTS.length, pinned));
        ModelCache cache = cache(spec);
        serveAll();

        assertThatThrownBy(() -> cache.pull("tiny", options()))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("onnx/model.onnx").hasMessageContaining("tiny")
                .hasMessageContaining("expected " + pinned)
                .hasMessageContaining("is " + HubServer.sha256(WEIGHTS))
                .hasMessageContaining("nothing was kept")
                .satisfies(e -> {
                    ChecksumMismatchException c = (ChecksumMismatchException) e;
                    assertThat(c.file()).isEqualTo("onnx/model.onnx");
                    assertThat(c.expected()).isEqualTo(pinned);
                    assertThat(c.actual()).isEqualTo(HubServer.sha256(WEIGHTS));
                });
        assertThat(dir.resolve("cache/tiny")).doesNotExist();
        assertThat(cache.status(spec).state()).isEqualTo(ModelStatus.State.MISSING);
    }

    @Test
    void aMissingFileIsAnHttpErrorNamingTheUrl() throws Exception {
        ModelCache cache = cache(spec(pinnedWeights()));
        hub.put(HubServer.hubPath(REPO, REV, "tokenizer.json"), TOKENIZER);
        assertThatThrownBy(() -> cache.pull("tiny", options()))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining(hub.baseUrl() + "/acme/tiny/resolve/v1/onnx/model.onnx")
                .hasMessageContaining("onnx/model.onnx of model tiny");
        assertThat(dir.resolve("cache/tiny")).doesNotExist();
    }

    @Test
    void aTruncatedDownloadIsRefused() throws Exception {
        ModelCache cache = cache(spec(ModelFile.unpinned("onnx/model.onnx")));
        hub.truncate(HubServer.hubPath(REPO, REV, "onnx/model.onnx"), WEIGHTS, 70_000);
        hub.put(HubServer.hubPath(REPO, REV, "tokenizer.json"), TOKENIZER);
        assertThatThrownBy(() -> cache.pull("tiny", options().withTrustOnFirstUse(true)))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("onnx/model.onnx of model tiny")
                .hasMessageMatching("(?s).*(broke off|truncated).*")
                .hasMessageContaining("of " + WEIGHTS.length + " bytes");
        assertThat(filesUnder(dir.resolve("cache"))).isEmpty();
    }

    @Test
    void aStalledDownloadIsAbandonedAfterTheReadTimeout() throws Exception {
        ModelCache cache = cache(spec(pinnedWeights()));
        hub.stall(HubServer.hubPath(REPO, REV, "onnx/model.onnx"), WEIGHTS, 1000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> cache.pull("tiny", options().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(400))))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("stalled: no data for 0.4 s after 1000 of " + WEIGHTS.length + " bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(filesUnder(dir.resolve("cache"))).isEmpty();
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        ModelCache cache = cache(spec(pinnedWeights()));
        hub.silent(HubServer.hubPath(REPO, REV, "onnx/model.onnx"));
        assertThatThrownBy(() -> cache.pull("tiny", options().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300))))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("no response from " + hub.baseUrl() + "/acme/tiny/resolve/v1/onnx/model.onnx")
                .hasMessageContaining("within 0.3 s");
    }

    @Test
    void anUnreachableServerIsAConnectError() throws Exception {
        ModelCache cache = cache(spec(pinnedWeights()));
        java.net.URI closed;
        try (HubServer gone = HubServer.start()) {
            closed = gone.baseUrl();
        }
        assertThatThrownBy(() -> cache.pull("tiny", options().withBaseUrl(closed)))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining(closed + "/acme/tiny/resolve/v1/onnx/model.onnx");
    }

    @Test
    void sizesAreCappedBeforeAndWhileDownloading() throws Exception {
        // the registry's size differs from what the server announces: refused before reading the body
        ModelCache wrongSize = cache(spec(ModelFile.pinned("onnx/model.onnx", 1234, HubServer.sha256(WEIGHTS))));
        serveAll();
        assertThatThrownBy(() -> wrongSize.pull("tiny", options()))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("announces " + WEIGHTS.length + " bytes").hasMessageContaining("expects 1234");
        // unknown size: the limit applies
        ModelCache unpinned = ModelCache.open(dir.resolve("cache2"), ModelRegistry.of(List.of(spec(ModelFile.unpinned("onnx/model.onnx")))));
        assertThatThrownBy(() -> unpinned.pull("tiny", options().withTrustOnFirstUse(true).withMaxFileBytes(10_000)))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("more than the limit of 10000");
        assertThat(filesUnder(dir.resolve("cache"))).isEmpty();
        assertThat(filesUnder(dir.resolve("cache2"))).isEmpty();
    }

    @Test
    void unpinnedFilesNeedTrustOnFirstUseWhichRecordsTheirChecksumForEveryLaterLoad() throws Exception {
        ModelSpec spec = spec(ModelFile.unpinned("onnx/model.onnx"));
        ModelCache cache = cache(spec);
        serveAll();

        assertThatThrownBy(() -> cache.pull("tiny", options()))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("onnx/model.onnx has no pinned SHA-256")
                .hasMessageContaining("--trust-on-first-use");
        assertThat(hub.requests()).isEmpty();

        PullReport report = cache.pull("tiny", options().withTrustOnFirstUse(true));
        assertThat(report.files().get(0).pinned()).isFalse();
        assertThat(report.files().get(0).sha256()).isEqualTo(HubServer.sha256(WEIGHTS));
        assertThat(Files.readString(dir.resolve("cache/tiny/" + CacheManifest.FILE_NAME)))
                .contains("\"trust\" : \"first-use\"").contains(HubServer.sha256(WEIGHTS));
        assertThat(cache.verifiedFile(spec, "onnx/model.onnx")).exists();
        // once recorded, a later pull needs no flag
        assertThat(cache.pull("tiny", options()).files()).extracting(PullReport.FileOutcome::action)
                .containsOnly(PullReport.Action.ALREADY_CACHED);

        // the file is damaged: the recorded checksum catches it
        Path file = dir.resolve("cache/tiny/onnx/model.onnx");
        byte[] damaged = WEIGHTS.clone();
        damaged[12345] ^= 1;
        Files.write(file, damaged);
        assertThatThrownBy(() -> cache.verifiedFile(spec, "onnx/model.onnx"))
                .isInstanceOf(ModelNotCachedException.class)
                .hasMessageContaining("recorded on first use")
                .hasMessageContaining("expected " + HubServer.sha256(WEIGHTS))
                .hasMessageContaining(HubServer.sha256(damaged))
                .hasMessageContaining("lookalike models pull tiny --cache-dir " + dir.resolve("cache"));

        // and the server now sends something else: refused against the recorded checksum
        byte[] other = random(9, 1000);
        hub.put(HubServer.hubPath(REPO, REV, "onnx/model.onnx"), other);
        assertThatThrownBy(() -> cache.pull("tiny", options()))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("recorded on first use")
                .hasMessageContaining("expected " + HubServer.sha256(WEIGHTS))
                .hasMessageContaining("is " + HubServer.sha256(other));
        assertThat(Files.readAllBytes(file)).isEqualTo(damaged);

        // the same bytes again: repaired
        hub.put(HubServer.hubPath(REPO, REV, "onnx/model.onnx"), WEIGHTS);
        assertThat(cache.pull("tiny", options()).files().get(0).action()).isEqualTo(PullReport.Action.REPLACED_CORRUPT);
        assertThat(cache.verifiedFile(spec, "onnx/model.onnx")).exists();
    }

    @Test
    void aCorruptedPinnedFileIsDetectedOnLoadAndDownloadedAgainByPull() throws Exception {
        ModelSpec spec = spec(pinnedWeights());
        ModelCache cache = cache(spec);
        serveAll();
        cache.pull("tiny", options());
        Path file = dir.resolve("cache/tiny/onnx/model.onnx");

        Files.write(file, java.util.Arrays.copyOf(WEIGHTS, 5000)); // truncated on disk
        assertThat(cache.status(spec).state()).isEqualTo(ModelStatus.State.CHANGED);
        assertThatThrownBy(() -> cache.verifiedFile(spec, "onnx/model.onnx"))
                .isInstanceOf(ModelNotCachedException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("expected " + HubServer.sha256(WEIGHTS))
                .hasMessageContaining("pinned by this build")
                .hasMessageContaining("lookalike models pull tiny");

        PullReport report = cache.pull("tiny", options());
        assertThat(report.files()).extracting(PullReport.FileOutcome::action)
                .containsExactly(PullReport.Action.REPLACED_CORRUPT, PullReport.Action.ALREADY_CACHED);
        assertThat(Files.readAllBytes(file)).isEqualTo(WEIGHTS);
        assertThat(cache.status(spec).state()).isEqualTo(ModelStatus.State.CACHED);
    }

    @Test
    void filesCopiedInByHandCountWhenPinnedAndAreRecordedByTheNextPull() throws Exception {
        ModelSpec spec = spec(pinnedWeights());
        ModelCache cache = cache(spec);
        Files.createDirectories(dir.resolve("cache/tiny/onnx"));
        Files.write(dir.resolve("cache/tiny/onnx/model.onnx"), WEIGHTS);
        assertThat(cache.status(spec)).isEqualTo(new ModelStatus(spec, ModelStatus.State.PARTIAL, WEIGHTS.length));
        Files.write(dir.resolve("cache/tiny/tokenizer.json"), TOKENIZER);
        assertThat(cache.status(spec).state()).isEqualTo(ModelStatus.State.CACHED);
        assertThat(cache.verifiedFile(spec, "onnx/model.onnx")).exists();

        PullReport report = cache.pull("tiny", options());
        assertThat(report.files()).extracting(PullReport.FileOutcome::action)
                .containsOnly(PullReport.Action.ALREADY_CACHED);
        assertThat(hub.requests()).isEmpty();
        assertThat(Files.readString(dir.resolve("cache/tiny/" + CacheManifest.FILE_NAME)))
                .contains(HubServer.sha256(WEIGHTS)).contains(HubServer.sha256(TOKENIZER));

        // an unpinned file copied in by hand cannot be vouched for
        ModelSpec unpinned = spec(ModelFile.unpinned("onnx/model.onnx"));
        ModelCache other = ModelCache.open(dir.resolve("other"), ModelRegistry.of(List.of(unpinned)));
        Files.createDirectories(dir.resolve("other/tiny/onnx"));
        Files.write(dir.resolve("other/tiny/onnx/model.onnx"), WEIGHTS);
        assertThat(other.status(unpinned).state()).isEqualTo(ModelStatus.State.CHANGED);
        assertThatThrownBy(() -> other.verifiedFile(unpinned, "onnx/model.onnx"))
                .isInstanceOf(ModelNotCachedException.class).hasMessageContaining("cannot be verified")
                .hasMessageContaining("--trust-on-first-use");
    }

    @Test
    void redirectsAreFollowed() throws Exception {
        ModelCache cache = cache(spec(pinnedWeights()));
        hub.redirect(HubServer.hubPath(REPO, REV, "onnx/model.onnx"), "/cdn/blobs/abc");
        hub.put("/cdn/blobs/abc", WEIGHTS);
        hub.put(HubServer.hubPath(REPO, REV, "tokenizer.json"), TOKENIZER);
        cache.pull("tiny", options());
        assertThat(hub.requests()).containsSubsequence("/acme/tiny/resolve/v1/onnx/model.onnx", "/cdn/blobs/abc");
        assertThat(Files.readAllBytes(dir.resolve("cache/tiny/onnx/model.onnx"))).isEqualTo(WEIGHTS);
    }

    @Test
    void aFileUrlMirrorWorksOffline() throws Exception {
        Path mirror = dir.resolve("mirror");
        Files.createDirectories(mirror.resolve("acme/tiny/resolve/v1/onnx"));
        Files.write(mirror.resolve("acme/tiny/resolve/v1/onnx/model.onnx"), WEIGHTS);
        Files.write(mirror.resolve("acme/tiny/resolve/v1/tokenizer.json"), TOKENIZER);
        ModelCache cache = cache(spec(pinnedWeights()));
        cache.pull("tiny", options().withBaseUrl(mirror.toUri()));
        assertThat(Files.readAllBytes(dir.resolve("cache/tiny/onnx/model.onnx"))).isEqualTo(WEIGHTS);
        assertThatThrownBy(() -> ModelCache.open(dir.resolve("cache3"), cache.registry())
                .pull("tiny", options().withBaseUrl(dir.resolve("nowhere").toUri())))
                .isInstanceOf(ModelDownloadException.class).hasMessageContaining("no such file");
    }

    @Test
    void aModelWithoutPublicRepositoryNeedsABaseUrlAndUsesTheNameAsFolder() throws Exception {
        ModelSpec own = new ModelSpec("own-export", "", null, "main", "", "", List.of(ModelFile.unpinned("m.onnx")),
                List.of(new ModelEncoder.Image("own", ModelKind.IMAGE, 16, "m.onnx", ImagePreset.RESNET50, null, null)));
        ModelCache cache = ModelCache.open(dir.resolve("cache"), ModelRegistry.of(List.of(own)));
        assertThatThrownBy(() -> cache.pull("own-export", new PullOptions(null, true, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1000)))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("no public download").hasMessageContaining("--base-url")
                .hasMessageContaining("<base URL>/own-export/m.onnx");
        hub.put("/own-export/m.onnx", WEIGHTS);
        cache.pull("own-export", options().withTrustOnFirstUse(true));
        assertThat(cache.verifiedFile(own, "m.onnx")).exists();
        assertThat(cache.pullCommand(own)).endsWith("--base-url URL");
    }

    @Test
    void aMissingModelNamesThePullCommand() {
        ModelSpec spec = spec(pinnedWeights());
        ModelCache cache = cache(spec);
        assertThatThrownBy(() -> cache.requirePresent(spec, List.of("onnx/model.onnx", "tokenizer.json")))
                .isInstanceOf(ModelNotCachedException.class)
                .hasMessageContaining("model tiny is not in the model cache " + dir.resolve("cache"))
                .hasMessageContaining("missing onnx/model.onnx, tokenizer.json")
                .hasMessageContaining("lookalike models pull tiny --cache-dir " + dir.resolve("cache"))
                .extracting(e -> ((ModelNotCachedException) e).model()).isEqualTo("tiny");
        assertThatThrownBy(() -> cache.pull("nope", options()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown model 'nope'")
                .hasMessageContaining("tiny");
    }

    @Test
    void optionsRefuseBadValues() {
        assertThatThrownBy(() -> PullOptions.parseBaseUrl("ftp://mirror/models"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://mirror/models");
        assertThatThrownBy(() -> PullOptions.parseBaseUrl("models/here"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("models/here");
        assertThatThrownBy(() -> PullOptions.parseBaseUrl("https://hub.example/?x=1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PullOptions.parseBaseUrl("https://hf-mirror.example/")).hasToString("https://hf-mirror.example/");
        assertThatThrownBy(() -> options().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> options().withMaxFileBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PullOptions(null, false, Duration.ofSeconds(1), Duration.ofSeconds(1), 1).effectiveBaseUrl())
                .isEqualTo(PullOptions.DEFAULT_BASE_URL);
    }
}
