package racecorpus.smoke;

/** A racy program with a shutdown hook of its own that takes a while: the race exit status must not cut it short. */
public class SmokeShutdownHook {
  public static void main(String[] args) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.out.println("program hook finished");
    }, "program-hook"));
    SmokeCounter.main(args);
  }
}
