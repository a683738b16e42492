package dev.lookalike.fusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lookalike.projection.ProjectionDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of {@link FusionSettings} that stores keep beside their products (the embedded store's manifest, a
 * SolrCloud collection's properties): weights, encoders, dimensions and attribute fields. The image projection is
 * written by the store itself, which also keeps the projection's data. Stateless.
 */
public final class FusionSettingsJson {

    private FusionSettingsJson() {
    }

    /** Writes every setting except the image projection into {@code f}. */
    public static void write(FusionSettings s, ObjectNode f) {
        f.put("image_weight", s.imageWeight());
        f.put("text_weight", s.textWeight());
        f.put("attribute_weight", s.attributeWeight());
        f.put("image_encoder", s.imageEncoder());
        f.put("image_dimension", s.imageDimension());
        f.put("text_encoder", s.textEncoder());
        f.put("text_dimension", s.textDimension());
        f.put("attribute_dimension", s.attributeDimension());
        ArrayNode fields = f.putArray("attribute_fields");
        s.attributeFields().forEach(fields::add);
    }

    /**
     * Reads settings written by {@link #write}, with {@code imageProjection} (or {@code null}).
     *
     * @throws IllegalArgumentException when a value is missing or invalid
     */
    public static FusionSettings read(JsonNode f, ProjectionDescriptor imageProjection) {
        List<String> fields = new ArrayList<>();
        f.path("attribute_fields").forEach(n -> fields.add(n.asText()));
        return new FusionSettings(
                (float) f.path("image_weight").asDouble(),
                (float) f.path("text_weight").asDouble(),
                (float) f.path("attribute_weight").asDouble(),
                f.path("image_encoder").asText(null),
                f.path("image_dimension").asInt(),
                f.path("text_encoder").asText(null),
                f.path("text_dimension").asInt(),
                f.path("attribute_dimension").asInt(),
                fields,
                imageProjection);
    }
}
