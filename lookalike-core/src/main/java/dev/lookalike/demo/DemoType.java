package dev.lookalike.demo;

import java.util.List;

/**
 * The kind of item a demo product is. Each type has its own silhouette, category path, price range and
 * plausible genders, materials and seasons.
 */
public enum DemoType {
    T_SHIRT("T-Shirt", List.of("Apparel", "Topwear", "T-Shirts"), 9, 35,
            new double[] {0.40, 0.38, 0.22}, List.of("cotton", "organic cotton", "cotton jersey", "linen blend"),
            new double[] {0.55, 0.10, 0.35},
            List.of("perfect for everyday wear", "ideal for weekend trips", "ready for sport and leisure"),
            List.of("Relaxed fit with a ribbed crew neck.", "Short sleeves and a straight hem.",
                    "Pre-washed for a soft, lived-in feel.")),
    SHIRT("Shirt", List.of("Apparel", "Topwear", "Shirts"), 25, 80,
            new double[] {0.35, 0.60, 0.05}, List.of("cotton poplin", "linen", "oxford cotton", "chambray"),
            new double[] {0.40, 0.25, 0.35},
            List.of("made for the office", "perfect for everyday wear", "great for evenings out"),
            List.of("Classic collar, full button placket and long sleeves.", "Regular fit with buttoned cuffs.",
                    "A curved shirt-tail hem that works tucked or untucked.")),
    DRESS("Dress", List.of("Apparel", "Dress", "Dresses"), 35, 140,
            new double[] {1.00, 0.00, 0.00}, List.of("viscose", "cotton", "linen", "silk", "crepe"),
            new double[] {0.60, 0.20, 0.20},
            List.of("great for evenings out", "perfect for summer days", "made for the office"),
            List.of("Fitted bodice with a softly flared skirt.", "Sleeveless with a scooped neckline.",
                    "Falls just below the knee.")),
    SKIRT("Skirt", List.of("Apparel", "Bottomwear", "Skirts"), 25, 90,
            new double[] {1.00, 0.00, 0.00}, List.of("cotton", "viscose", "wool blend", "denim"),
            new double[] {0.50, 0.30, 0.20},
            List.of("made for the office", "perfect for everyday wear", "great for evenings out"),
            List.of("A-line cut with a flat waistband.", "Pleated from the waist for easy movement.",
                    "Hidden side zip.")),
    TROUSERS("Trousers", List.of("Apparel", "Bottomwear", "Trousers"), 30, 110,
            new double[] {0.40, 0.55, 0.05}, List.of("cotton twill", "wool blend", "linen", "corduroy"),
            new double[] {0.25, 0.40, 0.35},
            List.of("made for the office", "perfect for everyday wear", "built for travel"),
            List.of("Straight leg with a mid-rise waist.", "Zip fly and slanted front pockets.",
                    "Pressed creases for a sharp look.")),
    SHORTS("Shorts", List.of("Apparel", "Bottomwear", "Shorts"), 15, 55,
            new double[] {0.35, 0.45, 0.20}, List.of("cotton twill", "linen", "nylon", "denim"),
            new double[] {0.85, 0.00, 0.15},
            List.of("perfect for summer days", "ready for sport and leisure", "ideal for weekend trips"),
            List.of("Above-the-knee length with turned-up hems.", "Elasticated back waist for comfort.",
                    "Deep side pockets.")),
    SNEAKERS("Sneakers", List.of("Footwear", "Shoes", "Sneakers"), 45, 150,
            new double[] {0.30, 0.30, 0.40}, List.of("canvas", "leather", "knit mesh", "suede"),
            new double[] {0.30, 0.15, 0.55},
            List.of("perfect for everyday wear", "ready for sport and leisure", "built for travel"),
            List.of("Low-top lace-up with a cushioned rubber sole.", "Padded collar and a grippy outsole.",
                    "Lightweight and flexible from the first step.")),
    BOOTS("Boots", List.of("Footwear", "Shoes", "Boots"), 70, 230,
            new double[] {0.50, 0.45, 0.05}, List.of("leather", "suede", "waxed leather"),
            new double[] {0.05, 0.80, 0.15},
            List.of("built for wet city days", "perfect for everyday wear", "ideal for weekend trips"),
            List.of("Ankle height with elastic side panels.", "Stacked heel and a rubber lug sole.",
                    "Pull tab at the back for easy on and off.")),
    HANDBAG("Handbag", List.of("Accessories", "Bags", "Handbags"), 40, 260,
            new double[] {0.95, 0.00, 0.05}, List.of("leather", "faux leather", "canvas", "suede"),
            new double[] {0.25, 0.20, 0.55},
            List.of("made for the office", "great for evenings out", "perfect for everyday wear"),
            List.of("Top handle and a flap with a metal clasp.", "Roomy main compartment with an inner pocket.",
                    "Structured shape that stands on its own.")),
    BACKPACK("Backpack", List.of("Accessories", "Bags", "Backpacks"), 30, 140,
            new double[] {0.10, 0.10, 0.80}, List.of("nylon", "canvas", "recycled polyester"),
            new double[] {0.10, 0.10, 0.80},
            List.of("built for travel", "perfect for everyday wear", "ready for sport and leisure"),
            List.of("Padded laptop sleeve and a zipped front pocket.", "Adjustable shoulder straps.",
                    "Water-repellent finish.")),
    CAP("Cap", List.of("Accessories", "Headwear", "Caps"), 12, 40,
            new double[] {0.10, 0.20, 0.70}, List.of("cotton twill", "wool blend", "recycled polyester"),
            new double[] {0.60, 0.10, 0.30},
            List.of("ready for sport and leisure", "perfect for summer days", "ideal for weekend trips"),
            List.of("Six-panel crown with a curved brim.", "Adjustable strap at the back.",
                    "Embroidered eyelets for airflow.")),
    SOCKS("Socks", List.of("Accessories", "Socks", "Socks"), 5, 20,
            new double[] {0.20, 0.20, 0.60}, List.of("cotton blend", "merino wool", "bamboo blend"),
            new double[] {0.20, 0.40, 0.40},
            List.of("perfect for everyday wear", "ready for sport and leisure", "made for the office"),
            List.of("Ribbed cuff that stays up.", "Reinforced heel and toe.", "Seamless toe for comfort."));

    private final String displayName;
    private final List<String> categoryPath;
    private final double minPrice;
    private final double maxPrice;
    private final double[] genderWeights;
    private final List<String> materials;
    private final double[] seasonWeights;
    private final List<String> occasions;
    private final List<String> features;

    DemoType(String displayName, List<String> categoryPath, double minPrice, double maxPrice, double[] genderWeights,
             List<String> materials, double[] seasonWeights, List<String> occasions, List<String> features) {
        this.displayName = displayName;
        this.categoryPath = categoryPath;
        this.minPrice = minPrice;
        this.maxPrice = maxPrice;
        this.genderWeights = genderWeights;
        this.materials = materials;
        this.seasonWeights = seasonWeights;
        this.occasions = occasions;
        this.features = features;
    }

    /** The attribute value written to the catalog, e.g. {@code t-shirt}; also the noun used in descriptions. */
    public String label() {
        return displayName.toLowerCase(java.util.Locale.ROOT);
    }

    /** The words used in titles, e.g. {@code T-Shirt}. */
    public String displayName() {
        return displayName;
    }

    /** Category from the root down, e.g. {@code [Footwear, Shoes, Sneakers]}. */
    public List<String> categoryPath() {
        return categoryPath;
    }

    double minPrice() {
        return minPrice;
    }

    double maxPrice() {
        return maxPrice;
    }

    /** Relative weights for women, men, unisex, in {@link DemoTruth#GENDERS} order. */
    double genderWeight(int genderIndex) {
        return genderWeights[genderIndex];
    }

    List<String> materials() {
        return materials;
    }

    /** Relative weights for {@code spring-summer, autumn-winter, all-season}. */
    double seasonWeight(int seasonIndex) {
        return seasonWeights[seasonIndex];
    }

    List<String> occasions() {
        return occasions;
    }

    List<String> features() {
        return features;
    }

    /**
     * The type whose {@link #label()} is {@code label} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static DemoType fromLabel(String label) {
        for (DemoType t : values()) {
            if (t.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown demo type '" + label + "', expected one of "
                + java.util.Arrays.stream(values()).map(DemoType::label).toList());
    }

    @Override
    public String toString() {
        return label();
    }
}
