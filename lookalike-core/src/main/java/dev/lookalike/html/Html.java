package dev.lookalike.html;

/** Escaping for the self-contained HTML pages Lookalike writes (evaluation report, assortment page). Stateless. */
public final class Html {

    private Html() {
    }

    /** {@code text} safe inside an element or a quoted attribute value. */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
