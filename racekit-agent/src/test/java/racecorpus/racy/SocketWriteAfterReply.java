// EXPECT-RACE: SocketWriteAfterReply.java:32 SocketWriteAfterReply.java:45 | field racecorpus.racy.SocketWriteAfterReply.data
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * {@code SocketRequestReply} with the handler's write after its reply: the reply orders what came before it, not
 * what the handler does next, so the client's read of the field races with that write.
 */
public final class SocketWriteAfterReply {
  private int data;

  public static void main(String[] args) throws Exception {
    SocketWriteAfterReply box = new SocketWriteAfterReply();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread handler = new Thread(() -> {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          if (in.read() < 0) {
            throw new IllegalStateException("no request");
          }
          out.write(1);
          box.data = 42; // race @1
          meet.arriveAndAwait(1);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, "handler");
      handler.start();
      int seen;
      try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort())) {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        out.write(1);
        in.read();
        seen = box.data; // race @2
        meet.arriveAndAwait(0);
      }
      handler.join();
      System.out.println("seen " + (seen == 0 || seen == 42));
    }
  }
}
