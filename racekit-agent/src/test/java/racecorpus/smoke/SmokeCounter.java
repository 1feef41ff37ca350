package racecorpus.smoke;

/** An unsynchronised counter: main and worker-1 both increment it. */
public class SmokeCounter {
  int count;

  void increment() {
    count++; // line 8
  }

  public static void main(String[] args) throws Exception {
    SmokeCounter c = new SmokeCounter();
    Thread t = new Thread(() -> c.increment(), "worker-1"); // line 13
    t.start(); // line 14
    c.increment(); // line 15
    t.join();
    System.out.println("count=" + c.count);
  }
}
