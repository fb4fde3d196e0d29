package org.marketcache.bench.load;

import java.util.ArrayDeque;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * A minimal HTTP/1.1 keep-alive client on one Netty event loop, for the load generator: up to {@code connections}
 * connections, one request in flight on each, the rest waiting in order. It reads only the status, {@code X-Cache}
 * and {@code Server-Timing} and counts body bytes without copying them (Vert.x's client copies every body chunk into
 * a fresh heap buffer, which on this machine capped it at a quarter of wrk's rate). Every method runs on the event
 * loop; nothing is synchronised.
 */
final class HttpLoad {

    /** What one exchange produced; {@code status} 0 means the connection failed. */
    interface Callback {
        void done(int status, String xCache, String serverTiming, long bytes);
    }

    private record Pending(String uri, Callback callback) {
    }

    private final EventLoop loop;
    private final String host;
    private final int port;
    private final int maxConnections;
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final Bootstrap bootstrap;
    private int open;

    HttpLoad(EventLoop loop, String host, int port, int connections) {
        this.loop = loop;
        this.host = host;
        this.port = port;
        this.maxConnections = connections;
        this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(4096, 16384, 65536), new Conn());
                    }
                });
    }

    /** Requests waiting for a free connection. */
    int waiting() {
        return waiting.size();
    }

    void send(String uri, Callback callback) {
        Conn c = idle.pollFirst();
        if (c != null) {
            c.write(new Pending(uri, callback));
            return;
        }
        waiting.addLast(new Pending(uri, callback));
        if (open < maxConnections) {
            connect();
        }
    }

    private void connect() {
        open++;
        ChannelFuture f = bootstrap.connect(host, port);
        f.addListener(x -> {
            if (!f.isSuccess()) {
                open--;
                Pending p = waiting.pollFirst();
                if (p != null) {
                    p.callback().done(0, null, null, 0);
                }
            }
        });
    }

    void close() {
        for (Conn c : idle) {
            c.channel.close();
        }
        idle.clear();
    }

    private void free(Conn c) {
        Pending p = waiting.pollFirst();
        if (p != null) {
            c.write(p);
        } else {
            idle.addLast(c);
        }
    }

    private final class Conn extends SimpleChannelInboundHandler<HttpObject> {
        private Channel channel;
        private Pending current;
        private int status;
        private String xCache;
        private String timing;
        private long bytes;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            free(this);
        }

        void write(Pending p) {
            current = p;
            status = 0;
            xCache = null;
            timing = null;
            bytes = 0;
            DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, p.uri());
            req.headers().set(HttpHeaderNames.HOST, host);
            channel.writeAndFlush(req, channel.voidPromise());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse r) {
                status = r.status().code();
                xCache = r.headers().get("X-Cache");
                timing = r.headers().get("Server-Timing");
            }
            if (msg instanceof HttpContent c) {
                bytes += c.content().readableBytes();
                if (msg instanceof LastHttpContent && current != null) {
                    Pending p = current;
                    current = null;
                    p.callback().done(status, xCache, timing, bytes);
                    free(this);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open--;
            idle.remove(this);
            if (!waiting.isEmpty() && open < maxConnections) {
                connect();
            }
            if (current != null) {
                Pending p = current;
                current = null;
                p.callback().done(0, null, null, bytes);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
