// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.Blocked;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.Pipe;

/**
 * The interrupter writes, then interrupts a thread blocked reading an empty pipe: the interrupt closes the channel
 * and the reader gets {@code ClosedByInterruptException}, which is how it finds out it was interrupted (JLS 17.4.4),
 * so the write is ordered before the reader's read. The reader never asks for its interrupt status.
 */
public final class ChannelInterruptHandoff {
  private int data;

  public static void main(String[] args) throws Exception {
    ChannelInterruptHandoff box = new ChannelInterruptHandoff();
    Pipe pipe = Pipe.open();
    int[] seen = new int[1];
    Thread reader = new Thread(() -> {
      try {
        pipe.source().read(ByteBuffer.allocate(1)); // nothing is ever written: ended only by the interrupt
      } catch (ClosedByInterruptException e) {
        seen[0] = box.data;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }, "reader");
    reader.start();
    Blocked.untilInside(reader, "SourceChannel", "read"); // interrupt it inside the read, not before it
    box.data = 42;
    reader.interrupt();
    reader.join();
    pipe.sink().close();
    System.out.println("seen=" + seen[0]);
  }
}
