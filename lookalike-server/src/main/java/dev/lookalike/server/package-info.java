/**
 * The HTTP service (Javalin): routes in {@link dev.lookalike.server.LookalikeServer}, thin controllers (products, search, catalog writes and jobs), one error
 * mapping. Around every route, without the route saying so: API keys by method and route template
 * ({@code ApiAccess}), the request timeout and worker pool, body caps, CORS, the access log and metrics
 * ({@link dev.lookalike.server.ServerMetrics}). Settings: {@link dev.lookalike.server.ServerConfig} (YAML file plus
 * {@code LOOKALIKE_*} environment variables, {@code docs/configuration.md}).
 * A per-client concurrency limit ({@code server.max_concurrent_per_client}, {@code ClientConcurrencyLimit}).
 * The query routes (products, "more like this", search) stream their JSON ({@code JsonResponses}, {@code ProductViews});
 * the others answer Jackson trees through {@code ctx.json}.
 * The sandbox page ({@code src/main/resources/public/}: plain HTML, CSS and JavaScript, no build step) is served from the
 * classpath and uses only the read routes.
 */
package dev.lookalike.server;
