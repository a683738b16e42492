package dev.lookalike.image;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which hosts {@link ImageFetcher} may download pictures from, and how many redirects it follows. Immutable and
 * thread-safe.
 *
 * <p>By default a picture URL (and every redirect hop) whose host resolves to an address that is not public is
 * refused: loopback ({@code 127.0.0.0/8}, {@code ::1}), unspecified ({@code 0.0.0.0/8}, {@code ::}), private
 * ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code fc00::/7}), shared ({@code 100.64/10}), link-local
 * ({@code 169.254/16}, {@code fe80::/10}, where cloud metadata services live), multicast, benchmark
 * ({@code 198.18/15}), IETF ({@code 192.0.0/24}) and reserved ({@code 240/4}, broadcast) ranges. A host that
 * resolves to several addresses is refused when any of them is refused.
 *
 * <p>The {@code allow} list lets chosen hosts through anyway: each entry is an IP address ({@code 10.1.2.3},
 * {@code ::1}), a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}) or a host name, matched exactly and
 * case-insensitively ({@code images.internal}, {@code localhost}). An address entry matches the resolved addresses,
 * a name entry the URL's host.
 *
 * @param allow        entries let through although their addresses are not public
 * @param maxRedirects redirects followed per picture, 0 to 20
 */
public record FetchPolicy(List<String> allow, int maxRedirects) {

    /** Public addresses only, at most 5 redirects. */
    public static final FetchPolicy DEFAULT = new FetchPolicy(List.of(), 5);

    /** The most redirects a policy may allow. */
    public static final int MAX_REDIRECTS = 20;

    public FetchPolicy {
        if (allow == null) {
            throw new IllegalArgumentException("allow must be non-null, got null");
        }
        allow = List.copyOf(allow);
        for (String entry : allow) {
            Rule.parse(entry); // refuses a bad entry now, naming it
        }
        if (maxRedirects < 0 || maxRedirects > MAX_REDIRECTS) {
            throw new IllegalArgumentException("maxRedirects must be between 0 and " + MAX_REDIRECTS + ", got " + maxRedirects);
        }
    }

    /** This policy with more entries on its allow list. */
    public FetchPolicy allowing(String... entries) {
        List<String> all = new ArrayList<>(allow);
        all.addAll(List.of(entries));
        return new FetchPolicy(all, maxRedirects);
    }

    public FetchPolicy withMaxRedirects(int n) {
        return new FetchPolicy(allow, n);
    }

    /**
     * Why {@code address}, which {@code host} resolved to, may not be fetched; {@code null} when it may.
     *
     * @param host    the URL's host, as written
     * @param address one address it resolved to
     */
    public String refusal(String host, InetAddress address) {
        String kind = nonPublic(address);
        if (kind == null) {
            return null;
        }
        String name = host == null ? "" : stripBrackets(host).toLowerCase(Locale.ROOT);
        for (String entry : allow) {
            if (Rule.parse(entry).matches(name, address)) {
                return null;
            }
        }
        return "host '" + host + "' resolves to " + address.getHostAddress() + ", a " + kind
                + " address (not fetched unless allowed by the fetch allow-list)";
    }

    /** The kind of non-public address, or {@code null} for a public one. */
    static String nonPublic(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xFF;
            int o1 = b[1] & 0xFF;
            if (o0 == 0) {
                return "unspecified";
            }
            if (o0 == 100 && (o1 & 0xC0) == 64) {
                return "shared (carrier-grade NAT)";
            }
            if (o0 == 192 && o1 == 0 && (b[2] & 0xFF) == 0) {
                return "IETF protocol";
            }
            if (o0 == 198 && (o1 & 0xFE) == 18) {
                return "benchmarking";
            }
            if (o0 >= 240) {
                return "reserved";
            }
        } else if (a instanceof Inet6Address) {
            if ((b[0] & 0xFE) == 0xFC) {
                return "private (unique local)";
            }
            if ((b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0xC0) {
                return "private (site-local)";
            }
            boolean v4Compatible = true;
            for (int i = 0; i < 12; i++) {
                v4Compatible &= b[i] == 0;
            }
            if (v4Compatible) {
                return "IPv4-compatible";
            }
        }
        return null;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** One allow-list entry: a host name, or an address block. */
    private record Rule(String name, byte[] network, int prefix) {

        static Rule parse(String entry) {
            if (entry == null || entry.isBlank()) {
                throw new IllegalArgumentException("fetch allow-list entry must be non-blank, got '" + entry + "'");
            }
            String e = stripBrackets(entry.strip()).toLowerCase(Locale.ROOT);
            int slash = e.indexOf('/');
            String address = slash < 0 ? e : e.substring(0, slash);
            if (!looksNumeric(address)) {
                if (slash >= 0 || !e.matches("[a-z0-9._-]+")) {
                    throw new IllegalArgumentException("fetch allow-list entry must be an IP address, a CIDR block or a"
                            + " host name, got '" + entry + "'");
                }
                return new Rule(e, null, 0);
            }
            if (address.indexOf(':') < 0 && !address.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")) {
                throw new IllegalArgumentException("fetch allow-list entry has a bad IPv4 address, got '" + entry + "'");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(address).getAddress(); // a literal: no DNS lookup
            } catch (UnknownHostException | SecurityException ex) {
                throw new IllegalArgumentException("fetch allow-list entry has a bad address, got '" + entry + "'", ex);
            }
            int bits = bytes.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("fetch allow-list entry has a bad prefix length (0 to " + bits
                            + "), got '" + entry + "'");
                }
            }
            return new Rule(null, bytes, prefix);
        }

        /** An IPv4 literal (digits and dots) or an IPv6 literal (has a colon). */
        private static boolean looksNumeric(String s) {
            return s.indexOf(':') >= 0 || (!s.isEmpty() && s.matches("[0-9.]+"));
        }

        boolean matches(String host, InetAddress address) {
            if (name != null) {
                return name.equals(host);
            }
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
