// EXPECT: no race
package racecorpus.safe;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A handler writes a plain field, then a file; the main thread reads the file until the handler's bytes are there,
 * then reads the field. A file's write happens before the reads that follow it (its path's sync object), as Go's race
 * build orders I/O: once through {@code FileOutputStream}/{@code FileInputStream}, once through two {@code
 * RandomAccessFile}s, once through {@code Files.writeString} and a {@code FileChannel} ({@code FileChannelImpl}). The
 * main thread opens its three files before the handler starts: opening and closing a file takes the JDK's cleaner
 * list lock, which would order the two threads by itself.
 */
public final class FileHandoff {
  private int viaStreams;
  private int viaRandomAccess;
  private int viaChannels;

  public static void main(String[] args) throws Exception {
    FileHandoff box = new FileHandoff();
    Path streams = Files.createTempFile("racekit-streams", ".txt");
    Path randomAccess = Files.createTempFile("racekit-random", ".txt");
    Path channels = Files.createTempFile("racekit-channels", ".txt");
    try (FileInputStream streamIn = new FileInputStream(streams.toFile());
        RandomAccessFile randomIn = new RandomAccessFile(randomAccess.toFile(), "r");
        FileChannel channelIn = FileChannel.open(channels)) {
      Thread handler = new Thread(() -> {
        try (FileOutputStream streamOut = new FileOutputStream(streams.toFile());
            RandomAccessFile randomOut = new RandomAccessFile(randomAccess.toFile(), "rw")) {
          box.viaStreams = 1;
          streamOut.write(1);
          box.viaRandomAccess = 2;
          randomOut.write(new byte[] {2});
          box.viaChannels = 3;
          Files.writeString(channels, "3");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "handler");
      handler.start();
      while (streamIn.read() < 0) {
        Thread.onSpinWait();
      }
      int sum = box.viaStreams;
      while (randomIn.read() < 0) {
        Thread.onSpinWait();
      }
      sum += box.viaRandomAccess;
      while (channelIn.read(ByteBuffer.allocate(1), 0) <= 0) {
        Thread.onSpinWait();
      }
      sum += box.viaChannels;
      handler.join();
      System.out.println("sum=" + sum);
    } finally {
      Files.delete(streams);
      Files.delete(randomAccess);
      Files.delete(channels);
    }
  }
}
