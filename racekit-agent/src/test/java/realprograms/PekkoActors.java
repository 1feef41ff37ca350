package realprograms;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Apache Pekko's typed actors under the agent: four threads send 1,000 numbers each to one actor, which sums them
 * in plain state of its own (an actor handles one message at a time, on whichever dispatcher thread runs it) and
 * completes a future after the last one. Prints the sum, the same in every run.
 */
public final class PekkoActors {
  static final int SENDERS = 4;
  static final int MESSAGES = 1_000;

  public static void main(String[] args) throws Exception {
    CompletableFuture<Long> result = new CompletableFuture<>();
    Behavior<Integer> summer = Behaviors.setup(ctx -> {
      long[] total = {0};
      int[] received = {0};
      return Behaviors.receiveMessage(i -> {
        total[0] += i;
        if (++received[0] == SENDERS * MESSAGES) {
          result.complete(total[0]);
        }
        return Behaviors.same();
      });
    });
    ActorSystem<Integer> system = ActorSystem.create(summer, "racekit");
    Thread[] senders = new Thread[SENDERS];
    for (int t = 0; t < SENDERS; t++) {
      senders[t] = new Thread(() -> {
        for (int i = 0; i < MESSAGES; i++) {
          system.tell(i);
        }
      }, "sender-" + t);
      senders[t].start();
    }
    for (Thread t : senders) {
      t.join();
    }
    long sum = result.get(120, TimeUnit.SECONDS);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.println("PekkoActors sum=" + sum);
  }
}
