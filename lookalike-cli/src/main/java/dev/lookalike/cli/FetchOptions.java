package dev.lookalike.cli;

import dev.lookalike.image.FetchPolicy;
import dev.lookalike.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which hosts remote pictures may be downloaded from ({@link FetchPolicy}), for commands that fetch them. An option
 * not given keeps the default ({@link #policy()}) or the configured value ({@link #over}).
 */
final class FetchOptions {

    @Option(names = "--fetch-allow", split = ",", paramLabel = "HOST|IP|CIDR",
            description = "Let picture downloads reach these non-public hosts (default: public addresses only; loopback,"
                    + " private, link-local and multicast addresses are refused), e.g. 10.0.0.0/8,images.internal. Repeatable.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--fetch-max-redirects", paramLabel = "N",
            description = "Redirects followed per picture download, 0 to 20 (default 5).")
    Integer maxRedirects;

    FetchPolicy policy() {
        return new FetchPolicy(allow, maxRedirects != null ? maxRedirects : FetchPolicy.DEFAULT.maxRedirects());
    }

    /** {@code configured} with the options that were given in its place ({@code images.fetch_allow}, {@code images.fetch_max_redirects}). */
    ServerConfig.Images over(ServerConfig.Images configured) {
        return new ServerConfig.Images(allow.isEmpty() ? configured.fetchAllow() : allow,
                maxRedirects != null ? maxRedirects : configured.fetchMaxRedirects());
    }
}
