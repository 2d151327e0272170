package dev.conveyor.sim.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns each HTTP request into a {@link Reply} and carries it out on the channel's event loop. Latency is a scheduled
 * write, never a sleeping thread, so thousands of slow calls cost no threads.
 */
@Sharable
public final class SimHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final System.Logger LOG = System.getLogger(SimHttpHandler.class.getName());

    private final Router router;

    SimHttpHandler(Router router) {
        this.router = router;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Reply reply;
        try {
            reply = router.route(toSimRequest(request));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "provider-sim failed to handle " + request.method() + " " + request.uri(), e);
            reply = Reply.now(SimResponse.json(500, Json.bytes(Map.of("error", "simulator failure: " + e))));
        }
        switch (reply) {
            case Reply.Answer answer when answer.delay().isZero() -> write(ctx, answer.response(), keepAlive);
            case Reply.Answer answer ->
                ctx.executor()
                        .schedule(
                                () -> write(ctx, answer.response(), keepAlive),
                                answer.delay().toNanos(),
                                TimeUnit.NANOSECONDS);
            case Reply.Hang hang -> {
                // Accepted and never answered: the client's timeout ends it.
            }
            case Reply.Refuse refuse -> reset(ctx);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static SimRequest toSimRequest(FullHttpRequest request) {
        var decoder = new QueryStringDecoder(request.uri());
        Map<String, String> query = new LinkedHashMap<>();
        decoder.parameters().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.getFirst()));
        return new SimRequest(
                request.method().name(),
                decoder.path(),
                query,
                request.headers(),
                ByteBufUtil.getBytes(request.content()));
    }

    private static void write(ChannelHandlerContext ctx, SimResponse response, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            return;
        }
        var http = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(response.body()));
        response.headers().forEach((name, value) -> http.headers().set(name, value));
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        HttpUtil.setKeepAlive(http, keepAlive);
        var written = ctx.writeAndFlush(http);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes with SO_LINGER 0, so the peer gets a TCP reset, as it would from a refused or dropped connection. */
    private static void reset(ChannelHandlerContext ctx) {
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        ctx.close();
    }
}
