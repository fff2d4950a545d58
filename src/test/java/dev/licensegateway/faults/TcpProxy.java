package dev.licensegateway.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TCP path between the gateway and PostgreSQL, under the harness's control. {@link #freeze()} stops
 * every byte in both directions while keeping connections open (a stalled network: the peers wait);
 * {@link #holdAnswersAfter(String)} stops the server's bytes to the client on each connection that sent a given
 * text (what the client sends still arrives, and other connections pass);
 * {@link #cut()} resets every connection and refuses new ones (a partition); {@link #restore()} lets
 * traffic flow again. Blocking java.nio channels with two pump threads per connection: small and plain.
 */
final class TcpProxy implements AutoCloseable {

    enum Mode { PASS, FROZEN, ANSWERS_HELD, CUT }

    private final ServerSocketChannel server;
    private volatile InetSocketAddress upstream;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;
    private volatile byte[] marker = new byte[0];

    /** One proxied connection: whether its client sent the marker since answers began to be held. */
    private static final class Link {
        volatile boolean marked;
    }

    TcpProxy(int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress("127.0.0.1", upstreamPort);
        this.server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.socket().getLocalPort();
    }

    Mode mode() {
        return mode;
    }

    void freeze() {
        mode = Mode.FROZEN;
    }

    /**
     * From now on, a connection whose client sends {@code marker} (within one read) gets no more bytes from the
     * server until {@link #restore()}; its client's bytes still go through. Other connections pass.
     */
    void holdAnswersAfter(String marker) {
        this.marker = marker.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        mode = Mode.ANSWERS_HELD;
    }

    /** Resets every open connection (RST, not FIN) and refuses new ones until {@link #restore()}. */
    void cut() {
        mode = Mode.CUT;
        open.forEach(this::reset);
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    /**
     * Points the proxy at another server, as a cluster's read-write Service follows a promoted standby:
     * connections to the old one are reset, new ones go to {@code port}.
     */
    void retarget(int port) {
        cut();
        upstream = new InetSocketAddress("127.0.0.1", port);
        restore();
    }

    void restore() {
        mode = Mode.PASS;
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                if (mode == Mode.CUT) {
                    reset(client);
                    continue;
                }
                Thread connector = new Thread(() -> connect(client), "tcp-proxy-connect");
                connector.setDaemon(true);
                connector.start();
            } catch (IOException e) {
                if (!closed) {
                    sleep(10);
                }
            }
        }
    }

    private void connect(SocketChannel client) {
        open.add(client);
        awaitPassing(client, false);
        SocketChannel server;
        try {
            if (mode == Mode.CUT || !client.isOpen()) {
                throw new IOException("cut");
            }
            server = SocketChannel.open(upstream);
        } catch (IOException e) {
            reset(client);
            return;
        }
        open.add(server);
        Link link = new Link();
        pump(client, server, link, false);
        pump(server, client, link, true);
    }

    private void pump(SocketChannel from, SocketChannel to, Link link, boolean answers) {
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    if (!answers && mode == Mode.ANSWERS_HELD && contains(buffer, marker)) {
                        link.marked = true;
                    }
                    awaitPassing(from, answers && link.marked);
                    if (mode == Mode.CUT) {
                        break;
                    }
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException ignored) {
                // The peer or a cut closed it: both sides go.
            }
            reset(from);
            reset(to);
        }, "tcp-proxy-" + (answers ? "down" : "up"));
        thread.setDaemon(true);
        thread.start();
    }

    private static boolean contains(ByteBuffer buffer, byte[] marker) {
        outer:
        for (int i = buffer.position(); i <= buffer.limit() - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer.get(i + j) != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Holds the caller while its direction is stopped; returns at once when it passes or is cut. */
    private void awaitPassing(SocketChannel channel, boolean heldAnswers) {
        synchronized (gate) {
            while ((mode == Mode.FROZEN || (heldAnswers && mode == Mode.ANSWERS_HELD)) && channel.isOpen() && !closed) {
                try {
                    gate.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void reset(SocketChannel channel) {
        open.remove(channel);
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException ignored) {
            // Already closed.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        restore();
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing.
        }
        open.forEach(this::reset);
    }
}
