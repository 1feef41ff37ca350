// EXPECT: no race
package racecorpus.safe;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Two threads format time stamps with a zone name, as an HTTP date header does. {@code java.time}, which is not
 * instrumented, asks the JDK's locale data providers for the name directly; they fill their caches (in
 * {@code java.util} collections) under synchronisation the agent does not see, so their methods run ignored whoever
 * calls them.
 */
public final class ZoneNameFormatFromTwoThreads {
  public static void main(String[] args) throws InterruptedException {
    DateTimeFormatter rfc1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US)
        .withZone(ZoneId.of("GMT"));
    DateTimeFormatter paris = DateTimeFormatter.ofPattern("HH:mm zzzz", Locale.FRANCE)
        .withZone(ZoneId.of("Europe/Paris"));
    int[] lengths = new int[2];
    Thread[] threads = new Thread[2];
    for (int i = 0; i < threads.length; i++) {
      int id = i;
      threads[i] = new Thread(() -> {
        for (int j = 0; j < 20; j++) {
          Instant t = Instant.ofEpochSecond(1_700_000_000L + 3_600L * j);
          lengths[id] += rfc1123.format(t).length() + paris.format(t).length();
        }
      }, "formatter-" + i);
    }
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("lengths=" + lengths[0] + "," + lengths[1]);
  }
}
