package racecorpus.smoke;

import dev.racekit.spi.InternalThreads;

/**
 * Two threads of RaceKit's own kind ({@link InternalThreads}) increment one counter with no lock: a race that the
 * agent must not see, since it makes no events on RaceKit's threads. The same two threads made with
 * {@code new Thread} race ({@link SmokeCounter} is that program's twin).
 */
public class SmokeInternalThreads {
  int count;

  public static void main(String[] args) throws Exception {
    SmokeInternalThreads c = new SmokeInternalThreads();
    Runnable work = () -> {
      for (int i = 0; i < 1000; i++) {
        c.count++;
      }
    };
    Thread a = InternalThreads.newThread(work, "internal-a");
    Thread b = InternalThreads.newThread(work, "internal-b");
    a.start();
    b.start();
    a.join();
    b.join();
    System.out.println("internal threads done");
  }
}
