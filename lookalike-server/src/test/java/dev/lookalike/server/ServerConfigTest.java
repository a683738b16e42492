package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lookalike.yaml"), yaml);
    }

    @Test
    void withNeitherFileNorEnvironmentEveryKeyHasItsDefault() {
        ServerConfig c = ServerConfig.load(null, Map.of());
        assertThat(c).isEqualTo(ServerConfig.defaults());
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(7070);
        assertThat(c.search().maxK()).isEqualTo(1000);
        assertThat(c.auth().writeKeys()).isEmpty();
        assertThat(c.metrics().enabled()).isTrue();
        assertThat(c.index().dir()).isNull();
    }

    @Test
    void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws IOException {
        Path f = file("""
                server:
                  port: 8080
                  host: 0.0.0.0
                  cors_origins: [https://shop.example]
                index:
                  dir: data/index
                auth:
                  write_keys:
                    - file-write-key-0123456789
                search:
                  max_k: 200
                """);
        ServerConfig fromFile = ServerConfig.load(f, Map.of());
        assertThat(fromFile.server().port()).isEqualTo(8080);
        assertThat(fromFile.server().host()).isEqualTo("0.0.0.0");
        assertThat(fromFile.server().corsOrigins()).containsExactly("https://shop.example");
        assertThat(fromFile.index().dir()).isEqualTo(Path.of("data/index"));
        assertThat(fromFile.auth().writeKeys()).containsExactly("file-write-key-0123456789");
        assertThat(fromFile.search().maxK()).isEqualTo(200);
        assertThat(fromFile.server().requestTimeoutMs()).isEqualTo(30_000); // not in the file: the default

        ServerConfig both = ServerConfig.load(f, Map.of("LOOKALIKE_SERVER_PORT", "9090",
                "LOOKALIKE_AUTH_WRITE_KEYS", "env-write-key-0123456789, second-env-key-0123456789",
                "LOOKALIKE_METRICS_ENABLED", "false", "LOOKALIKE_MODEL_CACHE", "/models", "PATH", "/bin"));
        assertThat(both.server().port()).isEqualTo(9090);
        assertThat(both.server().host()).isEqualTo("0.0.0.0");
        assertThat(both.auth().writeKeys()).containsExactly("env-write-key-0123456789", "second-env-key-0123456789");
        assertThat(both.metrics().enabled()).isFalse();
        assertThat(both.search().maxK()).isEqualTo(200);
        // an empty variable counts as unset
        assertThat(ServerConfig.load(f, Map.of("LOOKALIKE_SERVER_PORT", "")).server().port()).isEqualTo(8080);
    }

    @Test
    void anUnknownKeyFailsNamingTheKeyTheFileAndTheLine() throws IOException {
        Path f = file("""
                server:
                  port: 8080
                  prot: 9090
                """);
        assertThatThrownBy(() -> ServerConfig.load(f, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'server.prot'")
                .hasMessageContaining(f.toString())
                .hasMessageContaining("line 3")
                .hasMessageContaining("server.port");
        Path section = file("sever:\n  port: 1\n");
        assertThatThrownBy(() -> ServerConfig.load(section, Map.of()))
                .hasMessageContaining("unknown key 'sever'").hasMessageContaining("line 1").hasMessageContaining(section.toString());
    }

    @Test
    void aBadValueFailsNamingTheKeyAndWhereItCameFrom() throws IOException {
        Path f = file("""
                server:
                  host: localhost
                  port: 70000
                """);
        assertThatThrownBy(() -> ServerConfig.load(f, Map.of()))
                .hasMessageContaining("config file " + f + ", line 3")
                .hasMessageContaining("server.port must be between 0 and 65535, got 70000");
        Path wrongType = file("server:\n  request_timeout_ms: soon\n");
        assertThatThrownBy(() -> ServerConfig.load(wrongType, Map.of()))
                .hasMessageContaining("config file " + wrongType + ", line 2")
                .hasMessageContaining("server.request_timeout_ms").hasMessageContaining("soon");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("LOOKALIKE_SEARCH_MAX_K", "5000")))
                .hasMessageContaining("environment variable LOOKALIKE_SEARCH_MAX_K")
                .hasMessageContaining("search.max_k must be between 1 and 1000, got 5000");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("LOOKALIKE_METRICS_ENABLED", "perhaps")))
                .hasMessageContaining("environment variable LOOKALIKE_METRICS_ENABLED").hasMessageContaining("metrics.enabled");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("LOOKALIKE_SERVER_PROT", "1")))
                .hasMessageContaining("environment variable LOOKALIKE_SERVER_PROT: no such key")
                .hasMessageContaining("LOOKALIKE_SERVER_PORT");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("LOOKALIKE_AUTH_LOCK_READS", "true")))
                .hasMessageContaining("auth.lock_reads needs a key");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("LOOKALIKE_SERVER_MAX_CONCURRENT_PER_CLIENT", "-1")))
                .hasMessageContaining("environment variable LOOKALIKE_SERVER_MAX_CONCURRENT_PER_CLIENT")
                .hasMessageContaining("server.max_concurrent_per_client must be >= 0");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("LOOKALIKE_IMAGES_FETCH_ALLOW", "10.0.0.0/99")))
                .hasMessageContaining("environment variable LOOKALIKE_IMAGES_FETCH_ALLOW")
                .hasMessageContaining("images.fetch_allow").hasMessageContaining("10.0.0.0/99");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("LOOKALIKE_IMAGES_FETCH_MAX_REDIRECTS", "21")))
                .hasMessageContaining("images.fetch_max_redirects must be between 0 and 20, got 21");
        ServerConfig fetch = ServerConfig.load(null, Map.of("LOOKALIKE_IMAGES_FETCH_ALLOW", "10.0.0.0/8, images.internal",
                "LOOKALIKE_IMAGES_FETCH_MAX_REDIRECTS", "0"));
        assertThat(fetch.images().policy().allow()).containsExactly("10.0.0.0/8", "images.internal");
        assertThat(fetch.images().policy().maxRedirects()).isZero();
    }

    @Test
    void malformedYamlAndDuplicateKeysFailWithTheFileAndLine() throws IOException {
        Path dup = file("server:\n  port: 1\n  port: 2\n");
        assertThatThrownBy(() -> ServerConfig.load(dup, Map.of()))
                .hasMessageContaining("config file " + dup).hasMessageContaining("line 3").hasMessageContaining("port");
        Path broken = file("server:\n  port: [1\n");
        assertThatThrownBy(() -> ServerConfig.load(broken, Map.of()))
                .hasMessageContaining("config file " + broken).hasMessageContaining("not valid YAML");
        Path list = file("- a\n- b\n");
        assertThatThrownBy(() -> ServerConfig.load(list, Map.of())).hasMessageContaining("must be a mapping");
        assertThat(ServerConfig.load(file("# nothing set\n"), Map.of())).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void apiKeysAreNeverPrintedAndShortKeysAreRefused() {
        ServerConfig c = ServerConfig.load(null, Map.of("LOOKALIKE_AUTH_WRITE_KEYS", "very-secret-key-0123456789"));
        assertThat(c.toString()).doesNotContain("very-secret-key");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("LOOKALIKE_AUTH_READ_KEYS", "short-secret")))
                .hasMessageContaining("auth.read_keys").hasMessageContaining("at least 16").hasMessageNotContaining("short-secret");
    }

    @Test
    void everyKeyIsDocumentedWithItsVariable() throws IOException {
        // surefire runs in the module folder; the docs are the repository's
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        List<String> keys = List.copyOf(ConfigLoader.keys().keySet());
        assertThat(keys).contains("server.port", "server.request_timeout_ms", "auth.write_keys", "uploads.max_pixels");
        for (String key : keys) {
            assertThat(doc).as(key).contains("`" + key + "`").contains("`" + ConfigLoader.envName(key) + "`");
        }
    }
}
