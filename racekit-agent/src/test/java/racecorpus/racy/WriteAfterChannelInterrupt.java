// EXPECT-RACE: WriteAfterChannelInterrupt.java:31 WriteAfterChannelInterrupt.java:37 | field racecorpus.racy.WriteAfterChannelInterrupt.data
package racecorpus.racy;

import dev.racekit.corpus.Blocked;
import dev.racekit.corpus.InvisibleRendezvous;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.Pipe;

/**
 * Twin of safe.ChannelInterruptHandoff with the write moved after the interrupt: the reader's read follows the
 * interrupt that closed its channel, not the write.
 */
public final class WriteAfterChannelInterrupt {
  private int data;

  public static void main(String[] args) throws Exception {
    WriteAfterChannelInterrupt box = new WriteAfterChannelInterrupt();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Pipe pipe = Pipe.open();
    int[] seen = new int[1];
    Thread reader = new Thread(() -> {
      try {
        pipe.source().read(ByteBuffer.allocate(1)); // nothing is ever written: ended only by the interrupt
      } catch (ClosedByInterruptException e) {
        // interrupted: fall through to the read
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      seen[0] = box.data; // race @1
      meet.arriveAndAwait(1);
    }, "reader");
    reader.start();
    Blocked.untilInside(reader, "SourceChannel", "read"); // interrupt it inside the read, not before it
    reader.interrupt();
    box.data = 42; // race @2
    meet.arriveAndAwait(0);
    reader.join();
    pipe.sink().close();
    System.out.println("seen=" + seen[0]);
  }
}
