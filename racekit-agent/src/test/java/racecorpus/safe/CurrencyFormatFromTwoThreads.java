// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * Currency and number formats made on two threads at once. The JDK's locale data providers cache bundles, lookup
 * maps and locale sets in fields of their own classes, which the agent does not instrument, and DecimalFormatSymbols
 * stores the currency symbol into the shared cache array on every thread, by design.
 */
public final class CurrencyFormatFromTwoThreads {
  static String format(int i) {
    return NumberFormat.getCurrencyInstance(Locale.US).format(i * 1.25) + " "
        + NumberFormat.getInstance(Locale.GERMANY).format(i * 1000.5);
  }

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    String[] seen = new String[2];
    Thread worker = new Thread(() -> {
      seen[1] = format(3);
      meet.arriveAndAwait(1);
    }, "worker");
    worker.start();
    seen[0] = format(5);
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println(seen[1] + " | " + seen[0]);
  }
}
