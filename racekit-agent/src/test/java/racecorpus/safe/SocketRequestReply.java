// EXPECT: no race
package racecorpus.safe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A client and a server in one JVM, one connection kept open for three requests: the server writes a plain field,
 * then replies; the client reads the field after the reply arrived. The bytes order the two threads as Go's race
 * build and ThreadSanitizer order them (a write on a connection before the read that receives it), though the JMM
 * names no such edge; the connection is accepted once, so nothing else orders the later rounds.
 */
public final class SocketRequestReply {
  private int data;

  public static void main(String[] args) throws Exception {
    SocketRequestReply box = new SocketRequestReply();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread handler = new Thread(() -> {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          for (int request; (request = in.read()) >= 0; ) {
            box.data = box.data + request; // answered below: the client reads it after the reply
            out.write(1);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, "handler");
      handler.start();
      int sum = 0;
      try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort())) {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        for (int i = 1; i <= 3; i++) {
          out.write(i);
          in.read();
          sum += box.data;
        }
      }
      handler.join();
      System.out.println("sum=" + sum);
    }
  }
}
