// EXPECT-RACE: SocketOtherConnection.java:39 SocketOtherConnection.java:58 | field racecorpus.racy.SocketOtherConnection.data
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
 * A connection orders its own two ends only: the writer sends on one connection after its write, a second thread
 * sends on another connection after that (in time, through a rendezvous the detector does not see), and main reads
 * the field after receiving from the second connection. Nothing orders the writer before main; with one sync object
 * for all sockets (as Go's and ThreadSanitizer's I/O edges have) this race would be hidden on this schedule.
 */
public final class SocketOtherConnection {
  private int data;

  public static void main(String[] args) throws Exception {
    SocketOtherConnection box = new SocketOtherConnection();
    InvisibleRendezvous sent = new InvisibleRendezvous(2);
    InvisibleRendezvous done = new InvisibleRendezvous(2);
    try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
        Socket firstClient = new Socket(server.getInetAddress(), server.getLocalPort());
        Socket firstServer = server.accept();
        Socket secondClient = new Socket(server.getInetAddress(), server.getLocalPort());
        Socket secondServer = server.accept()) {
      OutputStream firstOut = firstClient.getOutputStream();
      OutputStream secondOut = secondServer.getOutputStream();
      InputStream secondIn = secondClient.getInputStream();
      secondOut.write(0); // each path once before the threads start: a class loaded later would order them
      secondIn.read();
      firstOut.write(0);
      Thread writer = new Thread(() -> {
        try {
          box.data = 42; // race @1
          firstOut.write(1);
          sent.arriveAndAwait(0);
          done.arriveAndAwait(1);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, "writer");
      Thread relay = new Thread(() -> {
        try {
          sent.arriveAndAwait(1);
          secondOut.write(1);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, "relay");
      writer.start();
      relay.start();
      secondIn.read();
      int seen = box.data; // race @2
      done.arriveAndAwait(0);
      writer.join();
      relay.join();
      System.out.println("seen " + seen + ", first connection holds " + firstServer.getInputStream().available());
    }
  }
}
