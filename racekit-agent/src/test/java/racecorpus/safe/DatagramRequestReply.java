// EXPECT: no race
package racecorpus.safe;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * {@code SocketRequestReply} over UDP: a {@code DatagramSocket} server writes a plain field, then sends its reply to a
 * {@code DatagramChannel} client, which reads the field after receiving it. A datagram orders its send before the
 * receive that gets it (the receiving port's sync object), as a connection's bytes do.
 */
public final class DatagramRequestReply {
  private int data;

  public static void main(String[] args) throws Exception {
    DatagramRequestReply box = new DatagramRequestReply();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (DatagramSocket server = new DatagramSocket(0, loopback);
        DatagramChannel client = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0))) {
      Thread handler = new Thread(() -> {
        try {
          byte[] buffer = new byte[8];
          for (int i = 0; i < 3; i++) {
            DatagramPacket request = new DatagramPacket(buffer, buffer.length);
            server.receive(request);
            box.data = box.data + buffer[0]; // answered below: the client reads it after the reply
            server.send(new DatagramPacket(new byte[] {1}, 1, request.getSocketAddress()));
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "handler");
      handler.start();
      int sum = 0;
      for (int i = 1; i <= 3; i++) {
        client.send(ByteBuffer.wrap(new byte[] {(byte) i}), server.getLocalSocketAddress());
        client.receive(ByteBuffer.allocate(8));
        sum += box.data;
      }
      handler.join();
      System.out.println("sum=" + sum);
    }
  }
}
