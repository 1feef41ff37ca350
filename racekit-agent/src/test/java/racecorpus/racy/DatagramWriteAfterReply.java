// EXPECT-RACE: DatagramWriteAfterReply.java:31 DatagramWriteAfterReply.java:40 | field racecorpus.racy.DatagramWriteAfterReply.data
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * {@code DatagramRequestReply} with the handler's write after its reply: the reply orders what came before it, not
 * what the handler does next, so the client's read of the field races with that write.
 */
public final class DatagramWriteAfterReply {
  private int data;

  public static void main(String[] args) throws Exception {
    DatagramWriteAfterReply box = new DatagramWriteAfterReply();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (DatagramSocket server = new DatagramSocket(0, loopback);
        DatagramChannel client = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0))) {
      Thread handler = new Thread(() -> {
        try {
          byte[] buffer = new byte[8];
          DatagramPacket request = new DatagramPacket(buffer, buffer.length);
          server.receive(request);
          server.send(new DatagramPacket(new byte[] {1}, 1, request.getSocketAddress()));
          box.data = 42; // race @1
          meet.arriveAndAwait(1);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "handler");
      handler.start();
      client.send(ByteBuffer.wrap(new byte[] {1}), server.getLocalSocketAddress());
      client.receive(ByteBuffer.allocate(8));
      int seen = box.data; // race @2
      meet.arriveAndAwait(0);
      handler.join();
      System.out.println("seen " + (seen == 0 || seen == 42));
    }
  }
}
