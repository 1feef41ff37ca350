package realprograms;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A real database engine under the agent: an in-memory H2 database (MVStore, row locks, multi-version concurrency)
 * that four pooled threads, each on its own connection, use for bank transfers, each transfer one transaction of two
 * updates, retried when H2 refuses it (a lock timeout or a deadlock). The money is conserved whatever the schedule:
 * the program prints the total and the row count, which are the same in every run.
 *
 * <p>Usage: {@code H2Bank [transfers per thread]} (default 400).
 */
public final class H2Bank {
  static final String URL = "jdbc:h2:mem:bank;DB_CLOSE_DELAY=-1";
  static final int ACCOUNTS = 100;
  static final int THREADS = 4;
  static final int MAX_ATTEMPTS = 1_000;

  public static void main(String[] args) throws Exception {
    int perThread = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE account(id INT PRIMARY KEY, balance BIGINT NOT NULL)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO account VALUES(?, 1000)")) {
        for (int i = 0; i < ACCOUNTS; i++) {
          insert.setInt(1, i);
          insert.executeUpdate();
        }
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Integer>> tellers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long seed = 31L * (t + 1);
      tellers.add(pool.submit(() -> transfers(seed, perThread)));
    }
    int retries = 0;
    for (Future<Integer> f : tellers) {
      retries += f.get();
    }
    pool.shutdown();
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT SUM(balance), COUNT(*) FROM account")) {
      rs.next();
      System.out.println("H2Bank total=" + rs.getLong(1) + " rows=" + rs.getInt(2));
    }
    System.err.println("H2Bank retried transactions: " + retries);
  }

  /** One teller's transfers on its own connection; returns how many transactions H2 refused and were run again. */
  private static int transfers(long seed, int count) throws SQLException {
    Random rnd = new Random(seed);
    int retries = 0;
    try (Connection c = DriverManager.getConnection(URL);
        PreparedStatement debit = c.prepareStatement("UPDATE account SET balance = balance - ? WHERE id = ?");
        PreparedStatement credit = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?")) {
      c.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        int from = rnd.nextInt(ACCOUNTS);
        int to = rnd.nextInt(ACCOUNTS);
        int amount = 1 + rnd.nextInt(10);
        if (from == to) {
          continue;
        }
        for (int attempt = 1; ; attempt++) {
          try {
            debit.setInt(1, amount);
            debit.setInt(2, from);
            debit.executeUpdate();
            credit.setInt(1, amount);
            credit.setInt(2, to);
            credit.executeUpdate();
            c.commit();
            break;
          } catch (SQLException refused) {
            c.rollback();
            if (attempt == MAX_ATTEMPTS) {
              throw refused; // not a conflict that passes: end the program with H2's reason
            }
            retries++;
          }
        }
      }
    }
    return retries;
  }
}
