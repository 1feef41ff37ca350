// EXPECT: no race
package racecorpus.safe;

import java.util.concurrent.CompletableFuture;

/** Twin of racy.CompletableFutureSideEffect: the stages pass a mutable object along a chain, main reads after join. */
public final class CompletableFutureChain {
  static final class State {
    StringBuilder log = new StringBuilder();
  }

  public static void main(String[] args) {
    State s = new State();
    CompletableFuture<State> chain = CompletableFuture.supplyAsync(() -> {
      s.log.append("supply;");
      return s;
    }).thenApplyAsync(st -> {
      st.log.append("apply;");
      return st;
    }).thenCombine(CompletableFuture.supplyAsync(() -> "other"), (st, other) -> {
      st.log.append(other).append(';');
      return st;
    });
    State done = chain.join();
    done.log.append("main");
    System.out.println("log=" + done.log);
  }
}
