package dev.slipway.localcloud.ecr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP listener that turns away TLS and passes plain HTTP through to an internal port.
 *
 * <p>Podman talks to an "insecure" registry by trying HTTPS first and falling back to HTTP. The JDK
 * HTTP server does not recognise a TLS ClientHello and waits ~10 s for a request line that never
 * comes, so every podman call would stall. Closing TLS connections at once makes podman fall back
 * to HTTP immediately, as it does against the Go registry.
 */
final class PlainHttpOnly implements AutoCloseable {
  private static final int TLS_HANDSHAKE = 0x16;

  private final ServerSocket listener;
  private final int internalPort;
  private final Thread acceptor;

  private PlainHttpOnly(ServerSocket listener, int internalPort) {
    this.listener = listener;
    this.internalPort = internalPort;
    this.acceptor = Thread.ofPlatform().daemon().name("ecr-front-accept").unstarted(this::accept);
  }

  static PlainHttpOnly start(int port, int internalPort) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    PlainHttpOnly front = new PlainHttpOnly(listener, internalPort);
    front.acceptor.start();
    return front;
  }

  int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing a listener cannot fail in a way that matters here
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Thread.ofVirtual().start(() -> serve(client));
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setTcpNoDelay(true);
      InputStream in = client.getInputStream();
      int first = in.read();
      if (first < 0 || first == TLS_HANDSHAKE) {
        return;
      }
      try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), internalPort)) {
        backend.setTcpNoDelay(true);
        OutputStream toBackend = backend.getOutputStream();
        toBackend.write(first);
        Thread upstream =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        in.transferTo(toBackend);
                        backend.shutdownOutput();
                      } catch (IOException ignored) {
                        // the other direction notices and ends the connection
                      }
                    });
        try {
          backend.getInputStream().transferTo(client.getOutputStream());
        } finally {
          client.shutdownOutput();
          upstream.join(java.time.Duration.ofSeconds(5));
        }
      }
    } catch (IOException ignored) {
      // a dropped connection is the client's to retry
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
