// EXPECT: no race
package racecorpus.safe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * {@code SocketRequestReply} over NIO: the handler writes a plain field before each reply; the client reads it after
 * the reply, once through the channel's {@code ByteBuffer} reads and writes and once through the streams of the
 * channel's socket adaptor, which take another path through the JDK.
 */
public final class SocketChannelRequestReply {
  private int data;

  public static void main(String[] args) throws Exception {
    SocketChannelRequestReply box = new SocketChannelRequestReply();
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread handler = new Thread(() -> {
        try (SocketChannel s = server.accept()) {
          ByteBuffer request = ByteBuffer.allocate(1);
          while (s.read(request.clear()) > 0) {
            box.data = box.data + request.get(0);
            s.write(ByteBuffer.wrap(new byte[] {1}));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, "handler");
      handler.start();
      int sum = 0;
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
        client.write(ByteBuffer.wrap(new byte[] {1}));
        client.read(ByteBuffer.allocate(1));
        sum += box.data;
        client.socket().getOutputStream().write(2);
        client.socket().getInputStream().read();
        sum += box.data;
      }
      handler.join();
      System.out.println("sum=" + sum);
    }
  }
}
