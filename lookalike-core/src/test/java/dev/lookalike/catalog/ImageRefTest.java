package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageRefTest {

    @Test
    void resolvesRelativePathsAgainstTheCatalogFolder() {
        ImageRef ref = ImageRef.parse("images/a.png", Path.of("/data/catalog"));
        assertThat(ref.uri().toString()).isEqualTo("file:///data/catalog/images/a.png");
        assertThat(ref.isRemote()).isFalse();
    }

    @Test
    void keepsAbsolutePathsAndUrls() {
        assertThat(ImageRef.parse("/srv/x.jpg", Path.of("/data")).uri().getPath()).isEqualTo("/srv/x.jpg");
        assertThat(ImageRef.parse("https://cdn.example.com/x.jpg", null).isRemote()).isTrue();
        assertThat(ImageRef.parse("file:///srv/y.jpg", null).uri().getPath()).isEqualTo("/srv/y.jpg");
    }

    @Test
    void fileUrisAreNormalisedLikePathsAndNonLocalOnesRefused() {
        // the image root check and the read must see the same path: no '..' left for a symlink to redirect
        assertThat(ImageRef.parse("file:///srv/cat/shared/../y.jpg", null).uri().getPath()).isEqualTo("/srv/cat/y.jpg");
        for (String bad : new String[] {"file:photo.jpg", "file://host/a.jpg", "file:///srv/a.jpg?v=2"}) {
            assertThatThrownBy(() -> ImageRef.parse(bad, null)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "' is not a local file URI");
        }
    }

    @Test
    void refusesOtherSchemesAndBlanks() {
        assertThatThrownBy(() -> ImageRef.parse("ftp://host/x.jpg", Path.of("/data")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://host/x.jpg");
        assertThatThrownBy(() -> ImageRef.parse("s3://bucket/x.jpg", null)).hasMessageContaining("scheme");
        assertThatThrownBy(() -> ImageRef.parse("  ", null)).hasMessageContaining("non-blank");
    }
}
