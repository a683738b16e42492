package dev.lookalike.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectionSpecTest {

    @Test
    void parsesWhatTheCommandLineSpells() {
        assertThat(ProjectionSpec.parse("pca:128")).isEqualTo(ProjectionSpec.pca(128, false));
        assertThat(ProjectionSpec.parse("PCA:64, whiten")).isEqualTo(ProjectionSpec.pca(64, true));
        assertThat(ProjectionSpec.parse("lda:articleType,baseColour")).isEqualTo(ProjectionSpec.lda(List.of("articleType", "baseColour")));
        assertThat(ProjectionSpec.parse("lda:articleType,baseColour").toString()).isEqualTo("lda:articleType,baseColour");
        assertThat(ProjectionSpec.pca(32, true).toString()).isEqualTo("pca:32,whiten");
    }

    @Test
    void badSpecsNameTheTextAndTheProblem() {
        assertThatThrownBy(() -> ProjectionSpec.parse("pca")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pca'");
        assertThatThrownBy(() -> ProjectionSpec.parse("pca:lots")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lots'");
        assertThatThrownBy(() -> ProjectionSpec.parse("pca:0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> ProjectionSpec.parse("pca:8,sharpen")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sharpen'");
        assertThatThrownBy(() -> ProjectionSpec.parse("lda:a,,b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ProjectionSpec.parse("lda:a,a")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> ProjectionSpec.parse("ica:3")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ica:3'");
    }
}
