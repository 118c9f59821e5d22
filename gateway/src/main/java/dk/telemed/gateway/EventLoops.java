package dk.telemed.gateway;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;

/**
 * Contexts for the parts of a gateway that run beside its own event loop (the rules' lanes, the
 * publishing session). Vert.x's public API gives a new context the next event loop in turn,
 * which may be the gateway's own; these are placed on the others, one each as far as there are
 * enough, through Vert.x's integrators' API.
 */
final class EventLoops {
    private EventLoops() {
    }

    /** {@code count} new contexts on event loops other than {@code gateway}'s, taken in turn. */
    static List<Context> besides(Vertx vertx, Context gateway, int count) {
        VertxInternal internal = (VertxInternal) vertx;
        EventLoop taken = ((ContextInternal) gateway).nettyEventLoop();
        List<EventLoop> free = new ArrayList<>();
        internal.nettyEventLoopGroup().forEach(executor -> {
            if (executor instanceof EventLoop loop && loop != taken) {
                free.add(loop);
            }
        });
        List<Context> contexts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            contexts.add(free.isEmpty() ? internal.createEventLoopContext()
                    : internal.contextBuilder().withEventLoop(free.get(i % free.size())).build());
        }
        return contexts;
    }
}
