/**
 * The HTTP service (Javalin): routes in {@link dev.lookalike.server.LookalikeServer}, thin controllers (products,
 * search, catalog writes and jobs), one error mapping, a per-client concurrency limit
 * ({@link dev.lookalike.server.SafetyOptions}).
 */
package dev.lookalike.server;
