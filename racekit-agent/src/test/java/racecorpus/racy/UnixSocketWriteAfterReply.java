// EXPECT-RACE: UnixSocketWriteAfterReply.java:36 UnixSocketWriteAfterReply.java:47 | field racecorpus.racy.UnixSocketWriteAfterReply.data
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
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
 * {@code UnixSocketRequestReply} with the handler's write after its reply: the reply orders what came before it, not
 * what the handler does next, so the client's read of the field races with that write.
 */
public final class UnixSocketWriteAfterReply {
  private int data;

  public static void main(String[] args) throws Exception {
    UnixSocketWriteAfterReply box = new UnixSocketWriteAfterReply();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Path dir = Files.createTempDirectory("racekit-unix");
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("socket"));
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(address);
      Thread handler = new Thread(() -> {
        try (SocketChannel s = server.accept()) {
          ByteBuffer request = ByteBuffer.allocate(1);
          if (s.read(request) < 0) {
            throw new IllegalStateException("no request");
          }
          s.write(ByteBuffer.wrap(new byte[] {1}));
          box.data = 42; // race @1
          meet.arriveAndAwait(1);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, "handler");
      handler.start();
      int seen;
      try (SocketChannel client = SocketChannel.open(address)) {
        client.write(ByteBuffer.wrap(new byte[] {1}));
        client.read(ByteBuffer.allocate(1));
        seen = box.data; // race @2
        meet.arriveAndAwait(0);
      }
      handler.join();
      System.out.println("seen " + (seen == 0 || seen == 42));
    } finally {
      Files.deleteIfExists(address.getPath());
      Files.delete(dir);
    }
  }
}
