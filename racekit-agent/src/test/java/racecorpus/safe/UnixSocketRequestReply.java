// EXPECT: no race
package racecorpus.safe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code SocketChannelRequestReply} over a Unix domain socket: the handler writes a plain field before each reply;
 * the client reads it after the reply. A connection's bytes order the write before the read that receives them
 * (the server socket's path names the sync object).
 */
public final class UnixSocketRequestReply {
  private int data;

  public static void main(String[] args) throws Exception {
    UnixSocketRequestReply box = new UnixSocketRequestReply();
    Path dir = Files.createTempDirectory("racekit-unix");
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("socket"));
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(address);
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
      try (SocketChannel client = SocketChannel.open(address)) {
        for (int i = 1; i <= 3; i++) {
          client.write(ByteBuffer.wrap(new byte[] {(byte) i}));
          client.read(ByteBuffer.allocate(1));
          sum += box.data;
        }
      }
      handler.join();
      System.out.println("sum=" + sum);
    } finally {
      Files.deleteIfExists(address.getPath());
      Files.delete(dir);
    }
  }
}
