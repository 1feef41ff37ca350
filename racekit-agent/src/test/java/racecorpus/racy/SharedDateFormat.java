// EXPECT-RACE-VIA: SharedDateFormat.java:17 SharedDateFormat.java:21 | *
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.TimeZone;

/** One SimpleDateFormat shared by two threads: its Calendar is mutated by every format call. */
public final class SharedDateFormat {
  public static void main(String[] args) throws InterruptedException {
    SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd");
    format.setTimeZone(TimeZone.getTimeZone("UTC"));
    String[] out = new String[2];
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      out[1] = format.format(new Date(0L)); // race @1
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    out[0] = format.format(new Date(86_400_000L * 365)); // race @2
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("formatted " + out.length);
  }
}
