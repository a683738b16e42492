package dev.lookalike.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookalike.catalog.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeJudgmentsTest {

    private static Product p(String id, String type, String colour) {
        Product.Builder b = Product.builder(id);
        if (type != null) {
            b.attribute("articleType", List.of(type));
        }
        if (colour != null) {
            b.attribute("baseColour", List.of(colour));
        }
        return b.build();
    }

    private static final List<Product> CATALOG = List.of(
            p("1", "Shirts", "Blue"), p("2", "Shirts", "blue "), p("3", "Shirts", "Red"), p("4", "Shoes", "Blue"),
            p("5", "Shoes", null), p("6", null, "Blue"), p("7", "Watches", "Gold"));

    @Test
    void parsesRulesHighestGradeFirst() {
        AttributeJudgments j = AttributeJudgments.parse("articleType=1; articleType, baseColour=2");
        assertThat(j.rules()).containsExactly(new AttributeJudgments.Rule(List.of("articleType", "baseColour"), 2),
                new AttributeJudgments.Rule(List.of("articleType"), 1));
        assertThat(j.attributes()).containsExactly("articleType", "baseColour");
    }

    @Test
    void gradesByTheHighestMatchingRuleComparingNormalisedValues() {
        AttributeJudgments j = AttributeJudgments.parse("articleType,baseColour=2;articleType=1");
        assertThat(j.grade(CATALOG.get(0), CATALOG.get(1))).isEqualTo(2); // "Blue" and "blue "
        assertThat(j.grade(CATALOG.get(0), CATALOG.get(2))).isEqualTo(1);
        assertThat(j.grade(CATALOG.get(0), CATALOG.get(3))).isZero();
        assertThat(j.grade(CATALOG.get(4), CATALOG.get(3))).isEqualTo(1); // missing colour: only the type rule
        assertThat(j.grade(CATALOG.get(5), CATALOG.get(0))).isZero(); // missing type never matches
    }

    @Test
    void generatesEveryPositiveCandidateForSeededAnchors() {
        AttributeJudgments j = AttributeJudgments.parse("articleType,baseColour=2;articleType=1");
        GoldenSet all = j.generate(CATALOG, 100, 42);
        // 6 and 7 have no other product with a positive grade: never anchors
        assertThat(all.queries()).extracting(GoldenQuery::anchor).containsExactly("1", "2", "3", "4", "5");
        assertThat(all.queries().get(0).judgments()).isEqualTo(Map.of("2", 2, "3", 1));
        assertThat(all.queries().get(3).judgments()).isEqualTo(Map.of("5", 1));
        for (GoldenQuery q : all.queries()) {
            q.judgments().forEach((c, g) -> assertThat(g).isEqualTo(j.grade(byId(q.anchor()), byId(c))));
        }

        GoldenSet two = j.generate(CATALOG, 2, 42);
        assertThat(two.queries()).hasSize(2);
        assertThat(j.generate(CATALOG, 2, 42).queries()).isEqualTo(two.queries());
        List<List<String>> picks = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            picks.add(j.generate(CATALOG, 2, seed).queries().stream().map(GoldenQuery::anchor).toList());
        }
        assertThat(picks.stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void refusesBadRules() {
        assertThatThrownBy(() -> AttributeJudgments.parse("articleType")).hasMessageContaining("got 'articleType'");
        assertThatThrownBy(() -> AttributeJudgments.parse("articleType=x")).hasMessageContaining("grade must be an integer >= 1, got 'x'");
        assertThatThrownBy(() -> AttributeJudgments.parse("articleType=0")).hasMessageContaining("grade must be >= 1, got 0");
        assertThatThrownBy(() -> AttributeJudgments.parse("a,,b=1")).hasMessageContaining("empty attribute name");
        assertThatThrownBy(() -> AttributeJudgments.parse(" ")).hasMessageContaining("must look like");
    }

    private static Product byId(String id) {
        return CATALOG.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
