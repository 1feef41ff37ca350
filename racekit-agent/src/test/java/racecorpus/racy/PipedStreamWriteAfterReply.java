// EXPECT-RACE: PipedStreamWriteAfterReply.java:31 PipedStreamWriteAfterReply.java:43 | field racecorpus.racy.PipedStreamWriteAfterReply.data
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;

/**
 * {@code PipedStreamRequestReply} with the handler's write after its reply: the reply orders what came before it,
 * not what the handler does next, so the client's read of the field races with that write.
 */
public final class PipedStreamWriteAfterReply {
  private int data;

  public static void main(String[] args) throws Exception {
    PipedStreamWriteAfterReply box = new PipedStreamWriteAfterReply();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    PipedInputStream requests = new PipedInputStream();
    PipedOutputStream requestOut = new PipedOutputStream(requests);
    PipedInputStream replies = new PipedInputStream();
    PipedOutputStream replyOut = new PipedOutputStream(replies);
    Thread handler = new Thread(() -> {
      try {
        if (requests.read() < 0) {
          throw new IllegalStateException("no request");
        }
        replyOut.write(1);
        replyOut.flush();
        box.data = 42; // race @1
        meet.arriveAndAwait(1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "handler");
    handler.start();
    requestOut.write(1);
    requestOut.flush();
    if (replies.read() < 0) {
      throw new IllegalStateException("no reply");
    }
    int seen = box.data; // race @2
    meet.arriveAndAwait(0);
    handler.join();
    System.out.println("seen " + (seen == 0 || seen == 42));
  }
}
