/**
 * Model management: the {@link dev.lookalike.model.ModelRegistry} of models Lookalike can download (files, hub
 * URLs, pinned SHA-256 checksums, the encoders each provides) and the {@link dev.lookalike.model.ModelCache} that
 * downloads them with {@link java.net.http.HttpClient}, verifies them and finds them again. The encoder package
 * turns cached models into encoders ({@code Encoders.image(id)}, {@code Encoders.text(id)}); nothing here runs a
 * model.
 */
package dev.lookalike.model;
