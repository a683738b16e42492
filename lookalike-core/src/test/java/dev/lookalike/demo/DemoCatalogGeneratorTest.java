package dev.lookalike.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookalike.catalog.Product;
import dev.lookalike.demo.DemoCatalogGenerator.Options;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoCatalogGeneratorTest {

    private static final DemoCatalogGenerator GENERATOR = new DemoCatalogGenerator();
    /** The default catalog without attribute noise, planned once (no disk). */
    private static List<DemoCatalogGenerator.Item> clean;

    @BeforeAll
    static void planDefaultCatalog() {
        clean = DemoCatalogGenerator.plan(Options.DEFAULTS.withMissingAttributeRate(0));
    }

    @Test
    void optionsHaveTheDocumentedDefaultsAndRejectBadValues() {
        Options d = Options.defaults();
        assertThat(d.count()).isEqualTo(3000);
        assertThat(d.seed()).isEqualTo(42);
        assertThat(d.imageSize()).isEqualTo(128);
        assertThat(d.missingAttributeRate()).isEqualTo(0.05);
        assertThat(d.wrongAttributeRate()).isEqualTo(0.0);
        assertThat(d.withCount(7).withSeed(9).withImageSize(64).withMissingAttributeRate(0.5).withWrongAttributeRate(0.25))
                .isEqualTo(new Options(7, 9, 64, 0.5, 0.25));
        assertThatThrownBy(() -> d.withCount(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> d.withImageSize(8)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8");
        assertThatThrownBy(() -> d.withMissingAttributeRate(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> d.withWrongAttributeRate(-0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> d.withWrongAttributeRate(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    @Test
    void everyTypeColourAndPatternOccursInPlausibleProportions() {
        assertThat(clean).hasSize(3000);
        for (int i = 0; i < clean.size(); i++) {
            assertThat(clean.get(i).product().id()).isEqualTo(String.format(java.util.Locale.ROOT, "demo-%05d", i + 1));
        }
        Map<DemoType, Long> types = clean.stream().collect(Collectors.groupingBy(it -> it.truth().type(), Collectors.counting()));
        Map<DemoColour, Long> colours = clean.stream().collect(Collectors.groupingBy(it -> it.truth().colour(), Collectors.counting()));
        Map<DemoPattern, Long> patterns = clean.stream().collect(Collectors.groupingBy(it -> it.truth().pattern(), Collectors.counting()));
        assertThat(types).containsOnlyKeys(DemoType.values());
        assertThat(colours).containsOnlyKeys(DemoColour.values());
        assertThat(patterns).containsOnlyKeys(DemoPattern.values());
        double fair = 3000.0 / DemoType.values().length;
        types.forEach((t, n) -> assertThat((double) n).as("count of %s", t).isBetween(0.6 * fair, 1.4 * fair));
        colours.forEach((c, n) -> assertThat(n).as("count of %s", c).isGreaterThan(60));
        assertThat(patterns.get(DemoPattern.SOLID)).isBetween(1200L, 1800L);
        long inStock = clean.stream().filter(it -> it.product().inStock()).count();
        assertThat(inStock / 3000.0).isBetween(0.81, 0.89);
    }

    @Test
    void productsCarryConsistentCatalogFields() {
        Set<String> brands = new HashSet<>();
        for (DemoCatalogGenerator.Item it : clean) {
            Product p = it.product();
            DemoTruth t = it.truth();
            brands.add(p.brand());
            assertThat(p.currency()).isEqualTo("EUR");
            assertThat(p.categoryPath()).isEqualTo(t.type().categoryPath());
            assertThat(p.images()).isEmpty();
            assertThat(p.price()).isPositive();
            assertThat(BigDecimal.valueOf(p.price()).scale()).as("price %s", p.price()).isLessThanOrEqualTo(2);
            Brand brand = Brand.ALL.stream().filter(b -> b.name().equals(p.brand())).findFirst().orElseThrow();
            assertThat(p.price()).isBetween(t.type().minPrice() * brand.premium() - 1.02,
                    t.type().maxPrice() * brand.premium());
            if (t.type() == DemoType.DRESS || t.type() == DemoType.SKIRT) {
                assertThat(t.gender()).isEqualTo("women");
            }
        }
        assertThat(brands).hasSize(Brand.ALL.size());
    }

    @Test
    void brandsFavourTheirTypesAndPriceLevels() {
        Map<String, List<DemoCatalogGenerator.Item>> byBrand = clean.stream()
                .collect(Collectors.groupingBy(it -> it.product().brand()));
        Map<String, Double> relativePrice = new HashMap<>();
        for (Brand brand : Brand.ALL) {
            List<DemoCatalogGenerator.Item> items = byBrand.get(brand.name());
            long favourite = items.stream().filter(it -> brand.favourites().contains(it.truth().type())).count();
            assertThat((double) favourite / items.size()).as("%s favourite share", brand.name()).isGreaterThan(0.6);
            relativePrice.put(brand.name(), items.stream().mapToDouble(it ->
                    it.product().price() / ((it.truth().type().minPrice() + it.truth().type().maxPrice()) / 2))
                    .average().orElseThrow());
        }
        assertThat(relativePrice.get("Velora")).isGreaterThan(relativePrice.get("Solstice") * 1.4);
        assertThat(relativePrice.get("Solstice")).isGreaterThan(relativePrice.get("Pebble Basics") * 1.3);
    }

    @Test
    void colourVariantsShareAGroupAndDifferOnlyInColour() {
        Map<String, List<DemoCatalogGenerator.Item>> groups = new LinkedHashMap<>();
        Map<String, List<DemoCatalogGenerator.Item>> styles = new LinkedHashMap<>();
        for (DemoCatalogGenerator.Item it : clean) {
            styles.computeIfAbsent(it.truth().style(), k -> new ArrayList<>()).add(it);
            if (it.product().groupId() != null) {
                groups.computeIfAbsent(it.product().groupId(), k -> new ArrayList<>()).add(it);
            }
        }
        int grouped = 0;
        for (List<DemoCatalogGenerator.Item> group : groups.values()) {
            assertThat(group).hasSizeBetween(2, 4);
            grouped += group.size();
            DemoCatalogGenerator.Item first = group.get(0);
            Set<DemoColour> colours = new HashSet<>();
            for (DemoCatalogGenerator.Item it : group) {
                assertThat(it.product().brand()).isEqualTo(first.product().brand());
                assertThat(it.truth().withColour(first.truth().colour())).isEqualTo(first.truth());
                assertThat(it.product().price()).isEqualTo(first.product().price());
                assertThat(it.product().attribute("material")).isEqualTo(first.product().attribute("material"));
                assertThat(it.imageSeed()).isEqualTo(first.imageSeed());
                colours.add(it.truth().colour());
            }
            assertThat(colours).as("colours of group %s", first.product().groupId()).hasSize(group.size());
        }
        assertThat(grouped / 3000.0).as("share of products in colour-variant groups").isBetween(0.25, 0.42);
        // a style is either one ungrouped product or exactly one group
        for (List<DemoCatalogGenerator.Item> style : styles.values()) {
            String groupId = style.get(0).product().groupId();
            if (groupId == null) {
                assertThat(style).hasSize(1);
            } else {
                assertThat(groups.get(groupId)).isEqualTo(style);
            }
        }
    }

    @Test
    void titlesDescriptionsAndAttributesAgreeWithTheTruthWithoutNoise() {
        for (DemoCatalogGenerator.Item it : clean) {
            Product p = it.product();
            DemoTruth t = it.truth();
            assertThat(p.attributes().keySet()).containsExactlyElementsOf(DemoCatalogGenerator.ATTRIBUTES);
            assertThat(p.attribute("type")).isEqualTo(t.type().label());
            assertThat(p.attribute("colour")).isEqualTo(t.colour().label());
            assertThat(p.attribute("pattern")).isEqualTo(t.pattern().label());
            assertThat(p.attribute("gender")).isEqualTo(t.gender());
            assertThat(t.type().materials()).contains(p.attribute("material"));
            assertThat(DemoCatalogGenerator.SEASONS).contains(p.attribute("season"));

            String genderWord = switch (t.gender()) {
                case "women" -> "Women's";
                case "men" -> "Men's";
                default -> "Unisex";
            };
            String pattern = t.pattern() == DemoPattern.SOLID ? "" : t.pattern().adjective() + " ";
            assertThat(p.title()).isEqualTo(p.brand() + " " + genderWord + " " + t.colour().displayName() + " "
                    + pattern + t.type().displayName());
            assertThat(p.description()).startsWith(t.colour().displayName() + " ")
                    .contains(" " + t.type().label() + " in " + p.attribute("material") + ", ")
                    .endsWith(".");
            for (DemoColour other : DemoColour.values()) {
                if (other != t.colour()) {
                    assertThat(p.description().toLowerCase(java.util.Locale.ROOT)).as(p.id())
                            .doesNotContainPattern("\\b" + other.label() + "\\b");
                }
            }
            switch (t.pattern()) {
                case SOLID -> assertThat(p.description()).doesNotContain("striped", "polka-dot", "checked");
                case STRIPES -> assertThat(p.description()).contains("striped");
                case DOTS -> assertThat(p.description()).contains("polka-dot");
                case CHECKS -> assertThat(p.description()).contains("checked");
            }
        }
    }

    @Test
    void missingAndWrongRatesAreHonouredWhileTheTruthStaysIntact() {
        Options noisy = new Options(2000, 7, 128, 0.1, 0.2);
        List<DemoCatalogGenerator.Item> items = DemoCatalogGenerator.plan(noisy);
        List<DemoCatalogGenerator.Item> reference = DemoCatalogGenerator.plan(noisy.withMissingAttributeRate(0).withWrongAttributeRate(0));
        int missing = 0, wrong = 0;
        EnumMap<DemoType, Integer> typesSeen = new EnumMap<>(DemoType.class);
        Set<String> wrongAttributes = new HashSet<>();
        Set<String> missingAttributes = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Product p = items.get(i).product();
            Product ref = reference.get(i).product();
            DemoTruth t = items.get(i).truth();
            // the truth and everything but the attributes are independent of the noise
            assertThat(t).isEqualTo(reference.get(i).truth());
            assertThat(p.title()).isEqualTo(ref.title());
            assertThat(p.description()).isEqualTo(ref.description());
            assertThat(p.price()).isEqualTo(ref.price());
            assertThat(items.get(i).imageSeed()).isEqualTo(reference.get(i).imageSeed());
            typesSeen.merge(t.type(), 1, Integer::sum);

            if (p.attributes().size() < DemoCatalogGenerator.ATTRIBUTES.size()) {
                missing++;
                assertThat(p.attributes()).hasSize(DemoCatalogGenerator.ATTRIBUTES.size() - 1);
                DemoCatalogGenerator.ATTRIBUTES.stream().filter(a -> !p.attributes().containsKey(a)).forEach(missingAttributes::add);
            }
            Map<String, String> truthValues = Map.of("type", t.type().label(), "colour", t.colour().label(),
                    "pattern", t.pattern().label(), "gender", t.gender());
            int differing = 0;
            for (Map.Entry<String, String> e : truthValues.entrySet()) {
                String written = p.attribute(e.getKey());
                if (written != null && !written.equals(e.getValue())) {
                    differing++;
                    wrongAttributes.add(e.getKey());
                    assertThat(allowedValues(e.getKey())).contains(written);
                }
            }
            assertThat(differing).isLessThanOrEqualTo(1);
            wrong += differing;
            assertThat(p.attribute("material")).isIn(ref.attribute("material"), null);
            assertThat(p.attribute("season")).isIn(ref.attribute("season"), null);
        }
        assertThat(missing).isEqualTo(200);
        assertThat(wrong).isEqualTo(400);
        assertThat(wrongAttributes).containsExactlyInAnyOrder("type", "colour", "pattern", "gender");
        assertThat(missingAttributes).containsExactlyInAnyOrderElementsOf(DemoCatalogGenerator.ATTRIBUTES);

        List<DemoCatalogGenerator.Item> allWrong = DemoCatalogGenerator.plan(new Options(100, 7, 128, 0, 1));
        assertThat(allWrong).allSatisfy(it -> assertThat(List.of(it.product().attribute("type"), it.product().attribute("colour"),
                it.product().attribute("pattern"), it.product().attribute("gender")))
                .isNotEqualTo(List.of(it.truth().type().label(), it.truth().colour().label(), it.truth().pattern().label(),
                        it.truth().gender())));
    }

    private static List<String> allowedValues(String attribute) {
        return switch (attribute) {
            case "type" -> java.util.Arrays.stream(DemoType.values()).map(DemoType::label).toList();
            case "colour" -> java.util.Arrays.stream(DemoColour.values()).map(DemoColour::label).toList();
            case "pattern" -> java.util.Arrays.stream(DemoPattern.values()).map(DemoPattern::label).toList();
            default -> DemoTruth.GENDERS;
        };
    }

    @Test
    void publicInMemoryViewsMatchThePlan() {
        Options small = Options.DEFAULTS.withCount(300).withSeed(5);
        List<Product> products = GENERATOR.generateProducts(small);
        Map<String, DemoTruth> truth = GENERATOR.generateTruth(small);
        List<DemoCatalogGenerator.Item> plan = DemoCatalogGenerator.plan(small);
        assertThat(products).isEqualTo(plan.stream().map(DemoCatalogGenerator.Item::product).toList());
        assertThat(truth.keySet()).containsExactlyElementsOf(products.stream().map(Product::id).toList());
        assertThat(truth.values()).containsExactlyElementsOf(plan.stream().map(DemoCatalogGenerator.Item::truth).toList());
        assertThat(GENERATOR.generateProducts(small.withSeed(6))).isNotEqualTo(products);
    }

    @Test
    void writesTheJsonlSchemaAndOnePngPerProduct(@TempDir Path dir) throws IOException {
        Options options = Options.DEFAULTS.withCount(120).withSeed(3).withImageSize(64);
        DemoCatalog catalog = GENERATOR.generate(dir.resolve("out"), options);
        Path out = dir.resolve("out");
        assertThat(catalog.catalogFile()).isEqualTo(out.resolve("catalog.jsonl"));
        assertThat(catalog.products()).hasSize(120);
        assertThat(catalog.truth()).hasSize(120);
        assertThat(out.resolve("catalog.jsonl.tmp")).doesNotExist();

        List<String> lines = Files.readAllLines(catalog.catalogFile());
        assertThat(lines).hasSize(120);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode o = json.readTree(lines.get(i));
            Product p = catalog.products().get(i);
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            List<String> expected = new ArrayList<>(List.of("id", "title", "description", "brand", "category", "price",
                    "currency", "in_stock", "group_id", "images", "attributes"));
            if (p.groupId() == null) {
                expected.remove("group_id");
            } else {
                assertThat(o.get("group_id").asText()).isEqualTo(p.groupId());
            }
            assertThat(keys).isEqualTo(expected);
            assertThat(o.get("id").asText()).isEqualTo(p.id());
            assertThat(o.get("title").asText()).isEqualTo(p.title());
            assertThat(o.get("description").asText()).isEqualTo(p.description());
            assertThat(o.get("brand").asText()).isEqualTo(p.brand());
            List<String> category = new ArrayList<>();
            o.get("category").forEach(c -> category.add(c.asText()));
            assertThat(category).isEqualTo(p.categoryPath());
            assertThat(o.get("price").isNumber()).isTrue();
            assertThat(o.get("price").asDouble()).isEqualTo(p.price());
            assertThat(o.get("currency").asText()).isEqualTo("EUR");
            assertThat(o.get("in_stock").isBoolean()).isTrue();
            assertThat(o.get("in_stock").asBoolean()).isEqualTo(p.inStock());
            assertThat(o.get("images").size()).isEqualTo(1);
            assertThat(o.get("images").get(0).asText()).isEqualTo("images/" + p.id() + ".png");
            Map<String, String> attributes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : o.get("attributes").properties()) {
                assertThat(e.getValue().isTextual()).isTrue();
                attributes.put(e.getKey(), e.getValue().asText());
            }
            assertThat(attributes.keySet()).containsExactlyElementsOf(p.attributes().keySet());
            attributes.forEach((k, v) -> assertThat(p.attribute(k)).isEqualTo(v));

            Path image = out.resolve("images").resolve(p.id() + ".png").toAbsolutePath().normalize();
            assertThat(p.images()).hasSize(1);
            assertThat(p.images().get(0).uri()).isEqualTo(image.toUri());
            BufferedImage img = ImageIO.read(image.toFile());
            assertThat(img.getWidth()).isEqualTo(64);
            assertThat(img.getHeight()).isEqualTo(64);
        }
        // exactly round(5 % of 120) = 6 products lost an attribute, by default
        assertThat(catalog.products().stream().filter(p -> p.attributes().size() < 6).count()).isEqualTo(6);
        assertThat(catalog.products().stream().map(p -> p.toBuilder().images(List.of()).build()).toList())
                .isEqualTo(GENERATOR.generateProducts(options));
    }

    @Test
    void sameSeedWritesIdenticalFilesOnAnyNumberOfThreadsAndOtherSeedsDiffer(@TempDir Path dir) throws IOException {
        Options options = Options.DEFAULTS.withCount(150).withSeed(11).withImageSize(96).withWrongAttributeRate(0.1);
        DemoCatalog a = new DemoCatalogGenerator(1).generate(dir.resolve("a"), options);
        DemoCatalog b = new DemoCatalogGenerator(3).generate(dir.resolve("b"), options);
        DemoCatalog c = new DemoCatalogGenerator(2).generate(dir.resolve("c"), options.withSeed(12));

        assertThat(Files.readAllBytes(b.catalogFile())).isEqualTo(Files.readAllBytes(a.catalogFile()));
        assertThat(b.truth()).isEqualTo(a.truth());
        int differentImages = 0;
        for (Product p : a.products()) {
            byte[] pa = Files.readAllBytes(dir.resolve("a/images/" + p.id() + ".png"));
            byte[] pb = Files.readAllBytes(dir.resolve("b/images/" + p.id() + ".png"));
            byte[] pc = Files.readAllBytes(dir.resolve("c/images/" + p.id() + ".png"));
            assertThat(pb).as(p.id()).isEqualTo(pa);
            if (!java.util.Arrays.equals(pa, pc)) {
                differentImages++;
            }
        }
        assertThat(differentImages).isGreaterThan(140);
        assertThat(Files.readAllBytes(c.catalogFile())).isNotEqualTo(Files.readAllBytes(a.catalogFile()));
        assertThat(c.truth().values()).isNotEqualTo(a.truth().values());

        // the written pictures are exactly what renderImage draws in memory
        for (int i = 0; i < a.products().size(); i += 10) {
            Product p = a.products().get(i);
            BufferedImage file = ImageIO.read(dir.resolve("a/images/" + p.id() + ".png").toFile());
            BufferedImage memory = DemoCatalogGenerator.renderImage(a.truthOf(p.id()), options);
            for (int y = 0; y < 96; y++) {
                for (int x = 0; x < 96; x++) {
                    assertThat(file.getRGB(x, y) & 0xffffff).as("%s pixel %d,%d", p.id(), x, y)
                            .isEqualTo(memory.getRGB(x, y) & 0xffffff);
                }
            }
        }
    }

    @Test
    void publicRenderMethodsDrawTheTruth() {
        DemoTruth t = new DemoTruth(DemoType.HANDBAG, DemoColour.RED, DemoPattern.SOLID, "women", "style-00001");
        BufferedImage byDefault = DemoCatalogGenerator.render(t, 5);
        assertThat(byDefault.getWidth()).isEqualTo(128);
        assertThat(DemoCatalogGenerator.render(t, 5, 128).getRGB(0, 0, 128, 128, null, 0, 128))
                .isEqualTo(byDefault.getRGB(0, 0, 128, 128, null, 0, 128));
        assertThat(DemoCatalogGenerator.render(t, 5, 64).getWidth()).isEqualTo(64);
        BufferedImage forOptions = DemoCatalogGenerator.renderImage(t, Options.DEFAULTS.withImageSize(80));
        assertThat(forOptions.getWidth()).isEqualTo(80);
        double[] mean = ImageStats.meanColour(forOptions, ImageStats.mask(forOptions));
        assertThat(mean[0]).isGreaterThan(mean[1] + 60);
        assertThatThrownBy(() -> DemoCatalogGenerator.render(t, 5, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
        assertThatThrownBy(() -> DemoCatalogGenerator.renderImage(null, Options.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void colourVariantsShareTheirDrawing() {
        Options options = Options.DEFAULTS;
        Map<String, List<DemoCatalogGenerator.Item>> groups = clean.stream().filter(it -> it.product().groupId() != null)
                .collect(Collectors.groupingBy(it -> it.product().groupId(), LinkedHashMap::new, Collectors.toList()));
        int checked = 0;
        for (List<DemoCatalogGenerator.Item> group : groups.values()) {
            if (checked++ == 20) {
                break;
            }
            boolean[] first = ImageStats.mask(DemoCatalogGenerator.renderImage(group.get(0).truth(), options));
            for (DemoCatalogGenerator.Item it : group.subList(1, group.size())) {
                boolean[] other = ImageStats.mask(DemoCatalogGenerator.renderImage(it.truth(), options));
                assertThat(ImageStats.iou(first, other)).as(it.product().id()).isGreaterThan(0.95);
            }
        }
    }

    @Test
    void valueTypesValidateAndCopy() {
        assertThatThrownBy(() -> new DemoTruth(DemoType.CAP, DemoColour.RED, DemoPattern.SOLID, "kids", "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kids");
        assertThatThrownBy(() -> new DemoTruth(DemoType.CAP, DemoColour.RED, DemoPattern.SOLID, "men", " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DemoTruth(null, DemoColour.RED, DemoPattern.SOLID, "men", "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DemoType.fromLabel("T-shirt")).isEqualTo(DemoType.T_SHIRT);
        assertThat(DemoColour.fromLabel(" navy ")).isEqualTo(DemoColour.NAVY);
        assertThat(DemoPattern.fromLabel("checks")).isEqualTo(DemoPattern.CHECKS);
        assertThatThrownBy(() -> DemoColour.fromLabel("teal")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("teal");
        assertThat(DemoType.values()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(DemoColour.values()).hasSizeGreaterThanOrEqualTo(10);

        List<Product> products = new ArrayList<>(GENERATOR.generateProducts(Options.DEFAULTS.withCount(3)));
        Map<String, DemoTruth> truth = new HashMap<>(GENERATOR.generateTruth(Options.DEFAULTS.withCount(3)));
        DemoCatalog catalog = new DemoCatalog(Path.of("catalog.jsonl"), products, truth);
        products.clear();
        truth.clear();
        assertThat(catalog.products()).hasSize(3);
        assertThat(catalog.truth()).hasSize(3);
        assertThatThrownBy(() -> catalog.products().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> catalog.truthOf("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> new DemoCatalog(Path.of("c"), GENERATOR.generateProducts(Options.DEFAULTS.withCount(2)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("demo-00001");
    }
}
