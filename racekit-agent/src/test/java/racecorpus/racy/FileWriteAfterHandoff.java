// EXPECT-RACE: FileWriteAfterHandoff.java:26 FileWriteAfterHandoff.java:33 | field racecorpus.racy.FileWriteAfterHandoff.data
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code FileHandoff} with the handler's write after the file's: the file orders what its writer did before writing
 * it, not what the writer does next, so the main thread's read of the field races with that write.
 */
public final class FileWriteAfterHandoff {
  private int data;

  public static void main(String[] args) throws Exception {
    FileWriteAfterHandoff box = new FileWriteAfterHandoff();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Path file = Files.createTempFile("racekit-after", ".txt");
    try {
      Thread handler = new Thread(() -> {
        try {
          Files.writeString(file, "ready");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        box.data = 42; // race @1
        meet.arriveAndAwait(1);
      }, "handler");
      handler.start();
      while (Files.readAllBytes(file).length == 0) {
        Thread.onSpinWait();
      }
      int seen = box.data; // race @2
      meet.arriveAndAwait(0);
      handler.join();
      System.out.println("seen " + (seen == 0 || seen == 42));
    } finally {
      Files.delete(file);
    }
  }
}
