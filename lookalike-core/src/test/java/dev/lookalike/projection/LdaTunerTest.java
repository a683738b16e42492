package dev.lookalike.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LdaTunerTest {

    @Test
    void scoresEveryCandidateKeepsTheBestOfEachStageAndIsReproducible() {
        LdaFitterTest.Data data = LdaFitterTest.Data.generate(600, 21);
        List<AttributeLabels> labels = List.of(new AttributeLabels("type", data.type()), new AttributeLabels("colour", data.colour()));
        LdaTuner.Grid grid = new LdaTuner.Grid(List.of(0, 8, 32), List.of(0.01, 0.3), List.of(0.0), List.of(0.5, 1.0));
        LdaTuner.Options options = new LdaTuner.Options(3, 10, 5, grid);
        LdaTuning tuning = LdaTuner.tune(data.vectors(), labels, options);

        // per attribute: pre {none, 8} (32 >= 16 counts as none) x 2 shrinkages; then 2 weights for colour
        assertThat(tuning.trials()).hasSize(2 * 4 + 2);
        assertThat(tuning.trials().stream().filter(t -> t.stage().equals("block:type"))).hasSize(4)
                .allSatisfy(t -> assertThat(t.precision()).containsOnlyKeys("type"));
        List<LdaTuning.Trial> weights = tuning.trials().stream().filter(t -> t.stage().equals("weight:colour")).toList();
        assertThat(weights).hasSize(2).allSatisfy(t -> assertThat(t.precision()).containsOnlyKeys("type", "colour"));
        LdaTuning.Trial bestWeight = weights.stream().max(Comparator.comparingDouble(LdaTuning.Trial::score)).orElseThrow();
        assertThat(tuning.best()).isEqualTo(bestWeight.options());
        LdaTuning.Trial bestType = tuning.trials().stream().filter(t -> t.stage().equals("block:type"))
                .max(Comparator.comparingDouble(LdaTuning.Trial::score)).orElseThrow();
        assertThat(tuning.best().blocks().get(0)).isEqualTo(bestType.options().blocks().get(0));
        assertThat(tuning.best().attributes()).containsExactly("type", "colour");
        // the signal is strong: cross-validated precision well above chance (0.25 and 0.5)
        assertThat(bestWeight.precision().get("type")).isGreaterThan(0.7);
        assertThat(bestWeight.precision().get("colour")).isGreaterThan(0.75);

        assertThat(LdaTuner.tune(data.vectors(), labels, options)).isEqualTo(tuning);
    }
}
