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
 * {@link #cut()} resets every connection and refuses new ones (a partition); {@link #restore()} lets
 * traffic flow again. Blocking java.nio channels with two pump threads per connection: small and plain.
 */
final class TcpProxy implements AutoCloseable {

    enum Mode { PASS, FROZEN, CUT }

    private final ServerSocketChannel server;
    private volatile InetSocketAddress upstream;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

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
        awaitPassing(client);
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
        pump(client, server, "up");
        pump(server, client, "down");
    }

    private void pump(SocketChannel from, SocketChannel to, String direction) {
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    awaitPassing(from);
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
        }, "tcp-proxy-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    /** Holds the caller while the path is frozen; returns at once when it passes or is cut. */
    private void awaitPassing(SocketChannel channel) {
        synchronized (gate) {
            while (mode == Mode.FROZEN && channel.isOpen() && !closed) {
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
