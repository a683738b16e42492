package dev.lookalike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipartFormTest {

    private static byte[] body(String... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : pieces) {
            out.writeBytes(p.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    @Test
    void parsesFilesAndFieldsKeepingBinaryContentAndCrlfInside() {
        String binary = "\u0089PNG\r\n\u001a\n--not-the-boundary\r\n\u0000\u00ff";
        byte[] b = body("preamble\r\n",
                "--XyZ\r\n", "Content-Disposition: form-data; name=\"image\"; filename=\"a; b.png\"\r\n", "Content-Type: image/png\r\n\r\n",
                binary, "\r\n",
                "--XyZ\r\n", "content-disposition: form-data; name=query\r\n\r\n", "{\"k\": 3}", "\r\n",
                "--XyZ--\r\n", "epilogue");
        Map<String, MultipartForm.Part> parts = MultipartForm.parse(b, "multipart/form-data; boundary=\"XyZ\"");
        assertThat(parts).containsOnlyKeys("image", "query");
        MultipartForm.Part image = parts.get("image");
        assertThat(image.filename()).isEqualTo("a; b.png");
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(image.content()).isEqualTo(binary.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(new String(parts.get("query").content(), StandardCharsets.UTF_8)).isEqualTo("{\"k\": 3}");
        assertThat(image.toString()).doesNotContain("PNG");
    }

    @Test
    void refusesMalformedBodies() {
        String type = "multipart/form-data; boundary=B";
        assertThatThrownBy(() -> MultipartForm.parse(body("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nxyz"), type))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> MultipartForm.parse(body("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n",
                "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n--B--"), type))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'").hasMessageContaining("twice");
        assertThatThrownBy(() -> MultipartForm.parse(body("--B\r\nContent-Type: text/plain\r\n\r\n1\r\n--B--"), type))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no field name");
        assertThatThrownBy(() -> MultipartForm.parse(body("hello"), type))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("boundary");
        assertThatThrownBy(() -> MultipartForm.parse(body("--B--"), "application/json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multipart/form-data");
        assertThatThrownBy(() -> MultipartForm.parse(body("--B--"), "multipart/form-data"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("boundary");
        assertThat(MultipartForm.parse(body("--B--\r\n"), type)).isEmpty();
    }
}
