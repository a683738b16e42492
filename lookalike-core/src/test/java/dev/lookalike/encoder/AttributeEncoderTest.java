package dev.lookalike.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookalike.catalog.Product;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttributeEncoderTest extends EncoderConformanceTest<Product> {

    private final AttributeEncoder encoder = new AttributeEncoder(128, Set.of());

    @Override
    protected Encoder<Product> encoder() {
        return encoder;
    }

    @Override
    protected List<Product> distinctInputs() {
        return List.of(product("a", "red", "shirt"), product("b", "blue", "boot"), product("c", "green", "bag"));
    }

    static Product product(String id, String colour, String type) {
        return Product.builder(id).brand("Acme").categoryPath(List.of("Apparel", type))
                .attribute("colour", colour).attribute("type", type).build();
    }

    @Test
    void sharedValuesRaiseSimilarityAndCaseDoesNotMatter() {
        float[] redShirt = encoder.embed(product("1", "red", "shirt"));
        float[] redShirtUpper = encoder.embed(product("2", "RED", "Shirt"));
        float[] redBoot = encoder.embed(product("3", "red", "boot"));
        float[] blueBoot = encoder.embed(product("4", "blue", "boot"));
        assertThat(VectorMath.dot(redShirt, redShirtUpper)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(VectorMath.dot(redShirt, redBoot)).isGreaterThan(VectorMath.dot(redShirt, blueBoot));
    }

    @Test
    void onlyListedFieldsCountWhenFieldsAreGiven() {
        AttributeEncoder colourOnly = new AttributeEncoder(64, Set.of("colour"));
        assertThat(colourOnly.features(product("1", "red", "shirt"))).containsExactlyInAnyOrder(
                "brand=acme", "category.0=apparel", "category.1=shirt", "colour=red");
    }

    @Test
    void productWithoutDataGivesTheZeroVector() {
        assertThat(VectorMath.norm(encoder.embed(Product.builder("empty").build()))).isZero();
    }

    @Test
    void rejectsTinyDimensions() {
        assertThatThrownBy(() -> new AttributeEncoder(4, Set.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
    }
}
