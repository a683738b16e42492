package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzing {@link MultipartForm#parse}: well-formed bodies with arbitrary part contents round-trip exactly; arbitrary
 * bytes, and well-formed bodies with bytes flipped or cut, are parsed or refused with an IllegalArgumentException.
 */
class MultipartFormProperties {

    private static final String BOUNDARY = "fuzz-boundary-7f3a";
    private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    @Property(tries = 300)
    void wellFormedBodiesRoundTrip(@ForAll @Size(min = 1, max = 4) List<@net.jqwik.api.From("contents") byte[]> contents) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (int i = 0; i < contents.size(); i++) {
            Assume.that(!new String(contents.get(i), StandardCharsets.ISO_8859_1).contains("--" + BOUNDARY));
            parts.put("field" + i, contents.get(i));
        }
        Map<String, MultipartForm.Part> parsed = MultipartForm.parse(body(parts), TYPE);

        assertThat(parsed.keySet()).containsExactlyElementsOf(parts.keySet());
        parts.forEach((name, content) -> assertThat(parsed.get(name).content()).isEqualTo(content));
    }

    @Property(tries = 300)
    void mutatedBodiesParseOrAreRefused(@ForAll("contents") byte[] content, @ForAll @Size(max = 5) List<Integer> positions,
                                        @ForAll byte value, @ForAll int cut) {
        byte[] body = body(Map.of("image", content));
        for (int p : positions) {
            body[Math.floorMod(p, body.length)] = value;
        }
        if (cut > 0) {
            body = java.util.Arrays.copyOf(body, body.length - Math.floorMod(cut, body.length));
        }
        parseOrRefuse(body, TYPE);
    }

    @Property(tries = 200)
    void arbitraryBytesAndTypesAreRefusedCleanly(@ForAll @Size(max = 2_000) byte[] body, @ForAll("types") String type) {
        parseOrRefuse(body, type);
    }

    private static void parseOrRefuse(byte[] body, String type) {
        try {
            MultipartForm.parse(body, type);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> contents() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().withChars("\r\n-abc\"; =").ofMaxLength(60).map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.oneOf(Arbitraries.just(TYPE), Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("=;\" -abc").ofMaxLength(30).map(s -> "multipart/form-data; boundary=" + s),
                Combinators.combine(Arbitraries.just("multipart/form-data; boundary="), Arbitraries.strings().alpha().ofLength(71))
                        .as(String::concat));
    }

    private static byte[] body(Map<String, byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach((name, content) -> {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
