package dev.lookalike.demo;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Vector drawings of the demo item types in a design space of roughly 100 x 100 units (y down). Every drawing
 * takes its proportions from the given random source, so two drawings of one type are alike but not identical.
 * Stateless; the caller scales and centres the result.
 */
final class Silhouettes {

    /** How a layer is painted. */
    enum Role {
        /** Main colour with the pattern, shaded and outlined. */
        FABRIC,
        /** Main colour a little darker, no pattern (waistbands, cuffs, handles, pockets). */
        TRIM,
        /** Off-white (soles, buttons on dark fabric). */
        LIGHT,
        /** Dark rubber (boot soles). */
        DARK,
        /** Brass (clasps, zip pulls). */
        METAL,
        /** A thin seam line in a darker shade of the main colour; stroked, never filled. */
        SEAM,
        /** Laces or a placket stripe in a colour contrasting with the main one; stroked. */
        LACE
    }

    record Layer(Shape shape, Role role) {
        boolean filled() {
            return role != Role.SEAM && role != Role.LACE;
        }
    }

    /** Layers in painting order (back to front). */
    record Figure(List<Layer> layers) {
        Figure {
            layers = List.copyOf(layers);
        }

        /** Bounds of the filled layers, in design units. */
        Rectangle2D bounds() {
            Rectangle2D r = null;
            for (Layer l : layers) {
                if (l.filled()) {
                    Rectangle2D b = l.shape().getBounds2D();
                    if (r == null) {
                        r = b;
                    } else {
                        r.add(b);
                    }
                }
            }
            return r;
        }
    }

    private Silhouettes() {
    }

    static Figure draw(DemoType type, SplittableRandom rnd) {
        Drawing d = new Drawing(rnd);
        switch (type) {
            case T_SHIRT -> tShirt(d);
            case SHIRT -> shirt(d);
            case DRESS -> dress(d);
            case SKIRT -> skirt(d);
            case TROUSERS -> trousers(d);
            case SHORTS -> shorts(d);
            case SNEAKERS -> sneakers(d);
            case BOOTS -> boots(d);
            case HANDBAG -> handbag(d);
            case BACKPACK -> backpack(d);
            case CAP -> cap(d);
            case SOCKS -> socks(d);
        }
        return new Figure(d.layers);
    }

    private static final double CX = 50;

    private static void tShirt(Drawing d) {
        double bw = d.u(22, 27), len = d.u(78, 90), sl = d.u(15, 21), nw = d.u(8, 11), nd = d.u(5, 9);
        double flare = d.u(0, 3), top = 10, sh = top + 3;
        double ox = bw + 2 + sl * 0.9, oy = sh + sl * 0.75;
        Sym s = new Sym(0, top + nd)
                .quad(nw * 0.7, top + nd, nw, top)
                .line(bw + 2, sh)
                .line(ox, oy)
                .line(ox - 7, oy + 9)
                .line(bw, sh + 22)
                .line(bw + flare, top + len)
                .quad(bw * 0.5, top + len + 1.5, 0, top + len + 1.5);
        d.add(s.path(), Role.FABRIC);
        // ribbed neckline, sleeve hems and bottom hem
        d.add(new QuadCurve2D.Double(CX - nw - 1, top + 1.2, CX, top + 2 * nd + 5, CX + nw + 1, top + 1.2), Role.SEAM);
        double dx = 7, dy = 9, k = 3.0 / Math.hypot(sl * 0.9, sl * 0.75);
        double ix = sl * 0.9 * k, iy = sl * 0.75 * k;
        d.add(new Line2D.Double(CX + ox - ix, oy - iy, CX + ox - dx - ix, oy + dy - iy), Role.SEAM);
        d.add(new Line2D.Double(CX - ox + ix, oy - iy, CX - ox + dx + ix, oy + dy - iy), Role.SEAM);
        d.add(new Line2D.Double(CX - bw - flare * 0.9, top + len - 3, CX + bw + flare * 0.9, top + len - 3), Role.SEAM);
    }

    private static void shirt(Drawing d) {
        double bw = d.u(20, 24), len = d.u(80, 90), sw = d.u(16, 22), nw = d.u(6.5, 8.5), top = 10;
        double cuffY = top + len - d.u(10, 16);
        Sym s = new Sym(0, top + 6)
                .quad(nw * 0.6, top + 6, nw, top)
                .line(bw + 1, top + 3)
                .line(bw + 1 + sw, cuffY)
                .line(bw + 1 + sw - 9, cuffY + 3)
                .line(bw + 1, top + 24)
                .line(bw, top + len - 5)
                .quad(bw * 0.8, top + len + 3, 0, top + len + 3);
        d.add(s.path(), Role.FABRIC);
        // cuffs
        double cx1 = bw + 1 + sw, cx2 = bw + 1 + sw - 9;
        double ux = (cx1 - (bw + 1)) / (cuffY - top - 3), cuffLen = 6;
        for (int side : new int[] {1, -1}) {
            d.add(new Line2D.Double(CX + side * (cx1 - ux * cuffLen), cuffY - cuffLen,
                    CX + side * (cx2 - ux * cuffLen * 0.4), cuffY + 3 - cuffLen), Role.SEAM);
        }
        // chest pocket
        d.add(new Rectangle2D.Double(CX - bw * 0.75, top + 22, 8, 9), Role.SEAM);
        // placket and buttons
        d.add(new Line2D.Double(CX + 1.5, top + 10, CX + 1.5, top + len + 2), Role.SEAM);
        for (double y = top + 18; y < top + len - 3; y += 11) {
            d.add(new Ellipse2D.Double(CX - 1.4, y - 1.4, 2.8, 2.8), Role.LIGHT);
        }
        // collar band behind, then the two collar points
        d.add(new Rectangle2D.Double(CX - nw - 1, top - 3.5, 2 * nw + 2, 5), Role.TRIM);
        for (int side : new int[] {1, -1}) {
            Path2D p = new Path2D.Double();
            p.moveTo(CX + side * (nw + 1.5), top - 2);
            p.lineTo(CX + side * 0.5, top + 6.5);
            p.lineTo(CX + side * 3.5, top + 16);
            p.lineTo(CX + side * (nw + 5), top + 9);
            p.closePath();
            d.add(p, Role.FABRIC);
        }
    }

    private static void dress(Drawing d) {
        double top = 4, nw = d.u(6, 9), nd = d.u(6, 11), bw = d.u(12, 15), wy = d.u(34, 42), hw = d.u(28, 40);
        double hem = d.u(93, 97);
        Sym s = new Sym(0, top + nd)
                .quad(nw * 0.8, top + nd, nw, top)
                .line(nw + 3.5, top)
                .quad(bw - 1, top + 10, bw + 2, top + 20)
                .line(bw - 1.5, wy)
                .quad(bw + (hw - bw) * 0.25, wy + (hem - wy) * 0.45, hw, hem)
                .quad(hw * 0.5, hem + 3, 0, hem + 3);
        d.add(s.path(), Role.FABRIC);
        if (d.rnd.nextBoolean()) {
            d.add(new Rectangle2D.Double(CX - bw + 1.2, wy - 2.5, 2 * bw - 2.4, 5), Role.TRIM);
        } else {
            d.add(new Line2D.Double(CX - bw + 1.5, wy, CX + bw - 1.5, wy), Role.SEAM);
        }
        for (int side : new int[] {1, -1}) {
            d.add(new QuadCurve2D.Double(CX + side * bw * 0.45, wy + 5, CX + side * hw * 0.3, wy + 25,
                    CX + side * hw * 0.55, hem - 2), Role.SEAM);
        }
    }

    private static void skirt(Drawing d) {
        double top = 10, ww = d.u(17, 21), hw = d.u(33, 42), len = d.u(55, 70);
        Sym s = new Sym(0, top)
                .line(ww, top)
                .quad(ww + (hw - ww) * 0.3, top + len * 0.45, hw, top + len)
                .quad(hw * 0.5, top + len + 3, 0, top + len + 3);
        d.add(s.path(), Role.FABRIC);
        d.add(new Rectangle2D.Double(CX - ww - 0.3, top, 2 * ww + 0.6, 6), Role.TRIM);
        int pleats = 2 + d.rnd.nextInt(2);
        for (int i = 1; i <= pleats; i++) {
            double f = i / (pleats + 1.0);
            for (int side : new int[] {1, -1}) {
                d.add(new Line2D.Double(CX + side * ww * f, top + 7, CX + side * hw * f, top + len + 1), Role.SEAM);
            }
        }
    }

    private static void trousers(Drawing d) {
        double top = 4, ww = d.u(19, 23), lo = d.u(0, 4), lw = d.u(16, 20), cy = d.u(32, 38), len = d.u(88, 94);
        Sym s = new Sym(0, top)
                .line(ww, top)
                .line(ww + lo, top + len)
                .line(ww + lo - lw, top + len + 0.5)
                .line(0, cy);
        d.add(s.path(), Role.FABRIC);
        d.add(new Rectangle2D.Double(CX - ww, top, 2 * ww, 6), Role.TRIM);
        d.add(new QuadCurve2D.Double(CX + 3, top + 6, CX + 3, cy - 2, CX, cy - 1), Role.SEAM);
        for (int side : new int[] {1, -1}) {
            d.add(new Line2D.Double(CX + side * (ww - 8), top + 6, CX + side * (ww + 0.3), top + 19), Role.SEAM);
            double mid = ww + lo - lw / 2;
            d.add(new Line2D.Double(CX + side * (ww * 0.55), top + 12, CX + side * mid, top + len - 1), Role.SEAM);
        }
    }

    private static void shorts(Drawing d) {
        double top = 8, ww = d.u(20, 24), lo = d.u(4, 8), len = d.u(40, 50), lw = d.u(20, 24);
        Sym s = new Sym(0, top)
                .line(ww, top)
                .line(ww + lo, top + len)
                .line(ww + lo - lw, top + len + 2)
                .line(0, top + len * 0.62);
        d.add(s.path(), Role.FABRIC);
        d.add(new Rectangle2D.Double(CX - ww, top, 2 * ww, 6), Role.TRIM);
        d.add(new QuadCurve2D.Double(CX + 3, top + 6, CX + 3, top + len * 0.5, CX, top + len * 0.55), Role.SEAM);
        for (int side : new int[] {1, -1}) {
            // turned-up hem
            d.add(new Line2D.Double(CX + side * (ww + lo * 0.88), top + len - 5.5,
                    CX + side * (ww + lo * 0.88 - lw), top + len - 3.7), Role.SEAM);
            d.add(new Line2D.Double(CX + side * (ww - 8), top + 6, CX + side * (ww + 1), top + 18), Role.SEAM);
        }
    }

    private static void sneakers(Drawing d) {
        double ht = d.u(36, 44), tt = d.u(56, 62), toe = d.u(94, 98), heel = d.u(4, 8), tongue = d.u(40, 46);
        Path2D up = new Path2D.Double();
        up.moveTo(heel + 2, 82);
        up.lineTo(heel, ht + 14);
        up.quadTo(heel, ht, heel + 10, ht);
        up.quadTo(heel + 19, ht + 9, tongue - 7, ht + 4);   // ankle opening
        up.lineTo(tongue - 3, ht - 7);                        // tongue
        up.quadTo(tongue + 2, ht - 10, tongue + 6, ht - 5);
        up.lineTo(76, tt - 1);                                // lacing down the instep
        up.quadTo(toe - 1, tt + 1, toe, 76);                  // toe box
        up.lineTo(toe - 1, 82);
        up.closePath();
        d.add(up, Role.FABRIC);
        double soleH = d.u(9, 12);
        Path2D sole = new Path2D.Double();                    // flat heel, toe spring at the front
        sole.moveTo(heel - 2, 80);
        sole.lineTo(toe - 6, 80);
        sole.quadTo(toe + 3, 79, toe + 2, 74);
        sole.quadTo(toe + 4, 80 + soleH, toe - 8, 80 + soleH);
        sole.lineTo(heel + 2, 80 + soleH);
        sole.quadTo(heel - 2, 80 + soleH, heel - 2, 80 + soleH - 4);
        sole.closePath();
        d.add(sole, d.rnd.nextDouble() < 0.8 ? Role.LIGHT : Role.DARK);
        d.add(new Line2D.Double(heel + 1, 80 + soleH * 0.55, toe - 4, 80 + soleH * 0.55), Role.SEAM);
        // side stripe, toe cap and heel counter
        Path2D stripe = new Path2D.Double();
        stripe.moveTo(heel + 16, 78);
        stripe.quadTo(heel + 34, 74, tongue + 14, tt - 6);
        stripe.lineTo(tongue + 20, tt - 2);
        stripe.quadTo(heel + 40, 80, heel + 26, 80);
        stripe.closePath();
        d.add(stripe, Role.TRIM);
        d.add(new QuadCurve2D.Double(80, tt - 0.5, 86, 68, 86, 80), Role.SEAM);
        d.add(new QuadCurve2D.Double(heel + 0.5, ht + 22, heel + 13, ht + 22, heel + 16, 80), Role.SEAM);
        // laces across the instep, perpendicular to the lacing line
        double x0 = tongue + 5, y0 = ht - 4, x1 = 74, y1 = tt - 2;
        double len = Math.hypot(x1 - x0, y1 - y0), nx = -(y1 - y0) / len, ny = (x1 - x0) / len;
        for (int i = 0; i < 4; i++) {
            double t = (i + 0.5) / 4.3;
            double px = x0 + (x1 - x0) * t, py = y0 + (y1 - y0) * t;
            d.add(new Line2D.Double(px - nx * 1.5, py - ny * 1.5, px + nx * 6, py + ny * 6), Role.LACE);
        }
    }

    private static void boots(Drawing d) {
        double sw = d.u(26, 32), shaftTop = d.u(4, 12), toe = d.u(93, 97), ankle = d.u(44, 50);
        double back = 18, front = back + sw;
        Path2D p = new Path2D.Double();
        p.moveTo(back + 2, shaftTop);
        p.lineTo(front, shaftTop);
        p.lineTo(front + 2, ankle);
        p.quadTo(front + 6, 58, front + 24, 62);
        p.quadTo(toe - 1, 64, toe, 80);
        p.lineTo(toe, 84);
        p.lineTo(back - 2, 84);
        p.quadTo(back - 4, 45, back + 2, shaftTop);
        p.closePath();
        // pull tab behind the shaft
        d.add(new RoundRectangle2D.Double(back - 1, shaftTop - 5, 7, 12, 3, 3), Role.TRIM);
        d.add(p, Role.FABRIC);
        Area sole = new Area(new RoundRectangle2D.Double(back - 3, 82, toe - back + 4, 7, 4, 4));
        sole.add(new Area(new Rectangle2D.Double(back - 3, 84, 18, 10)));
        d.add(sole, Role.DARK);
        d.add(new Line2D.Double(back - 1, 79, toe - 1, 79), Role.SEAM);
        if (d.rnd.nextBoolean()) {
            // Chelsea boot: elastic side panel
            Path2D gore = new Path2D.Double();
            double gx = back + sw * 0.5;
            gore.moveTo(gx - 6, shaftTop);
            gore.quadTo(gx, ankle + 16, gx + 6, shaftTop);
            gore.closePath();
            d.add(gore, Role.TRIM);
        } else {
            // lace-up: laces along the front
            for (double y = shaftTop + 5; y < ankle + 4; y += 7) {
                double fx = front + 2 * (y - shaftTop) / (ankle - shaftTop);
                d.add(new Line2D.Double(fx - 7, y + 2, fx - 0.5, y - 1), Role.LACE);
            }
        }
    }

    private static void handbag(Drawing d) {
        double top = 42, bottom = d.u(88, 94), tw = d.u(25, 31), bw = d.u(35, 42), r = 7;
        double hx = tw * d.u(0.5, 0.7), hy = d.u(24, 32), th = 4.5;
        Area handle = new Area(new Ellipse2D.Double(CX - hx, top + 2 - hy, 2 * hx, 2 * hy));
        handle.subtract(new Area(new Ellipse2D.Double(CX - hx + th, top + 2 - hy + th, 2 * hx - 2 * th, 2 * hy - 2 * th)));
        handle.intersect(new Area(new Rectangle2D.Double(0, 0, 100, top + 1)));
        d.add(handle, Role.TRIM);
        Path2D body = new Path2D.Double();
        body.moveTo(CX - tw, top);
        body.lineTo(CX + tw, top);
        body.lineTo(CX + bw, bottom - r);
        body.quadTo(CX + bw, bottom, CX + bw - r, bottom);
        body.lineTo(CX - bw + r, bottom);
        body.quadTo(CX - bw, bottom, CX - bw, bottom - r);
        body.closePath();
        d.add(body, Role.FABRIC);
        if (d.rnd.nextDouble() < 0.6) {
            double fy = top + (bottom - top) * 0.3, fd = top + (bottom - top) * 0.62;
            double fw = tw + (bw - tw) * 0.3 - 1;
            Path2D flap = new Path2D.Double();
            flap.moveTo(CX - tw, top);
            flap.lineTo(CX + tw, top);
            flap.lineTo(CX + fw, fy);
            flap.quadTo(CX, 2 * fd - fy, CX - fw, fy);
            flap.closePath();
            d.add(flap, Role.FABRIC);
            d.add(new Ellipse2D.Double(CX - 3, fd - 3, 6, 6), Role.METAL);
        } else {
            d.add(new Line2D.Double(CX - tw + 3, top + 4, CX + tw - 3, top + 4), Role.SEAM);
            d.add(new RoundRectangle2D.Double(CX + tw - 9, top + 3, 3, 8, 1.5, 1.5), Role.METAL);
        }
    }

    private static void backpack(Drawing d) {
        double w = d.u(24, 29), top = d.u(12, 18), bottom = d.u(92, 96);
        // carry handle and shoulder straps behind the body
        Area handle = new Area(new Ellipse2D.Double(CX - 9, top - 8, 18, 18));
        handle.subtract(new Area(new Ellipse2D.Double(CX - 6, top - 5, 12, 12)));
        handle.intersect(new Area(new Rectangle2D.Double(0, 0, 100, top + 4)));
        d.add(handle, Role.TRIM);
        for (int side : new int[] {1, -1}) {
            d.add(new RoundRectangle2D.Double(CX + side * (w + 1) - 4, top + 18, 8, bottom - top - 26, 6, 6), Role.TRIM);
        }
        Path2D body = new Path2D.Double();
        body.moveTo(CX - w, bottom - 8);
        body.lineTo(CX - w, top + 20);
        body.quadTo(CX - w, top, CX, top);
        body.quadTo(CX + w, top, CX + w, top + 20);
        body.lineTo(CX + w, bottom - 8);
        body.quadTo(CX + w, bottom, CX + w - 8, bottom);
        body.lineTo(CX - w + 8, bottom);
        body.quadTo(CX - w, bottom, CX - w, bottom - 8);
        body.closePath();
        d.add(body, Role.FABRIC);
        d.add(new QuadCurve2D.Double(CX - w + 4, top + 26, CX, top - 5, CX + w - 4, top + 26), Role.SEAM);
        double pw = w * d.u(0.62, 0.78), py = top + (bottom - top) * d.u(0.45, 0.55);
        d.add(new RoundRectangle2D.Double(CX - pw, py, 2 * pw, bottom - py - 5, 12, 12), Role.FABRIC);
        d.add(new Line2D.Double(CX - pw + 3, py + 5, CX + pw - 3, py + 5), Role.SEAM);
        d.add(new RoundRectangle2D.Double(CX + pw - 10, py + 4, 3, 8, 1.5, 1.5), Role.METAL);
    }

    private static void cap(Drawing d) {
        double back = d.u(6, 12), front = d.u(74, 80), crown = d.u(12, 22), base = 70, brim = d.u(95, 99);
        double mid = (back + front) / 2;
        Path2D c = new Path2D.Double();
        c.moveTo(back, base);
        c.curveTo(back - 2, crown + 20, mid - 20, crown, mid, crown);
        c.curveTo(mid + 18, crown, front, crown + 18, front, base - 4);
        c.quadTo(mid, base + 4, back, base);
        c.closePath();
        d.add(c, Role.FABRIC);
        Path2D b = new Path2D.Double();
        b.moveTo(front - 8, base - 6);
        b.quadTo(front + 8, base - 12, brim, base - 1);
        b.quadTo(brim - 1, base + 5, brim - 8, base + 5);
        b.quadTo(front, base + 3, front - 10, base + 1);
        b.closePath();
        d.add(b, d.rnd.nextDouble() < 0.7 ? Role.FABRIC : Role.TRIM);
        d.add(new QuadCurve2D.Double(mid, crown + 1, mid - 20, crown + 12, mid - 18, base), Role.SEAM);
        d.add(new QuadCurve2D.Double(mid, crown + 1, mid + 14, crown + 14, mid + 14, base - 2), Role.SEAM);
        d.add(new QuadCurve2D.Double(back + 1, base - 5, mid, base - 1, front - 1, base - 9), Role.SEAM);
        d.add(new Ellipse2D.Double(mid - 4, crown - 2.2, 8, 4), Role.TRIM);
    }

    private static void socks(Drawing d) {
        double back = 30, cw = d.u(24, 30), front = back + cw, legEnd = d.u(52, 60), toe = d.u(94, 99);
        double top = 4, sole = 92;
        Path2D p = new Path2D.Double();
        p.moveTo(back, top);
        p.lineTo(front, top);
        p.lineTo(front, legEnd);
        p.quadTo(front + 2, legEnd + 8, front + 12, legEnd + 10);
        p.lineTo(toe - 12, legEnd + 12);
        p.quadTo(toe, legEnd + 14, toe, 80);
        p.quadTo(toe - 1, sole, toe - 14, sole);
        p.lineTo(back + 14, sole);
        p.quadTo(back - 4, sole, back - 3, 76);
        p.closePath();
        d.add(p, Role.FABRIC);
        Area sock = new Area(p);
        Area cuff = new Area(new Rectangle2D.Double(back - 1, top - 1, cw + 2, 12));
        cuff.intersect(sock);
        d.add(cuff, Role.TRIM);
        for (double x = back + 3.5; x < front - 1; x += 3.5) {
            d.add(new Line2D.Double(x, top + 1.5, x, top + 9.5), Role.SEAM);
        }
        Area heel = new Area(new Ellipse2D.Double(back - 12, sole - 24, 26, 26));
        heel.intersect(sock);
        d.add(heel, Role.TRIM);
        Area toeCap = new Area(new Ellipse2D.Double(toe - 12, legEnd + 6, 28, 34));
        toeCap.intersect(sock);
        d.add(toeCap, Role.TRIM);
    }

    /** Random proportions plus the layers drawn so far. */
    private static final class Drawing {
        final SplittableRandom rnd;
        final List<Layer> layers = new ArrayList<>();

        Drawing(SplittableRandom rnd) {
            this.rnd = rnd;
        }

        double u(double lo, double hi) {
            return lo + (hi - lo) * rnd.nextDouble();
        }

        void add(Shape s, Role role) {
            layers.add(new Layer(s, role));
        }
    }

    /**
     * A left-right symmetric outline around x = 50: the right half is given from a point on the axis down to
     * another point on the axis (x offsets from the axis); the left half is its mirror image, traced back.
     */
    private static final class Sym {
        private final List<double[]> segs = new ArrayList<>(); // {endX, endY} or {ctrlX, ctrlY, endX, endY}
        private final double startX;
        private final double startY;

        Sym(double startX, double startY) {
            this.startX = startX;
            this.startY = startY;
        }

        Sym line(double x, double y) {
            segs.add(new double[] {x, y});
            return this;
        }

        Sym quad(double cx, double cy, double x, double y) {
            segs.add(new double[] {cx, cy, x, y});
            return this;
        }

        Path2D path() {
            Path2D p = new Path2D.Double();
            p.moveTo(CX + startX, startY);
            for (double[] s : segs) {
                if (s.length == 2) {
                    p.lineTo(CX + s[0], s[1]);
                } else {
                    p.quadTo(CX + s[0], s[1], CX + s[2], s[3]);
                }
            }
            for (int i = segs.size() - 1; i >= 0; i--) {
                double[] s = segs.get(i);
                double px = i == 0 ? startX : end(segs.get(i - 1))[0];
                double py = i == 0 ? startY : end(segs.get(i - 1))[1];
                if (s.length == 2) {
                    p.lineTo(CX - px, py);
                } else {
                    p.quadTo(CX - s[0], s[1], CX - px, py);
                }
            }
            p.closePath();
            return p;
        }

        private static double[] end(double[] s) {
            return s.length == 2 ? s : new double[] {s[2], s[3]};
        }
    }
}
