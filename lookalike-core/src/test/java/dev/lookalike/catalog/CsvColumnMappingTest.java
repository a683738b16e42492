package dev.lookalike.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvColumnMappingTest {

    @Test
    void parsesTheCliForm() {
        ColumnMapping m = ColumnMapping.parse("id=sku, title = name ,price=price_eur,images=image_url,category=cat");

        assertThat(m.columns()).containsExactly(
                Map.entry("id", "sku"), Map.entry("title", "name"), Map.entry("price", "price_eur"),
                Map.entry("images", "image_url"), Map.entry("category", "cat"));
        assertThat(m.column("title")).isEqualTo("name");
        assertThat(m.column("brand")).isNull();
        assertThat(m.attributes()).isNull();
    }

    @Test
    void attributesKeyListsColumnsOrNoneOrAll() {
        assertThat(ColumnMapping.parse("ID=sku,attributes=colour|size").attributes()).containsExactly("colour", "size");
        assertThat(ColumnMapping.parse("ID=sku,attributes=colour|size").column("id")).isEqualTo("sku");
        assertThat(ColumnMapping.parse("attributes=").attributes()).isEmpty();
        assertThat(ColumnMapping.parse("attributes=*").attributes()).isNull();
        assertThat(ColumnMapping.parse("  ")).isEqualTo(ColumnMapping.defaults());
    }

    @Test
    void rejectsBadSpecsNamingTheBadPart() {
        assertThatThrownBy(() -> ColumnMapping.parse("id=sku,colour=col"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown product field 'colour'");
        assertThatThrownBy(() -> ColumnMapping.parse("id=sku,title"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 'title'");
        assertThatThrownBy(() -> ColumnMapping.parse("id=sku,id=code"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id' is mapped twice");
        assertThatThrownBy(() -> ColumnMapping.parse("id="))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column for field 'id' must be non-blank");
    }

    @Test
    void isImmutable() {
        Map<String, String> columns = new HashMap<>(Map.of("id", "sku"));
        ColumnMapping m = new ColumnMapping(columns, List.of("a"));
        columns.put("title", "name");

        assertThat(m.columns()).containsOnlyKeys("id");
        assertThatThrownBy(() -> m.columns().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.attributes().add("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ColumnMapping.builder().map("id", "sku").attributes("a").build()).isEqualTo(m);
    }
}
