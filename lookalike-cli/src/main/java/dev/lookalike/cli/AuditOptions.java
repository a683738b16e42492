package dev.lookalike.cli;

import dev.lookalike.fusion.Modality;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/** The {@code --modality} option of the audit commands: which vectors make a product's view. */
final class AuditOptions {

    @Option(names = "--modality", split = ",", defaultValue = "image", paramLabel = "image|text",
            description = "Vectors compared: image, text or both, e.g. image,text (default ${DEFAULT-VALUE}).")
    List<String> modalities;

    Set<Modality> modalities() {
        EnumSet<Modality> out = EnumSet.noneOf(Modality.class);
        for (String m : modalities) {
            switch (m.strip().toLowerCase(Locale.ROOT)) {
                case "image" -> out.add(Modality.IMAGE);
                case "text" -> out.add(Modality.TEXT);
                default -> throw new IllegalArgumentException("--modality takes image and/or text, got '" + m + "'");
            }
        }
        return out;
    }
}
