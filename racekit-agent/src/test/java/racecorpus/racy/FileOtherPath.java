// EXPECT-RACE: FileOtherPath.java:32 FileOtherPath.java:44 | field racecorpus.racy.FileOtherPath.data
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file orders its own writers before its own readers only: the handler writes the field and then file A, the main
 * thread reads file B (which it wrote itself) after that, then the field. Nothing orders the two accesses; with one
 * sync object for all files, as Go's race build has, this race would be hidden. Both streams are opened before the
 * racy write and closed after the rendezvous: opening and closing a file takes the JDK's cleaner list lock, which
 * would order the two threads by itself.
 */
public final class FileOtherPath {
  private int data;

  public static void main(String[] args) throws Exception {
    FileOtherPath box = new FileOtherPath();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Path a = Files.createTempFile("racekit-a", ".txt");
    Path b = Files.createTempFile("racekit-b", ".txt");
    try {
      try (FileOutputStream out = new FileOutputStream(b.toFile())) {
        out.write(2);
      }
      FileInputStream in = new FileInputStream(b.toFile());
      Thread handler = new Thread(() -> {
        try (FileOutputStream out = new FileOutputStream(a.toFile())) {
          box.data = 42; // race @1
          out.write(1);
          meet.arriveAndAwait(1);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "handler");
      handler.start();
      meet.arriveAndAwait(0);
      if (in.read() != 2) {
        throw new IllegalStateException("file B lost its byte");
      }
      int seen = box.data; // race @2
      in.close();
      handler.join();
      System.out.println("seen " + (seen == 0 || seen == 42));
    } finally {
      Files.delete(a);
      Files.delete(b);
    }
  }
}
