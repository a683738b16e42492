/**
 * The HTTP service (Javalin): routes in {@link dev.lookalike.server.LookalikeServer}, thin controllers, one error mapping.
 * The sandbox page ({@code src/main/resources/public/}: plain HTML, CSS and JavaScript, no build step) is served from the
 * classpath and uses only the read routes.
 */
package dev.lookalike.server;
