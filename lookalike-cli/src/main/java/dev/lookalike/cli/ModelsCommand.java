package dev.lookalike.cli;

import dev.lookalike.model.ModelCache;
import dev.lookalike.model.ModelEncoder;
import dev.lookalike.model.ModelFile;
import dev.lookalike.model.ModelRegistry;
import dev.lookalike.model.ModelSpec;
import dev.lookalike.model.ModelStatus;
import dev.lookalike.model.PullListener;
import dev.lookalike.model.PullOptions;
import dev.lookalike.model.PullReport;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lookalike models list|pull}: the models encoders can use, and downloading them. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models Lookalike can use and download them into the model cache.",
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.PullCommand.class})
final class ModelsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("lookalike models: give a subcommand, list or pull (see lookalike models --help)");
        return 2;
    }

    /** {@code --cache-dir}. */
    static final class CacheDirOption {
        @Option(names = "--cache-dir", paramLabel = "DIR",
                description = "Model cache folder (default: $LOOKALIKE_MODEL_CACHE, else ~/.cache/lookalike/models).")
        Path dir;

        ModelCache cache() {
            return dir == null ? ModelCache.fromEnvironment() : ModelCache.open(dir, ModelRegistry.builtIn());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Each model: its encoders, kind, dimension, whether it is in the cache and its size.")
    static final class ListCommand implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        CacheDirOption cacheDir = new CacheDirOption();

        @Override
        public Integer call() {
            ModelCache cache = cacheDir.cache();
            PrintStream out = System.out;
            out.printf(Locale.ROOT, "%-17s %-37s %-22s %5s  %-8s %10s  %s%n", "MODEL", "ENCODERS", "KIND", "DIM",
                    "CACHED", "SIZE", "CHECKSUMS");
            for (ModelStatus status : cache.statuses()) {
                ModelSpec m = status.model();
                String encoders = m.encoders().stream().map(ModelEncoder::id).collect(Collectors.joining(","));
                String dims = m.encoders().stream().map(e -> Integer.toString(e.dimension())).distinct()
                        .collect(Collectors.joining(","));
                long size = status.state() == ModelStatus.State.MISSING ? m.declaredSize() : status.bytesOnDisk();
                long pinned = m.files().stream().filter(ModelFile::pinned).count();
                String checksums = pinned == m.files().size() ? "pinned"
                        : pinned == 0 ? "unpinned" : pinned + "/" + m.files().size() + " pinned";
                out.printf(Locale.ROOT, "%-17s %-37s %-22s %5s  %-8s %10s  %s%n", m.name(), encoders, m.kinds(), dims,
                        status.state().name().toLowerCase(Locale.ROOT), size < 0 ? "?" : megabytes(size), checksums);
            }
            out.println("Cache: " + cache.directory() + "  (SIZE: on disk when cached, else the download)");
            return 0;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Download a model's files into the cache and verify their SHA-256 (files already there and "
                    + "intact are kept; damaged ones are downloaded again).")
    static final class PullCommand implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "Model name (see lookalike models list).")
        String name;

        @Option(names = "--base-url", paramLabel = "URL",
                description = "Where files are fetched from, laid out like the Hugging Face hub: "
                        + "<URL>/<repository>/resolve/<revision>/<file> (default: $LOOKALIKE_MODEL_BASE_URL, else "
                        + "https://huggingface.co); http, https or file. Models without a public repository "
                        + "(inception-v3) are fetched from <URL>/<model>/<file>.")
        String baseUrl;

        @Option(names = "--trust-on-first-use",
                description = "Accept files whose SHA-256 this build does not pin: the checksum of what is downloaded "
                        + "now is recorded in the cache and checked on every later load and pull.")
        boolean trustOnFirstUse;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
                description = "Longest wait for a response or for the next bytes of a download (default ${DEFAULT-VALUE}).")
        double timeoutSeconds;

        @picocli.CommandLine.Mixin
        CacheDirOption cacheDir = new CacheDirOption();

        @Override
        public Integer call() throws Exception {
            if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
                throw new IllegalArgumentException("--timeout must be in (0, 86400] seconds, got " + timeoutSeconds);
            }
            ModelCache cache = cacheDir.cache();
            PullOptions options = PullOptions.defaults().withTrustOnFirstUse(trustOnFirstUse);
            if (baseUrl != null) {
                options = options.withBaseUrl(PullOptions.parseBaseUrl(baseUrl));
            }
            Duration timeout = Duration.ofMillis(Math.round(timeoutSeconds * 1000));
            options = options.withTimeouts(timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30),
                    timeout);
            PullReport report = cache.pull(name, options, new ConsoleListener(System.err));
            for (PullReport.FileOutcome f : report.files()) {
                System.out.printf(Locale.ROOT, "%-24s %-16s %10s  sha256:%s%s%n", f.path(),
                        f.action().name().toLowerCase(Locale.ROOT).replace('_', ' '), megabytes(f.size()), f.sha256(),
                        f.pinned() ? "" : "  (trusted on first use)");
            }
            System.out.println("Model " + name + " is in " + cache.modelDirectory(cache.registry().require(name))
                    + " (" + megabytes(report.downloadedBytes()) + " downloaded)");
            return 0;
        }
    }

    /** Prints a line per file and a percentage as it downloads. */
    private static final class ConsoleListener implements PullListener {
        private final PrintStream err;
        private int lastPercent = -1;

        ConsoleListener(PrintStream err) {
            this.err = err;
        }

        @Override
        public void downloading(ModelFile file, URI url, long totalBytes) {
            lastPercent = -1;
            err.println("Downloading " + file.path() + " from " + url
                    + (totalBytes > 0 ? " (" + megabytes(totalBytes) + ")" : ""));
        }

        @Override
        public void progress(ModelFile file, long bytes, long totalBytes) {
            if (totalBytes > 0) {
                int percent = (int) (100 * bytes / totalBytes);
                if (percent / 10 != lastPercent / 10) {
                    lastPercent = percent;
                    err.printf(Locale.ROOT, "  %s: %d%%%n", file.path(), percent);
                }
            }
        }
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
