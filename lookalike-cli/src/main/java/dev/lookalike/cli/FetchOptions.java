package dev.lookalike.cli;

import dev.lookalike.image.FetchPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which hosts remote pictures may be downloaded from ({@link FetchPolicy}), for commands that fetch them. */
final class FetchOptions {

    @Option(names = "--fetch-allow", split = ",", paramLabel = "HOST|IP|CIDR",
            description = "Let picture downloads reach these non-public hosts (default: public addresses only; loopback,"
                    + " private, link-local and multicast addresses are refused), e.g. 10.0.0.0/8,images.internal. Repeatable.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--fetch-max-redirects", defaultValue = "5", paramLabel = "N",
            description = "Redirects followed per picture download, 0 to 20 (default ${DEFAULT-VALUE}).")
    int maxRedirects;

    FetchPolicy policy() {
        return new FetchPolicy(allow, maxRedirects);
    }
}
