package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookalike.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lookalike serve --config FILE}: which setting wins, and a bad file stops the command before anything opens. */
class ServeCommandTest {

    @TempDir
    Path dir;

    private ServeCommand parse(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void optionsBeatTheEnvironmentWhichBeatsTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("lookalike.yaml"), """
                server:
                  host: 0.0.0.0
                  port: 8080
                index:
                  dir: from-file
                search:
                  max_k: 100
                """);
        ServerConfig fileOnly = parse("--config", file.toString()).settings(Map.of());
        assertThat(fileOnly.server().port()).isEqualTo(8080);
        assertThat(fileOnly.index().dir()).isEqualTo(Path.of("from-file"));

        Map<String, String> env = Map.of("LOOKALIKE_SERVER_PORT", "9090", "LOOKALIKE_SEARCH_MAX_K", "50");
        ServerConfig withEnv = parse("--config", file.toString()).settings(env);
        assertThat(withEnv.server().port()).isEqualTo(9090);
        assertThat(withEnv.server().host()).isEqualTo("0.0.0.0");
        assertThat(withEnv.search().maxK()).isEqualTo(50);

        ServerConfig withOptions = parse("--config", file.toString(), "--port", "7000", "--index", "from-option").settings(env);
        assertThat(withOptions.server().port()).isEqualTo(7000);
        assertThat(withOptions.server().host()).isEqualTo("0.0.0.0");
        assertThat(withOptions.index().dir()).isEqualTo(Path.of("from-option"));
        assertThat(withOptions.search().maxK()).isEqualTo(50);
    }

    @Test
    void aSolrCloudCollectionCanReplaceTheIndexFolderFromTheFileOrTheOptions() throws IOException {
        Path file = Files.writeString(dir.resolve("solr.yaml"), """
                index:
                  solr_zk_hosts: zk1:2181,zk2:2181/lookalike
                  solr_collection: products
                """);
        ServerConfig fromFile = parse("--config", file.toString()).settings(Map.of());
        assertThat(fromFile.index().solr()).isTrue();
        assertThat(fromFile.index().solrZkHosts()).isEqualTo("zk1:2181,zk2:2181/lookalike");
        assertThat(fromFile.index().dir()).isNull();

        ServerConfig folder = parse("--config", file.toString(), "--index", "data/index").settings(Map.of());
        assertThat(folder.index().solr()).isFalse();
        assertThat(folder.index().dir()).isEqualTo(Path.of("data/index"));

        ServerConfig options = parse("--solr-zk", "zk9:2181", "--solr-collection", "other").settings(Map.of());
        assertThat(options.index().solrCollection()).isEqualTo("other");

        assertThatThrownBy(() -> parse("--index", "x", "--solr-zk", "zk9:2181", "--solr-collection", "other").settings(Map.of()))
                .hasMessageContaining("not both");
        Path half = Files.writeString(dir.resolve("half.yaml"), "index:\n  solr_collection: products\n");
        assertThatThrownBy(() -> parse("--config", half.toString()).settings(Map.of()))
                .hasMessageContaining("index.solr_zk_hosts").hasMessageContaining(half.toString());
    }

    @Test
    void safetyOptionsOverrideTheirKeysOnlyWhenGiven() throws IOException {
        Path file = Files.writeString(dir.resolve("safety.yaml"), "index:\n  dir: data/index\nserver:\n"
                + "  max_concurrent_per_client: 4\nimages:\n  fetch_allow: [10.0.0.0/8]\n  fetch_max_redirects: 2\n");
        ServerConfig configured = parse("--config", file.toString()).settings(Map.of());
        assertThat(configured.server().maxConcurrentPerClient()).isEqualTo(4);
        assertThat(configured.images().policy().allow()).containsExactly("10.0.0.0/8");
        assertThat(configured.images().policy().maxRedirects()).isEqualTo(2);

        ServerConfig overridden = parse("--config", file.toString(), "--max-concurrent-per-client", "0",
                "--fetch-allow", "images.internal", "--fetch-max-redirects", "0").settings(Map.of());
        assertThat(overridden.server().maxConcurrentPerClient()).isZero();
        assertThat(overridden.images().fetchAllow()).containsExactly("images.internal");
        assertThat(overridden.images().fetchMaxRedirects()).isZero();

        ServerConfig defaults = parse("--index", "x").settings(Map.of());
        assertThat(defaults.server().maxConcurrentPerClient()).isEqualTo(32);
        assertThat(defaults.images().fetchAllow()).isEmpty();
        assertThat(defaults.images().fetchMaxRedirects()).isEqualTo(5);
        assertThatThrownBy(() -> parse("--index", "x", "--fetch-max-redirects", "21").settings(Map.of()))
                .hasMessageContaining("images.fetch_max_redirects");
    }

    @Test
    void withoutAnIndexItSaysWhereToGiveOne() {
        assertThatThrownBy(() -> parse().settings(Map.of())).hasMessageContaining("--index").hasMessageContaining("index.dir");
    }

    @Test
    void anUnknownKeyStopsServeNamingTheKeyAndTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "server:\n  prot: 8080\n");
        ModelsCommandTest.Run r = ModelsCommandTest.run("serve", "--config", file.toString(), "--index", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("lookalike: config file " + file + ", line 2: unknown key 'server.prot'");
        ModelsCommandTest.Run missing = ModelsCommandTest.run("serve", "--config", dir.resolve("nope.yaml").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.yaml: no such file");
    }
}
