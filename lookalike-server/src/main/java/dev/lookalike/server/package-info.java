/**
 * The HTTP service (Javalin): routes in {@link dev.lookalike.server.LookalikeServer}, thin controllers (products,
 * search, catalog writes and jobs), one error mapping.
 */
package dev.lookalike.server;
