// EXPECT-RACE: CompletableFutureSideEffect.java:15 CompletableFutureSideEffect.java:18 | field racecorpus.racy.CompletableFutureSideEffect.status
package racecorpus.racy;

import dev.racekit.corpus.InvisibleRendezvous;
import java.util.concurrent.CompletableFuture;

/** An async stage and main both write a field; main only joins afterwards. */
public final class CompletableFutureSideEffect {
  private String status = "new";

  public static void main(String[] args) {
    CompletableFutureSideEffect c = new CompletableFutureSideEffect();
    InvisibleRendezvous meet = new InvisibleRendezvous(2);
    CompletableFuture<Void> stage = CompletableFuture.runAsync(() -> {
      c.status = "async"; // race @1
      meet.arriveAndAwait(1);
    });
    c.status = "main"; // race @2
    meet.arriveAndAwait(0);
    stage.join();
    System.out.println("status set " + (c.status != null));
  }
}
