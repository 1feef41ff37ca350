package racecorpus.smoke;

import dev.racekit.corpus.InvisibleRendezvous;

/** A read reached through a helper at a different depth on each iteration, then racing with a worker's write. */
public class SmokeLoopStack {
  int count;

  int read() {
    return count; // line 10
  }

  static int down(SmokeLoopStack s, int n) {
    return n == 0 ? s.read() : down(s, n - 1); // line 14
  }

  public static void main(String[] args) throws Exception {
    SmokeLoopStack s = new SmokeLoopStack();
    int sum = 0;
    for (int i = 0; i < 1000; i++) {
      sum += down(s, i % 3); // line 21: one to three frames of down() on each iteration
    }
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    Thread t = new Thread(() -> {
      s.count = 7; // line 25
      meet.arriveAndAwait(1);
    }, "writer");
    t.start();
    sum += down(s, 2); // line 29: three frames of down()
    meet.arriveAndAwait(0);
    t.join();
    System.out.println("sum=" + sum);
  }
}
