// EXPECT: no race
package racecorpus.safe;

/** Twin of racy.WrongThreadJoin: main joins the thread that wrote (and writes before starting the other). */
public final class StartJoin {
  private int result;

  public static void main(String[] args) throws InterruptedException {
    StartJoin shared = new StartJoin();
    shared.result = 1; // ordered before both threads by start
    Thread producer = new Thread(() -> shared.result += 1, "producer");
    Thread bystander = new Thread(() -> { }, "bystander");
    producer.start();
    bystander.start();
    bystander.join();
    producer.join();
    shared.result = 3;
    System.out.println("result=" + shared.result);
  }
}
