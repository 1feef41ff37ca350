// EXPECT: no race
package racecorpus.safe;

import dev.racekit.corpus.InvisibleRendezvous;

/**
 * Tables, enum constants and counters built by static initialisers (now recorded), read by two threads that may
 * each be the one initialising: every use of a class follows the end of its initialisation (JLS 12.4.2), through a
 * static field of another class, the class's own static final field, or its enum constants.
 */
public final class StaticInitialiserTables {
  /** A table its initialiser fills; read through its own static final field. */
  static final class Squares {
    private static final int[] TABLE = new int[64];
    static int built;

    static {
      for (int i = 0; i < TABLE.length; i++) {
        TABLE[i] = i * i;
      }
      built = TABLE.length;
    }

    static int of(int i) {
      return TABLE[i];
    }
  }

  /** Constants with a plain field their constructor sets. */
  enum Unit {
    BYTE(1), KIB(1024), MIB(1024 * 1024);

    int bytes;

    Unit(int bytes) {
      this.bytes = bytes;
    }
  }

  /** A holder whose plain static the other class reads. */
  static final class Names {
    static String[] names = {"zero", "one", "two"};
  }

  static String use(int i) {
    return Squares.of(i) + "/" + Squares.built + "/" + Unit.values()[i % 3].bytes + "/" + Unit.MIB.bytes + "/"
        + Names.names[i % 3].length();
  }

  public static void main(String[] args) throws InterruptedException {
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    String[] seen = new String[2];
    Thread worker = new Thread(() -> {
      seen[1] = use(5);
      meet.arriveAndAwait(1);
    }, "worker-1");
    worker.start();
    seen[0] = use(7);
    meet.arriveAndAwait(0);
    worker.join();
    System.out.println("seen " + seen[0] + " " + seen[1]);
  }
}
