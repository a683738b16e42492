package dev.lookalike.cli;

import dev.lookalike.model.ModelCache;
import dev.lookalike.model.ModelRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model-cache DIR}: where model-backed encoders find their models. */
final class ModelCacheOption {

    @Option(names = "--model-cache", paramLabel = "DIR",
            description = "Model cache folder (default: $LOOKALIKE_MODEL_CACHE, else ~/.cache/lookalike/models).")
    Path dir;

    ModelCache cache() {
        return dir == null ? ModelCache.fromEnvironment() : ModelCache.open(dir, ModelRegistry.builtIn());
    }
}
