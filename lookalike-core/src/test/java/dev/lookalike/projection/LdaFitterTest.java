package dev.lookalike.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.eval.HeldOutPrecision;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LdaFitterTest {

    private static final int D = 16;

    /**
     * Labelled clusters hidden under louder noise: dimensions 0-3 carry large class-independent variance (what PCA
     * keeps), the 4 "type" classes differ on dimensions 12-15 and the 2 "colour" classes on dimension 8, under small
     * within-class noise.
     */
    record Data(float[][] vectors, String[] type, String[] colour) {
        static Data generate(int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            float[][] v = new float[n][D];
            String[] type = new String[n];
            String[] colour = new String[n];
            for (int i = 0; i < n; i++) {
                int t = r.nextInt(4);
                int c = r.nextInt(2);
                type[i] = "type" + t;
                colour[i] = c == 0 ? "red" : "blue";
                for (int j = 0; j < D; j++) {
                    v[i][j] = (float) (r.nextGaussian() * (j < 4 ? 4.0 : 0.6));
                }
                v[i][12 + t] += 1.5f;
                v[i][8] += c == 0 ? 1.0f : -1.0f;
            }
            return new Data(v, type, colour);
        }
    }

    @Test
    void separatesClassesFarBetterThanPcaOfTheSameDimension() {
        Data train = Data.generate(800, 1);
        Data test = Data.generate(400, 2);
        LdaResult lda = LdaFitter.fit(train.vectors(), List.of(new AttributeLabels("type", train.type())),
                LdaOptions.defaults(List.of("type")));
        assertThat(lda.projection().kind()).isEqualTo("lda");
        assertThat(lda.projection().outputDimension()).isEqualTo(3);
        assertThat(lda.blocks()).singleElement().satisfies(b -> {
            assertThat(b.classes()).isEqualTo(4);
            assertThat(b.labelled()).isEqualTo(800);
            assertThat(b.components()).isEqualTo(3);
        });

        PcaFitter pcaFitter = new PcaFitter(D);
        pcaFitter.addAll(train.vectors());
        Projection pca = pcaFitter.fit(3, false).projection();

        double ldaPrecision = precision(lda.projection(), train, test, train.type(), test.type());
        double pcaPrecision = precision(pca, train, test, train.type(), test.type());
        double rawPrecision = HeldOutPrecision.precisionAtK(normalised(test.vectors()), test.type(), normalised(train.vectors()), train.type(), 10);
        // chance is 0.25
        assertThat(ldaPrecision).as("LDA precision@10").isGreaterThan(0.85);
        assertThat(pcaPrecision).as("PCA precision@10").isLessThan(0.40);
        assertThat(ldaPrecision).isGreaterThan(pcaPrecision + 0.45).isGreaterThan(rawPrecision + 0.2);
    }

    @Test
    void concatenatedBlocksServeEachAttributeAndWeightsSetTheirVarianceShares() {
        Data train = Data.generate(1_000, 3);
        Data test = Data.generate(400, 4);
        List<AttributeLabels> labels = List.of(new AttributeLabels("type", train.type()), new AttributeLabels("colour", train.colour()));
        LdaOptions options = new LdaOptions(List.of(LdaBlockOptions.defaults("type"), LdaBlockOptions.defaults("colour").withWeight(0.5)));
        LdaResult result = LdaFitter.fit(train.vectors(), labels, options);
        Projection p = result.projection();
        assertThat(p.outputDimension()).isEqualTo(3 + 1);
        assertThat(result.blocks()).extracting(LdaResult.Block::components).containsExactly(3, 1);
        assertThat(p.description()).contains("type(").contains("colour(").contains("weight=0.500").contains("vectors=1000");

        // block variances over the fitting vectors: 1 and 0.5^2
        double[] variance = new double[p.outputDimension()];
        for (float[] x : train.vectors()) {
            double[] y = Synthetic.raw(p, x);
            for (int j = 0; j < y.length; j++) {
                variance[j] += y[j] * y[j] / (train.vectors().length - 1);
            }
        }
        assertThat(variance[0] + variance[1] + variance[2]).isCloseTo(1.0, within(1e-3));
        assertThat(variance[3]).isCloseTo(0.25, within(1e-3));

        assertThat(precision(p, train, test, train.type(), test.type())).as("type").isGreaterThan(0.7);
        assertThat(precision(p, train, test, train.colour(), test.colour())).as("colour").isGreaterThan(0.75);
    }

    @Test
    void productsWithoutTheAttributeAndSingletonValuesAreLeftOutOfTheFit() {
        Data train = Data.generate(600, 5);
        String[] type = train.type().clone();
        for (int i = 0; i < type.length; i += 3) {
            type[i] = null;
        }
        type[1] = "one-of-a-kind";
        LdaResult result = LdaFitter.fit(train.vectors(), List.of(new AttributeLabels("type", type)), LdaOptions.defaults(List.of("type")));
        long labelled = Arrays.stream(type).filter(t -> t != null && !t.equals("one-of-a-kind")).count();
        assertThat(result.blocks().get(0).labelled()).isEqualTo(labelled);
        assertThat(result.blocks().get(0).classes()).isEqualTo(4);
        Data test = Data.generate(300, 6);
        // fewer labelled vectors than the other tests, still far above chance (0.25)
        assertThat(precision(result.projection(), train, test, train.type(), test.type())).isGreaterThan(0.75);
    }

    @Test
    void preliminaryPcaKeepsTheDiscriminantsWhenItKeepsTheirDimensions() {
        Data train = Data.generate(800, 7);
        Data test = Data.generate(300, 8);
        LdaOptions options = new LdaOptions(List.of(new LdaBlockOptions("type", 14, 0.1, 0.5, 1)));
        LdaResult result = LdaFitter.fit(train.vectors(), List.of(new AttributeLabels("type", train.type())), options);
        assertThat(precision(result.projection(), train, test, train.type(), test.type())).isGreaterThan(0.75);
    }

    @Test
    void refusesAttributesItCannotFit() {
        Data train = Data.generate(100, 9);
        String[] single = new String[100];
        Arrays.fill(single, "same");
        assertThatThrownBy(() -> LdaFitter.fit(train.vectors(), List.of(new AttributeLabels("gender", single)),
                LdaOptions.defaults(List.of("gender")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gender'").hasMessageContaining("1 value(s)");
        assertThatThrownBy(() -> LdaFitter.fit(train.vectors(), List.of(new AttributeLabels("type", new String[3])),
                LdaOptions.defaults(List.of("type")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 labels for 100");
        assertThatThrownBy(() -> LdaFitter.fit(train.vectors(), List.of(new AttributeLabels("type", train.type())),
                LdaOptions.defaults(List.of("colour")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'colour'");
        assertThatThrownBy(() -> new LdaBlockOptions("type", 0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shrinkage").hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> new LdaOptions(List.of(LdaBlockOptions.defaults("a"), LdaBlockOptions.defaults("a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
    }

    static double precision(Projection p, Data train, Data test, String[] trainLabels, String[] testLabels) {
        float[][] db = Arrays.stream(train.vectors()).map(p::apply).toArray(float[][]::new);
        float[][] q = Arrays.stream(test.vectors()).map(p::apply).toArray(float[][]::new);
        return HeldOutPrecision.precisionAtK(q, testLabels, db, trainLabels, 10);
    }

    static float[][] normalised(float[][] v) {
        return Arrays.stream(v).map(x -> dev.lookalike.encoder.VectorMath.normalizeInPlace(x.clone())).toArray(float[][]::new);
    }
}
