package dev.lookalike.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookalike.audit.DemoVectors;
import dev.lookalike.catalog.Product;
import dev.lookalike.projection.LdaTuner;
import dev.lookalike.audit.CatalogVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attribution on the shared generated catalog (360 products), with the type removed from a seeded 10 % of the products
 * and changed to another type on another 10 %: the demo's truth says what the right values are.
 */
class AttributionTest {

    static DemoVectors demo;
    static CatalogVectors damaged;

    @BeforeAll
    static void generate() throws Exception {
        demo = DemoVectors.shared();
        List<String> types = demo.demo().products().stream().map(p -> p.attribute("type")).distinct().sorted().toList();
        SplittableRandom random = new SplittableRandom(17);
        List<Product> products = new ArrayList<>();
        for (Product p : demo.demo().products()) {
            double u = random.nextDouble();
            if (u < 0.1) {
                products.add(p.toBuilder().attribute("type", List.of()).build());
            } else if (u < 0.2) {
                String other;
                do {
                    other = types.get(random.nextInt(types.size()));
                } while (other.equals(p.attribute("type")));
                products.add(p.toBuilder().attribute("type", other).build());
            } else {
                products.add(p);
            }
        }
        damaged = CatalogVectors.of(products, demo.raw());
    }

    private static String truth(Product p) {
        return demo.demo().truthOf(p.id()).type().label();
    }

    @Test
    void fillsMissingTypesMostlyRightAndNeverTouchesTheCatalog() {
        List<Product> before = damaged.products();
        Attributor attributor = new Attributor(damaged, damaged.exactSearch(), Attributor.Options.DEFAULTS);
        List<Suggestion> fills = attributor.suggest("type", true, false, 0);
        assertThat(fills).hasSize((int) damaged.products().stream().filter(p -> p.attribute("type") == null).count()).allMatch(s -> s.kind() == Suggestion.Kind.FILL && s.currentValue() == null);
        long right = fills.stream().filter(s -> s.suggestedValue().equals(truth(damaged.product(damaged.row(s.productId()))))).count();
        assertThat((double) right / fills.size()).isGreaterThan(0.8);
        assertThat(fills).isSortedAccordingTo((a, b) -> Double.compare(b.confidence(), a.confidence()));
        AttributeModel model = attributor.model("type");
        assertThat(model.fitPredictions()).isGreaterThan(250);
        assertThat(model.fitAccuracy()).isGreaterThan(0.8);
        assertThat(damaged.products()).isEqualTo(before);
    }

    @Test
    void flagsInjectedWrongTypesAtTheTopOfTheList() {
        Attributor attributor = new Attributor(damaged, damaged.exactSearch(), Attributor.Options.DEFAULTS);
        List<Suggestion> flags = attributor.suggest("type", false, true, 0.5);
        assertThat(flags).isNotEmpty().allMatch(s -> s.kind() == Suggestion.Kind.MISLABEL);
        long wrongInCatalog = damaged.products().stream()
                .filter(p -> p.attribute("type") != null && !p.attribute("type").equals(truth(p))).count();
        assertThat(wrongInCatalog).isGreaterThan(5);
        long flaggedWrong = flags.stream().filter(s -> !s.currentValue().equals(truth(damaged.product(damaged.row(s.productId())))))
                .count();
        assertThat((double) flaggedWrong / flags.size()).as("precision of the flags (chance: 0.1)").isGreaterThan(0.6);
        assertThat((double) flaggedWrong / wrongInCatalog).as("recall of the flags").isGreaterThan(0.5);
        // every flagged suggestion is the truth most of the time
        long fixed = flags.stream().filter(s -> s.suggestedValue().equals(truth(damaged.product(damaged.row(s.productId()))))).count();
        assertThat((double) fixed / flags.size()).isGreaterThan(0.6);
    }

    @Test
    void aFlagFromASharedPictureNamesTheProductsThatShareIt() {
        // three colour groups of 20 noisy vectors; "shade" re-uses pink-7's vector exactly, labelled purple: one
        // packshot sold as two shades. Its neighbours are all pink, so it is flagged, and the flag names pink-7.
        SplittableRandom random = new SplittableRandom(5);
        List<Product> products = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        String[] colours = {"red", "blue", "pink"};
        for (int c = 0; c < colours.length; c++) {
            for (int i = 0; i < 20; i++) {
                float[] v = new float[8];
                for (int d = 0; d < v.length; d++) {
                    v[d] = (float) (0.3 * random.nextGaussian());
                }
                v[c] += 1;
                products.add(Product.builder(colours[c] + "-" + i).attribute("colour", colours[c]).build());
                vectors.add(v);
            }
        }
        int twin = products.size() - 13; // pink-7
        products.add(Product.builder("shade").attribute("colour", "purple").build());
        vectors.add(vectors.get(twin).clone());
        CatalogVectors catalog = CatalogVectors.of(products, vectors.toArray(float[][]::new));
        Attributor attributor = new Attributor(catalog, catalog.exactSearch(), Attributor.Options.DEFAULTS);

        List<Suggestion> flags = attributor.suggest("colour", false, true, 0);

        assertThat(flags).filteredOn(s -> s.productId().equals("shade")).singleElement()
                .satisfies(s -> assertThat(s.suggestedValue()).isEqualTo("pink"))
                .satisfies(s -> assertThat(s.nearDuplicates()).containsExactly("pink-7"));
        assertThat(attributor.assess(twin, "colour").nearDuplicates()).containsExactly("shade");
        assertThat(flags).filteredOn(s -> !s.productId().equals("shade") && !s.productId().equals("pink-7"))
                .allSatisfy(s -> assertThat(s.nearDuplicates()).isEmpty());
        assertThatThrownBy(() -> new Attributor.Options(100, 1, AttributeModelFitter.Grid.DEFAULT, 1.5))
                .hasMessage("nearDuplicate must be in (0, 1], got 1.5");
    }

    @Test
    void crossValidationPredictsHeldOutTypesAndFindsInjectedErrors() {
        String[] labels = demo.vectors().products().stream().map(p -> p.attribute("type")).toArray(String[]::new);
        float[][] vectors = new float[labels.length][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = demo.vectors().vector(i);
        }
        AttributionCrossValidation.Options none = new AttributionCrossValidation.Options(2, 2, 5, AttributeModelFitter.Grid.DEFAULT,
                SpaceFitter.NONE);
        AttributionCrossValidation.Result r = AttributionCrossValidation.run("type", vectors, labels, none);
        assertThat(r.foldAccuracy()).hasSize(2);
        assertThat(r.meanAccuracy()).isGreaterThan(0.7);
        assertThat(r.heldOut()).hasSize((int) java.util.Arrays.stream(labels).filter(l -> l != null).count());
        assertThat(r.calibrated().count()).isEqualTo(r.heldOut().size());
        assertThat(r.calibrated().ece()).isLessThan(0.15);

        AttributionCrossValidation.Options lda = new AttributionCrossValidation.Options(2, 2, 5, AttributeModelFitter.Grid.DEFAULT,
                SpaceFitter.lda("type", new LdaTuner.Grid(List.of(0), List.of(0.1), List.of(0.0), List.of(1.0)), 5));
        AttributionCrossValidation.Result withLda = AttributionCrossValidation.run("type", vectors, labels, lda);
        assertThat(withLda.spaces()).allMatch(s -> s.startsWith("lda type("));
        assertThat(withLda.meanAccuracy()).isGreaterThan(0.6);

        boolean[] injected = new boolean[labels.length];
        String[] noisy = AttributionCrossValidation.injectErrors(labels, 0.1, 3, injected);
        int changed = 0;
        for (int i = 0; i < labels.length; i++) {
            if (injected[i]) {
                changed++;
                assertThat(noisy[i]).isNotEqualTo(labels[i]).isIn(java.util.Arrays.asList(labels));
            } else {
                assertThat(noisy[i]).isEqualTo(labels[i]);
            }
        }
        assertThat(changed).isEqualTo(Math.round(0.1 * r.heldOut().size()));
        AttributionCrossValidation.MislabelResult m = AttributionCrossValidation.mislabels(
                AttributionCrossValidation.run("type", vectors, noisy, none), injected, labels, 0.1);
        assertThat(m.injected()).isEqualTo(changed);
        assertThat(m.recall()).as("recall in the top 10 %% (chance: 0.1)").isGreaterThanOrEqualTo(0.4);
        assertThat(m.precision()).isEqualTo((double) m.found() / m.listed());
    }

    @Test
    void eachOuterFoldVotesWithItsOwnEncodersVectors() {
        String[] labels = demo.vectors().products().stream().map(p -> p.attribute("type")).toArray(String[]::new);
        float[][] informative = new float[labels.length][];
        float[][] noise = new float[labels.length][];
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < labels.length; i++) {
            informative[i] = demo.vectors().vector(i);
            noise[i] = new float[informative[i].length];
            double n = 0;
            for (int d = 0; d < noise[i].length; d++) {
                noise[i][d] = (float) random.nextGaussian();
                n += noise[i][d] * noise[i][d];
            }
            for (int d = 0; d < noise[i].length; d++) {
                noise[i][d] /= (float) Math.sqrt(n);
            }
        }
        AttributionCrossValidation.Options options = new AttributionCrossValidation.Options(2, 2, 5,
                AttributeModelFitter.Grid.DEFAULT, SpaceFitter.NONE);
        java.util.List<Integer> asked = new java.util.ArrayList<>();
        AttributionCrossValidation.Result r = AttributionCrossValidation.run("type", f -> {
            asked.add(f);
            return f == 1 ? noise : informative;
        }, labels, options);
        AttributionCrossValidation.Result same = AttributionCrossValidation.run("type", informative, labels, options);

        assertThat(asked).containsExactly(0, 1);
        assertThat(r.foldAccuracy()[0]).as("fold 0 votes on the informative vectors").isEqualTo(same.foldAccuracy()[0]);
        long values = java.util.Arrays.stream(labels).filter(l -> l != null).distinct().count();
        assertThat(r.foldAccuracy()[1]).as("fold 1 votes on noise (%d values)", values)
                .isLessThan(same.foldAccuracy()[1] - 0.3);
    }

    @Test
    void anEncoderThatSawTheTrainingLabelsIsCalibratedOnTheOtherFoldsHeldOutPredictions() {
        String[] labels = demo.vectors().products().stream().map(p -> p.attribute("type")).toArray(String[]::new);
        int n = labels.length;
        float[][] own = new float[n][];
        java.util.Map<String, float[]> centroid = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            own[i] = demo.vectors().vector(i);
            if (labels[i] != null) {
                float[] c = centroid.computeIfAbsent(labels[i], l -> new float[own[0].length]);
                for (int d = 0; d < c.length; d++) {
                    c[d] += own[i][d];
                }
            }
        }
        centroid.values().forEach(dev.lookalike.encoder.VectorMath::normalizeInPlace);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            float[] noisy = own[i].clone();
            double scale = 4.0 / Math.sqrt(noisy.length);
            for (int d = 0; d < noisy.length; d++) {
                noisy[d] += (float) (random.nextGaussian() * scale);
            }
            own[i] = dev.lookalike.encoder.VectorMath.normalizeInPlace(noisy);
        }
        int folds = 3;
        dev.lookalike.eval.Folds outer = dev.lookalike.eval.Folds.split(n, folds, 5);
        // fold f's "encoder" learned its training products' labels: they sit on their class centroid; the held-out
        // products keep their own, noisier vectors
        AttributionCrossValidation.Result r = AttributionCrossValidation.run("type", f -> {
            float[][] v = own.clone();
            for (int row : outer.training(f)) {
                if (labels[row] != null) {
                    v[row] = centroid.get(labels[row]);
                }
            }
            return v;
        }, labels, new AttributionCrossValidation.Options(folds, 2, 5, AttributeModelFitter.Grid.DEFAULT, SpaceFitter.NONE));

        assertThat(r.models()).allSatisfy(m -> assertThat(m.fitAccuracy()).as("inner folds: optimistic").isEqualTo(1.0));
        double accuracy = r.heldOut().stream().filter(AttributionCrossValidation.HeldOut::correct).count() / (double) r.heldOut().size();
        double meanConfidence = r.heldOut().stream().mapToDouble(h -> h.prediction().confidence()).average().orElseThrow();
        assertThat(accuracy).as("held out").isBetween(0.3, 0.9);
        assertThat(meanConfidence).as("calibrated on the other folds' held-out predictions")
                .isCloseTo(accuracy, org.assertj.core.data.Offset.offset(0.05));
        assertThat(r.calibrated().ece()).isLessThan(r.raw().ece()).isLessThan(0.08);
        assertThat(r.heldOut()).allSatisfy(h -> assertThat(h.prediction().model()).isSameAs(r.models().get(foldOf(outer, h.row()))));
    }

    private static int foldOf(dev.lookalike.eval.Folds folds, int row) {
        for (int f = 0; f < folds.count(); f++) {
            for (int r : folds.heldOut(f)) {
                if (r == row) {
                    return f;
                }
            }
        }
        throw new AssertionError("row " + row + " is in no fold");
    }

    @Test
    void aSparseAttributeStillFindsItsVotersBeyondTheUnlabelledNeighbours() {
        // 200 unlabelled products crowd the query; the nearest products with a colour (red) lie beyond them, blue
        // ones further still. The first search (the grid's largest k + 20) holds no colour at all: it must widen.
        SplittableRandom random = new SplittableRandom(11);
        List<Product> products = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        float[][] centres = {{1, 0, 0, 0}, {0.8f, 0.6f, 0, 0}, {0, 0, 1, 0}};
        String[] colours = {null, "red", "blue"};
        int[] counts = {200, 30, 30};
        for (int c = 0; c < centres.length; c++) {
            for (int i = 0; i < counts[c]; i++) {
                float[] v = centres[c].clone();
                for (int d = 0; d < v.length; d++) {
                    v[d] += (float) (0.03 * random.nextGaussian());
                }
                Product.Builder b = Product.builder("c" + c + "-" + i);
                products.add(colours[c] == null ? b.build() : b.attribute("colour", colours[c]).build());
                vectors.add(v);
            }
        }
        CatalogVectors catalog = CatalogVectors.of(products, vectors.toArray(float[][]::new));
        Attributor attributor = new Attributor(catalog, catalog.exactSearch(), Attributor.Options.DEFAULTS);

        Prediction p = attributor.assess(0, "colour").prediction();

        assertThat(p.value()).isEqualTo("red");
        assertThat(attributor.suggest("colour", true, false, 0)).hasSize(200)
                .allSatisfy(s -> assertThat(s.suggestedValue()).isEqualTo("red"));
    }

    @Test
    void appliedValueKeepsTheOldOneInTheHistoryAttribute() {
        Product p = Product.builder("x").attribute("type", "shirt").attribute("type.previous", "dress").build();
        Product changed = SuggestionApplier.withValue(p, "type", "boot");
        assertThat(changed.attributes().get("type")).containsExactly("boot");
        assertThat(changed.attributes().get("type.previous")).containsExactly("dress", "shirt");
        Product filled = SuggestionApplier.withValue(Product.builder("y").build(), "type", "boot");
        assertThat(filled.attributes()).containsOnlyKeys("type");
    }

    @Test
    void aSuggestionNamesItsAttributeAsProductsDo() {
        // " type" read from a file must look up, and keep the history of, the product's "type"
        Suggestion s = new Suggestion("x", " type ", "shirt", "boot", 0.9, Suggestion.Kind.MISLABEL);
        assertThat(s.attribute()).isEqualTo("type");
    }
}
