package dev.lookalike.audit;

import dev.lookalike.attribution.*;
import dev.lookalike.catalog.Product;
import dev.lookalike.demo.DemoCatalogGenerator;
import java.nio.file.Path;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDiagTest {
    @TempDir Path dir;
    @Test
    void diag() throws Exception {
        DemoVectors demo = DemoVectors.generate(dir, DemoCatalogGenerator.Options.defaults().withCount(360).withSeed(11).withImageSize(64)
                .withMissingAttributeRate(0.1).withWrongAttributeRate(0.1));
        Attributor a = new Attributor(demo.vectors(), demo.vectors().exactSearch(), Attributor.Options.DEFAULTS);
        for (String attr : List.of("type", "colour", "pattern")) {
            System.out.println("DIAG " + a.model(attr).summary());
        }
        long missing = demo.vectors().products().stream().filter(p -> p.attribute("type") == null).count();
        System.out.println("DIAG missing type " + missing);
        Assortment.Report r = Assortment.analyse(demo.vectors(), Assortment.Options.DEFAULTS.withK(12));
        for (Assortment.Cluster c : r.clusters()) {
            Map<String,Integer> types = new TreeMap<>(), cols = new TreeMap<>();
            for (int row : c.rows()) { types.merge(demo.demo().truthOf(demo.vectors().product(row).id()).type().label(), 1, Integer::sum);
              cols.merge(demo.demo().truthOf(demo.vectors().product(row).id()).colour().name(), 1, Integer::sum);}
            System.out.println("DIAG cluster " + c.size() + " " + types + " " + cols);
        }
    }
}
