package dev.lookalike.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.TexturePaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one demo product with Java2D: the type's silhouette on a white background, centred and filling about
 * 72–84 % of the frame, in the product colour (jittered by a few levels), with its pattern in a contrasting
 * colour, a soft diagonal shading and a darker outline. Everything variable comes from the seed, so one
 * (truth, seed, size) always gives the same pixels. Thread-safe (stateless).
 */
final class DemoRenderer {

    static final int MIN_SIZE = 32;
    static final int MAX_SIZE = 2048;

    /** Pattern colours, picked so they contrast with the main colour. */
    private static final List<DemoColour> ACCENTS = List.of(DemoColour.WHITE, DemoColour.BEIGE, DemoColour.YELLOW,
            DemoColour.NAVY, DemoColour.BLACK, DemoColour.RED);
    private static final double MIN_ACCENT_CONTRAST = 80;

    private static final Color SOLE_LIGHT = new Color(238, 236, 230);
    private static final Color SOLE_DARK = new Color(58, 56, 54);
    private static final Color BRASS = new Color(206, 168, 78);

    private DemoRenderer() {
    }

    static BufferedImage render(DemoTruth truth, long seed, int size) {
        if (truth == null) {
            throw new IllegalArgumentException("truth must be non-null");
        }
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("image size must be in [" + MIN_SIZE + ", " + MAX_SIZE + "], got " + size);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        Silhouettes.Figure figure = Silhouettes.draw(truth.type(), rnd);

        // placement: scale the figure's longer side to 72-84 % of the frame, nudge the centre by up to 3 %
        Rectangle2D b = figure.bounds();
        double fill = 0.72 + 0.12 * rnd.nextDouble();
        double scale = fill * size / Math.max(b.getWidth(), b.getHeight());
        double dx = (rnd.nextDouble() - 0.5) * 0.06 * size;
        double dy = (rnd.nextDouble() - 0.5) * 0.06 * size;
        AffineTransform at = new AffineTransform();
        at.translate(size / 2.0 + dx, size / 2.0 + dy);
        at.scale(scale, scale);
        at.translate(-b.getCenterX(), -b.getCenterY());

        Color base = jitter(truth.colour(), rnd);
        Color accent = accentFor(truth.colour(), rnd);
        java.awt.Paint fabric = fabric(truth, base, accent, rnd, size);
        Rectangle2D pixelBounds = at.createTransformedShape(b).getBounds2D();
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, size, size);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            float outline = Math.max(1f, size / 96f);
            BasicStroke outlineStroke = new BasicStroke(outline, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            BasicStroke seamStroke = new BasicStroke(Math.max(0.6f, size / 170f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            BasicStroke laceStroke = new BasicStroke(Math.max(1f, size / 90f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            for (Silhouettes.Layer layer : figure.layers()) {
                Shape s = at.createTransformedShape(layer.shape());
                switch (layer.role()) {
                    case FABRIC -> {
                        g.setPaint(fabric);
                        g.fill(s);
                        outline(g, s, outlineColour(base), outlineStroke);
                    }
                    case TRIM -> {
                        Color trim = mix(base, truth.colour() == DemoColour.BLACK ? Color.WHITE : Color.BLACK, 0.16);
                        g.setColor(trim);
                        g.fill(s);
                        outline(g, s, outlineColour(base), outlineStroke);
                    }
                    case LIGHT -> {
                        g.setColor(SOLE_LIGHT);
                        g.fill(s);
                        outline(g, s, outlineColour(SOLE_LIGHT), outlineStroke);
                    }
                    case DARK -> {
                        g.setColor(SOLE_DARK);
                        g.fill(s);
                        outline(g, s, outlineColour(SOLE_DARK), outlineStroke);
                    }
                    case METAL -> {
                        g.setColor(BRASS);
                        g.fill(s);
                        outline(g, s, outlineColour(BRASS), outlineStroke);
                    }
                    case SEAM -> outline(g, s, seamColour(base), seamStroke);
                    case LACE -> outline(g, s, luma(base) < 140 ? SOLE_LIGHT : SOLE_DARK, laceStroke);
                }
            }
        } finally {
            g.dispose();
        }
        shade(img, pixelBounds);
        return img;
    }

    /**
     * Soft light from the upper left: along the figure's diagonal, drawn pixels are lightened by up to 18 % towards
     * white at the start, untouched at 45 %, and darkened by up to 18 % at the end. Pure white (the background)
     * is left alone. A pass over the pixels instead of one more antialiased fill per layer.
     */
    private static void shade(BufferedImage img, Rectangle2D figure) {
        int w = img.getWidth(), h = img.getHeight();
        int[] px = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
        double x0 = figure.getMinX(), y0 = figure.getMinY(), dx = figure.getWidth(), dy = figure.getHeight();
        double norm = dx * dx + dy * dy;
        double strength = 0.18, mid = 0.45;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int p = px[i] & 0xffffff;
                if (p == 0xffffff) {
                    continue;
                }
                double t = Math.clamp(((x + 0.5 - x0) * dx + (y + 0.5 - y0) * dy) / norm, 0.0, 1.0);
                int r = (p >> 16) & 0xff, gr = (p >> 8) & 0xff, bl = p & 0xff;
                if (t < mid) {
                    double a = strength * (1 - t / mid);
                    r += (int) ((255 - r) * a);
                    gr += (int) ((255 - gr) * a);
                    bl += (int) ((255 - bl) * a);
                } else {
                    double a = 1 - strength * (t - mid) / (1 - mid);
                    r = (int) (r * a);
                    gr = (int) (gr * a);
                    bl = (int) (bl * a);
                }
                px[i] = (r << 16) | (gr << 8) | bl;
            }
        }
    }

    private static void outline(Graphics2D g, Shape s, Color c, BasicStroke stroke) {
        g.setColor(c);
        g.setStroke(stroke);
        g.draw(s);
    }

    /** The main colour moved by up to ±7 levels per channel; white stays at most 248 so it never melts into the background. */
    static Color jitter(DemoColour colour, SplittableRandom rnd) {
        Color c = colour.rgb();
        int max = colour == DemoColour.WHITE ? 248 : 255;
        return new Color(clamp(c.getRed() + rnd.nextInt(-7, 8), max), clamp(c.getGreen() + rnd.nextInt(-7, 8), max),
                clamp(c.getBlue() + rnd.nextInt(-7, 8), max));
    }

    /** A pattern colour that contrasts with {@code colour}; always consumes one random draw. */
    static Color accentFor(DemoColour colour, SplittableRandom rnd) {
        List<DemoColour> candidates = ACCENTS.stream()
                .filter(a -> a != colour && Math.abs(a.luma() - colour.luma()) >= MIN_ACCENT_CONTRAST)
                .toList();
        int pick = rnd.nextInt(candidates.size());
        return candidates.get(pick).rgb();
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    static double luma(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    }

    static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static Color outlineColour(Color fill) {
        return luma(fill) > 200 ? mix(fill, Color.BLACK, 0.42) : mix(fill, Color.BLACK, 0.5);
    }

    private static Color seamColour(Color base) {
        Color c = luma(base) < 60 ? mix(base, Color.WHITE, 0.3) : mix(base, Color.BLACK, 0.32);
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 190);
    }

    /**
     * The fabric's paint: the main colour, or for a pattern a {@link TexturePaint} whose tile holds the main colour
     * with the pattern in the accent colour. The tile is anchored to the frame, not to a shape, so collars and
     * pockets continue the body's pattern.
     */
    static java.awt.Paint fabric(DemoTruth truth, Color base, Color accent, SplittableRandom rnd, int size) {
        // always draw the same number of values so the pattern never shifts the rest of the stream
        double p = rnd.nextDouble();
        double w = rnd.nextDouble();
        double phaseX = rnd.nextDouble();
        double phaseY = rnd.nextDouble();
        boolean vertical = truth.type() == DemoType.SHIRT || truth.type() == DemoType.TROUSERS;
        int period = switch (truth.pattern()) {
            case SOLID -> 0;
            case STRIPES -> (int) Math.round(size * (0.065 + 0.035 * p));
            case DOTS -> (int) Math.round(size * (0.075 + 0.03 * p));
            case CHECKS -> (int) Math.round(size * (0.08 + 0.04 * p));
        };
        if (period == 0) {
            return base;
        }
        period = Math.max(period, 4);
        int tileW = period;
        int tileH = truth.pattern() == DemoPattern.DOTS ? 2 * (int) Math.round(period * 0.87) : period;
        BufferedImage tile = new BufferedImage(tileW, tileH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tile.createGraphics();
        try {
            g.setColor(base);
            g.fillRect(0, 0, tileW, tileH);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            switch (truth.pattern()) {
                case STRIPES -> {
                    double width = period * (0.33 + 0.15 * w);
                    g.setColor(accent);
                    g.fill(vertical ? new Rectangle2D.Double(0, 0, width, tileH) : new Rectangle2D.Double(0, 0, tileW, width));
                }
                case DOTS -> {
                    double r = period * (0.2 + 0.07 * w);
                    double row = tileH / 2.0;
                    g.setColor(accent);
                    // one dot in the middle of the upper row, one split over the tile's side edges in the lower row
                    g.fill(new Ellipse2D.Double(tileW / 2.0 - r, row / 2 - r, 2 * r, 2 * r));
                    g.fill(new Ellipse2D.Double(-r, 1.5 * row - r, 2 * r, 2 * r));
                    g.fill(new Ellipse2D.Double(tileW - r, 1.5 * row - r, 2 * r, 2 * r));
                }
                case CHECKS -> {
                    double band = period * 0.5;
                    g.setColor(new Color(accent.getRed(), accent.getGreen(), accent.getBlue(), 130));
                    g.fill(new Rectangle2D.Double(0, 0, tileW, band));
                    g.fill(new Rectangle2D.Double(0, 0, band, tileH));
                }
                default -> throw new IllegalStateException("no tile for " + truth.pattern());
            }
        } finally {
            g.dispose();
        }
        return new TexturePaint(tile, new Rectangle2D.Double(phaseX * tileW, phaseY * tileH, tileW, tileH));
    }
}
