package dev.lookalike.model;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A model the registry knows: where its files come from, their checksums, and the encoders it provides.
 *
 * <p>Files are fetched from {@code <base URL>/<repository>/resolve/<revision>/<path>}, the Hugging Face hub's layout
 * (the default base URL is {@code https://huggingface.co}; a mirror with the same layout works too). A model without
 * a public repository ({@code repository == null}, e.g. an export the user makes) is fetched from
 * {@code <base URL>/<name>/<path>} and only when a base URL is given explicitly.
 *
 * @param name        the model's name, also its cache folder, e.g. {@code clip-vit-b32}
 * @param description one line for {@code lookalike models list}
 * @param repository  the hub repository ({@code owner/name}), or {@code null} when there is no public download
 * @param revision    the branch, tag or commit to fetch
 * @param license     the weights' license as the source states it, or a pointer to it
 * @param provenance  where the pinned checksums come from (or why there are none)
 * @param files       the files, unique paths
 * @param encoders    the encoders, each using files of this model
 */
public record ModelSpec(String name, String description, String repository, String revision, String license,
                        String provenance, List<ModelFile> files, List<ModelEncoder> encoders) {

    public ModelSpec {
        if (name == null || !Names.ID.matcher(name).matches()) {
            throw new IllegalArgumentException("model name must be lower-case letters, digits, '.', '_' and '-', got '"
                    + name + "'");
        }
        if (repository != null && !Names.REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("repository of " + name + " must be owner/name, got '" + repository + "'");
        }
        if (revision == null || !Names.REVISION.matcher(revision).matches()) {
            throw new IllegalArgumentException("revision of " + name + " must be a branch, tag or commit, got '"
                    + revision + "'");
        }
        description = description == null ? "" : description;
        license = license == null ? "" : license;
        provenance = provenance == null ? "" : provenance;
        files = List.copyOf(files);
        encoders = List.copyOf(encoders);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " has no files");
        }
        Set<String> paths = new HashSet<>();
        for (ModelFile f : files) {
            if (!paths.add(f.path())) {
                throw new IllegalArgumentException("model " + name + " lists file " + f.path() + " twice");
            }
        }
        if (encoders.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " provides no encoder");
        }
        Set<String> ids = new HashSet<>();
        for (ModelEncoder e : encoders) {
            if (!ids.add(e.id())) {
                throw new IllegalArgumentException("model " + name + " lists encoder " + e.id() + " twice");
            }
            for (String p : e.files()) {
                if (!paths.contains(p)) {
                    throw new IllegalArgumentException("encoder " + e.id() + " of model " + name + " needs file " + p
                            + ", which the model does not list (it lists " + paths + ")");
                }
            }
        }
    }

    /** The file at {@code path}. */
    public Optional<ModelFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** Whether every file has a pinned SHA-256. */
    public boolean fullyPinned() {
        return files.stream().allMatch(ModelFile::pinned);
    }

    /** Sum of the known file sizes, or -1 when one is unknown. */
    public long declaredSize() {
        long sum = 0;
        for (ModelFile f : files) {
            if (f.size() < 0) {
                return -1;
            }
            sum += f.size();
        }
        return sum;
    }

    /**
     * Where a file is downloaded from under {@code baseUrl}: {@code <base>/<repository>/resolve/<revision>/<path>},
     * or {@code <base>/<name>/<path>} for a model without a public repository.
     */
    public URI url(URI baseUrl, ModelFile file) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String tail = repository != null
                ? repository + "/resolve/" + revision + "/" + file.path()
                : name + "/" + file.path();
        return URI.create(base + "/" + tail);
    }

    /** The encoders' kinds, e.g. {@code clip-image+clip-text}. */
    public String kinds() {
        return String.join("+", encoders.stream().map(e -> e.kind().label()).distinct().toList());
    }
}
