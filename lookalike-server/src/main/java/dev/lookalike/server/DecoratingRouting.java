package dev.lookalike.server;

import io.javalin.http.ExceptionHandler;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.JavalinDefaultRouting;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.router.RoutingApiInitializer;
import io.javalin.security.RouteRole;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsExceptionHandler;
import io.javalin.websocket.WsHandlerType;
import java.util.function.Consumer;

/**
 * Javalin's default routing with every HTTP endpoint's handler passed through a decorator (the request timeout), so
 * that a route declared with {@code ApiBuilder} in {@link LookalikeServer#routes()} gets it without saying so.
 * Before/after handlers are not decorated. Used only while routes are declared.
 */
final class DecoratingRouting implements JavalinDefaultRoutingApi<DecoratingRouting> {

    /** Wraps the handler of the endpoint {@code method path}. */
    @FunctionalInterface
    interface Decorator {
        Handler decorate(HandlerType method, String path, Handler handler);
    }

    private final JavalinDefaultRouting delegate;
    private final Decorator decorator;

    private DecoratingRouting(JavalinDefaultRouting delegate, Decorator decorator) {
        this.delegate = delegate;
        this.decorator = decorator;
    }

    static RoutingApiInitializer<DecoratingRouting> initializer(Decorator decorator) {
        return (cfg, router, setup) -> setup.setup(new DecoratingRouting(new JavalinDefaultRouting(cfg), decorator));
    }

    @Override
    @SuppressWarnings("deprecation") // roles are the only metadata ApiBuilder attaches
    public DecoratingRouting addEndpoint(Endpoint endpoint) {
        Endpoint e = endpoint;
        if (e.getMethod().isHttpMethod()) {
            e = new Endpoint(e.getMethod(), e.getPath(), e.getRoles().toArray(RouteRole[]::new),
                    decorator.decorate(e.getMethod(), e.getPath(), e.getHandler()));
        }
        delegate.addEndpoint(e);
        return this;
    }

    @Override
    public <E extends Exception> DecoratingRouting exception(Class<E> type, ExceptionHandler<? super E> handler) {
        delegate.exception(type, handler);
        return this;
    }

    @Override
    public DecoratingRouting error(int status, String contentType, Handler handler) {
        delegate.error(status, contentType, handler);
        return this;
    }

    @Override
    public <E extends Exception> DecoratingRouting wsException(Class<E> type, WsExceptionHandler<? super E> handler) {
        delegate.wsException(type, handler);
        return this;
    }

    @Override
    public DecoratingRouting addWsHandler(WsHandlerType type, String path, Consumer<WsConfig> ws, RouteRole... roles) {
        delegate.addWsHandler(type, path, ws, roles);
        return this;
    }
}
