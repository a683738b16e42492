package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the index is: exactly one of --index and the SolrCloud options; SolrCloud needs lookalike-solr.jar. */
class StoreOptionsTest {

    @TempDir
    Path dir;

    @Test
    void solrOptionsWithoutThePluginJarNameTheJarToAdd() {
        ModelsCommandTest.Run r = ModelsCommandTest.run("similar", "--solr-zk", "127.0.0.1:1/solr", "--solr-collection", "p", "--id", "x");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("no 'solr' store on the class path").contains("lookalike-solr.jar");
    }

    @Test
    void noStoreOrBothStoresAreRefused() {
        ModelsCommandTest.Run none = ModelsCommandTest.run("get", "--id", "x");
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("give --index DIR, or --solr-zk HOSTS and --solr-collection NAME");
        ModelsCommandTest.Run both = ModelsCommandTest.run("ingest", "--catalog", dir.resolve("c.jsonl").toString(),
                "--index", dir.resolve("i").toString(), "--solr-zk", "127.0.0.1:1", "--solr-collection", "p");
        assertThat(both.code()).isNotZero();
        assertThat(both.err()).contains("give --index DIR, or --solr-zk HOSTS and --solr-collection NAME");
    }

    @Test
    void aReadingCommandGivenBothStoresIsRefusedInsteadOfDroppingOne() {
        ModelsCommandTest.Run both = ModelsCommandTest.run("get", "--index", dir.resolve("i").toString(), "--solr-zk",
                "127.0.0.1:1", "--solr-collection", "p", "--id", "x");
        assertThat(both.code()).isNotZero();
        assertThat(both.err()).contains("give either --index DIR or the SolrCloud options");
    }

    @Test
    void ingestRefusesOptionsItWouldIgnoreAndCreatesNoIndexForThem() throws Exception {
        Path catalog = java.nio.file.Files.writeString(dir.resolve("c.jsonl"), "{\"id\":\"a\",\"title\":\"red shirt\"}\n");
        Path index = dir.resolve("new-index");
        ModelsCommandTest.Run missing = ModelsCommandTest.run("ingest", "--catalog", dir.resolve("typo.jsonl").toString(),
                "--index", index.toString(), "--quantization", "int8");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("no catalog at");
        ModelsCommandTest.Run rejects = ModelsCommandTest.run("ingest", "--catalog", catalog.toString(), "--index",
                index.toString(), "--rejects", dir.resolve("r.jsonl").toString());
        assertThat(rejects.err()).contains("--rejects").contains("needs --on-error=skip");
        ModelsCommandTest.Run map = ModelsCommandTest.run("ingest", "--catalog", catalog.toString(), "--index",
                index.toString(), "--map", "id=sku");
        assertThat(map.err()).contains("--map renames CSV columns");
        assertThat(index).doesNotExist();

        assertThat(ModelsCommandTest.run("ingest", "--catalog", catalog.toString(), "--index", index.toString()).code()).isZero();
        ModelsCommandTest.Run quantized = ModelsCommandTest.run("ingest", "--catalog", catalog.toString(), "--index",
                index.toString(), "--quantization", "int8");
        assertThat(quantized.code()).isNotZero();
        assertThat(quantized.err()).contains("was built with --quantization none and keeps it");
    }

    @Test
    void halfTheSolrOptionsIsRefused() {
        ModelsCommandTest.Run r = ModelsCommandTest.run("get", "--solr-collection", "p", "--id", "x");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("needs both --solr-zk and --solr-collection");
    }
}
