package dev.lookalike.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lookalike.catalog.ImageRef;
import dev.lookalike.catalog.Product;
import dev.lookalike.encoder.ProductImageDescriptor;
import dev.lookalike.fusion.Fusion;
import dev.lookalike.fusion.FusionSettings;
import dev.lookalike.fusion.Modality;
import dev.lookalike.fusion.ProductVectorizer;
import dev.lookalike.lucene.LuceneProductStore;
import dev.lookalike.query.ModalityScore;
import dev.lookalike.query.SearchHit;
import dev.lookalike.query.SearchRequest;
import dev.lookalike.query.SearchResponse;
import dev.lookalike.search.Candidates;
import dev.lookalike.search.SearchSnapshot;
import dev.lookalike.search.Selection;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search by photo over products with several pictures, through the real image descriptor: a product with a red
 * circle, blue stripes and a green square is found first by a photo of its stripes, although the mean of its three
 * pictures is further from that photo than another product's similar stripes.
 */
class BestPictureSearchTest {

    static final FusionSettings SETTINGS = new FusionSettings(1f, 0.6f, 0.4f, ProductImageDescriptor.ID,
            new ProductImageDescriptor().dimension(), "txt-test", 8, 8, List.of());

    @TempDir
    Path dir;

    static BufferedImage draw(Consumer<Graphics2D> painter) {
        BufferedImage img = new BufferedImage(96, 128, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 96, 128);
        painter.accept(g);
        g.dispose();
        return img;
    }

    static BufferedImage circle(Color c, int d) {
        return draw(g -> {
            g.setColor(c);
            g.fillOval(48 - d / 2, 64 - d / 2, d, d);
        });
    }

    static BufferedImage stripes(Color c, int width, int phase) {
        return draw(g -> {
            g.setColor(c);
            for (int x = 8 + phase; x < 88; x += 2 * width) {
                g.fillRect(x, 16, width, 96);
            }
        });
    }

    static BufferedImage square(Color c, int side) {
        return draw(g -> {
            g.setColor(c);
            g.fillRect(48 - side / 2, 64 - side / 2, side, side);
        });
    }

    static BufferedImage cross(Color c) {
        return draw(g -> {
            g.setColor(c);
            g.setStroke(new BasicStroke(12));
            g.drawLine(16, 24, 80, 104);
            g.drawLine(80, 24, 16, 104);
        });
    }

    static BufferedImage triangle(Color c) {
        return draw(g -> {
            g.setColor(c);
            g.fillPolygon(new int[] {48, 84, 12}, new int[] {20, 108, 108}, 3);
        });
    }

    static byte[] png(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Id to pictures; every product has the same modalities (pictures, a title, an attribute). */
    static Map<String, List<BufferedImage>> catalog() {
        Map<String, List<BufferedImage>> c = new LinkedHashMap<>();
        c.put("multi", List.of(circle(Color.RED, 70), stripes(Color.BLUE, 8, 0), square(Color.GREEN.darker(), 60)));
        c.put("stripes", List.of(stripes(new Color(40, 40, 220), 9, 3)));
        c.put("circle", List.of(circle(new Color(220, 30, 30), 64)));
        c.put("square", List.of(square(new Color(0, 150, 0), 66)));
        c.put("cross", List.of(cross(Color.BLACK)));
        c.put("triangle", List.of(triangle(Color.ORANGE)));
        c.put("yellow-square", List.of(square(Color.YELLOW, 50)));
        c.put("magenta-circle", List.of(circle(Color.MAGENTA, 40)));
        return c;
    }

    static Lookalike open(LuceneProductStore store, Map<String, BufferedImage> pictures) {
        ProductVectorizer vectorizer = new ProductVectorizer(SETTINGS, new ProductImageDescriptor(), new StubEncoders.Text(),
                ref -> pictures.get(ref.uri().toString()));
        return new Lookalike(store, vectorizer);
    }

    @Test
    void aPhotoOfOneOfAProductsPicturesFindsItFirstWhereTheMeanOfItsPicturesWouldNot() throws Exception {
        Map<String, BufferedImage> pictures = new HashMap<>();
        List<Product> products = new ArrayList<>();
        catalog().forEach((id, images) -> {
            List<ImageRef> refs = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                String uri = "https://img.test/" + id + "-" + i + ".png";
                pictures.put(uri, images.get(i));
                refs.add(new ImageRef(URI.create(uri)));
            }
            products.add(Product.builder(id).title(id + " print").attribute("kind", "print").images(refs).build());
        });
        byte[] photo = png(catalog().get("multi").get(1)); // its blue stripes
        SearchRequest byPhoto = SearchRequest.builder().image(photo, null).k(5).explain(true).build();
        List<String> before;
        Path index = dir.resolve("index");
        try (Lookalike engine = open(LuceneProductStore.open(index, SETTINGS), pictures)) {
            assertThat(engine.upsert(products)).isEmpty();
            engine.store().commit();
            assertThat(engine.store().count()).isEqualTo(8);

            SearchResponse r = engine.search(byPhoto);
            SearchHit first = r.hits().get(0);
            assertThat(first.id()).isEqualTo("multi");
            ModalityScore image = first.explanation().modalities().stream().filter(m -> m.modality() == Modality.IMAGE)
                    .findFirst().orElseThrow();
            assertThat(image.cosine()).isCloseTo(1f, within(1e-4f));
            assertThat(first.explanation().notes()).anyMatch(n -> n.startsWith("matched by its picture 2 of 3"));
            // the contributions still sum to the similarity
            assertThat((float) first.explanation().modalities().stream().mapToDouble(ModalityScore::contribution).sum())
                    .isCloseTo(first.similarity(), within(1e-4f));
            assertThat(r.hits().get(1).id()).isEqualTo("stripes");
            assertThat(r.hits().get(1).explanation().notes()).noneMatch(n -> n.startsWith("matched by its picture"));
            before = r.hits().stream().map(SearchHit::id).toList();

            // by the mean of its pictures alone, the other striped product comes first and this one is far behind
            float[] query = Fusion.fuse(SETTINGS, Map.of(Modality.IMAGE,
                    engine.vectorizer().embedImage(catalog().get("multi").get(1))));
            try (SearchSnapshot snap = engine.store().snapshot()) {
                Candidates mean = snap.nearest(query, 8, Selection.ALL, false);
                List<String> byMean = new ArrayList<>();
                for (int d : mean.docs()) {
                    byMean.add(snap.product(d).id());
                }
                assertThat(byMean.get(0)).isEqualTo("stripes");
                float meanScore = mean.score(byMean.indexOf("multi"));
                assertThat(meanScore).isLessThan(mean.score(0) - 0.1f);
                assertThat(first.similarity()).isGreaterThan(mean.score(0));
            }
        }
        // reopened, the same answers
        try (Lookalike engine = open(LuceneProductStore.openReadOnly(index), pictures)) {
            assertThat(engine.search(byPhoto).hits()).extracting(SearchHit::id).containsExactlyElementsOf(before);
        }
        // a product anchor is compared mean to mean: "more like multi" has no picture note
        try (Lookalike engine = open(LuceneProductStore.openExisting(index), pictures)) {
            SearchResponse like = engine.search(SearchRequest.builder().like("stripes").k(3).explain(true).build());
            assertThat(like.hits()).allSatisfy(h -> assertThat(h.explanation().notes())
                    .noneMatch(n -> n.startsWith("matched by its picture")));
        }
    }
}
