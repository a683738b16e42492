package dev.lookalike.demo;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An invented brand: a price level and the types it mostly sells (it sells the others too, rarely).
 *
 * @param name       shown in titles and the {@code brand} field
 * @param premium    price multiplier, 1 = middle of the type's range
 * @param favourites types this brand is known for
 */
record Brand(String name, double premium, Set<DemoType> favourites) {

    /** How much likelier a brand is to make one of its favourite types than any other type. */
    static final double FAVOURITE_WEIGHT = 10.0;

    Brand {
        favourites = Set.copyOf(favourites);
    }

    static final List<Brand> ALL = List.of(
            new Brand("Northwind", 1.10, EnumSet.of(DemoType.BOOTS, DemoType.BACKPACK, DemoType.CAP, DemoType.TROUSERS)),
            new Brand("Maison Lune", 1.60, EnumSet.of(DemoType.DRESS, DemoType.SKIRT, DemoType.HANDBAG)),
            new Brand("Urban Thread", 0.85, EnumSet.of(DemoType.T_SHIRT, DemoType.SHIRT, DemoType.SHORTS, DemoType.SNEAKERS)),
            new Brand("Kestrel & Co", 1.30, EnumSet.of(DemoType.SHIRT, DemoType.TROUSERS, DemoType.BOOTS)),
            new Brand("Pebble Basics", 0.65, EnumSet.of(DemoType.T_SHIRT, DemoType.SOCKS, DemoType.SHORTS)),
            new Brand("Solstice", 1.00, EnumSet.of(DemoType.DRESS, DemoType.SKIRT, DemoType.SHORTS, DemoType.T_SHIRT)),
            new Brand("Ironbark", 1.20, EnumSet.of(DemoType.BOOTS, DemoType.BACKPACK, DemoType.TROUSERS)),
            new Brand("Velora", 1.85, EnumSet.of(DemoType.HANDBAG, DemoType.DRESS, DemoType.BOOTS)),
            new Brand("Stride Lab", 1.00, EnumSet.of(DemoType.SNEAKERS, DemoType.SOCKS, DemoType.CAP, DemoType.SHORTS)),
            new Brand("Harbour Lane", 1.15, EnumSet.of(DemoType.SHIRT, DemoType.TROUSERS, DemoType.HANDBAG, DemoType.CAP)),
            new Brand("Tallow", 0.95, EnumSet.of(DemoType.BACKPACK, DemoType.HANDBAG, DemoType.CAP)),
            new Brand("Fenwick Row", 1.40, EnumSet.of(DemoType.SHIRT, DemoType.DRESS, DemoType.SKIRT)));

    double weightFor(DemoType type) {
        return favourites.contains(type) ? FAVOURITE_WEIGHT : 1.0;
    }

    /** A brand for {@code type}, favouring the brands that specialise in it. */
    static Brand pick(DemoType type, SplittableRandom rnd) {
        double total = 0;
        for (Brand b : ALL) {
            total += b.weightFor(type);
        }
        double x = rnd.nextDouble() * total;
        for (Brand b : ALL) {
            x -= b.weightFor(type);
            if (x < 0) {
                return b;
            }
        }
        return ALL.get(ALL.size() - 1);
    }
}
