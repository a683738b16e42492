/** The HTTP service (Javalin): routes in {@link dev.lookalike.server.LookalikeServer}, thin controllers, one error mapping. */
package dev.lookalike.server;
