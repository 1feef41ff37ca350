import java.util.ArrayList;
import java.util.List;

/** Two tellers deposit into one account with no lock: run it under the agent (see the README) to see the race. */
public class BankAccount {
  private long balance;

  void deposit(long amount) {
    balance = balance + amount; // read and write of the field, unsynchronized
  }

  public static void main(String[] args) throws Exception {
    BankAccount account = new BankAccount();
    List<Thread> tellers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread teller = new Thread(() -> account.deposit(100), "teller-" + i);
      tellers.add(teller);
      teller.start();
    }
    for (Thread teller : tellers) {
      teller.join();
    }
    System.out.println("balance: " + account.balance);
  }
}
