package dev.conveyor.sim.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The Netty listener: HTTP/1.1 with keep-alive, whole requests of up to 32 MiB handed to {@link SimHttpHandler}. */
public final class SimServer implements AutoCloseable {

    private static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Channel listener;

    private SimServer(EventLoopGroup acceptors, EventLoopGroup workers, Channel listener) {
        this.acceptors = acceptors;
        this.workers = workers;
        this.listener = listener;
    }

    public static SimServer bind(String host, int port, Router router) {
        var acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        var workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        var handler = new SimHttpHandler(router);
        try {
            Channel listener = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpServerExpectContinueHandler())
                                    .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast(handler);
                        }
                    })
                    .bind(host, port)
                    .sync()
                    .channel();
            return new SimServer(acceptors, workers, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdown(acceptors, workers);
            throw new IllegalStateException("interrupted while binding " + host + ":" + port, e);
        } catch (Exception e) {
            // Netty rethrows the bind failure (a checked BindException) undeclared, so catch everything here:
            // leaving the event loops running would keep the JVM alive with no listener.
            shutdown(acceptors, workers);
            throw new IllegalStateException(
                    "provider-sim cannot listen on " + host + ":" + port
                            + " (is the port in use? pick another, or 0 for any free port)",
                    e);
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        shutdown(acceptors, workers);
    }

    private static void shutdown(EventLoopGroup acceptors, EventLoopGroup workers) {
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
