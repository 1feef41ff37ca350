// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.TimeZone;

/** Twin of racy.SharedDateFormat: one SimpleDateFormat per thread, through a ThreadLocal. */
public final class ThreadLocalDateFormat {
  private static final ThreadLocal<SimpleDateFormat> FORMAT = ThreadLocal.withInitial(() -> {
    SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd");
    f.setTimeZone(TimeZone.getTimeZone("UTC"));
    return f;
  });

  public static void main(String[] args) throws InterruptedException {
    String[] out = new String[2];
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread worker = new Thread(() -> {
      out[1] = FORMAT.get().format(new Date(0L));
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    out[0] = FORMAT.get().format(new Date(86_400_000L * 365));
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println(out[0] + " " + out[1]);
  }
}
